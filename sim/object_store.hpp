// The simulator's in-memory object store: S3 as ARCHITECTURE.md section 3
// models it, applied at the instant a request arrives.
//
// Semantics (one row per operation):
//   PUT If-None-Match: *  200 + new ETag when the key is absent, else 412.
//   PUT If-Match: etag    200 + new ETag when the key holds that ETag; 412
//                         when it holds another; 404 when it is absent.
//   PUT (unconditional)   200 + new ETag; creates or replaces.
//   GET                   200 + body + ETag, or 404 (If-Match, if given: 412
//                         on another ETag).
//   LIST prefix           keys that start with the prefix and sort after
//                         start_after, in lexicographic (byte) order, at most
//                         min(max_keys, 1000) of them, and `truncated` when
//                         more follow. max_keys 0 returns an empty,
//                         untruncated page.
//   DELETE                204 (kOk). If-Match: 412 on another ETag, 404 when
//                         absent. Unconditional DELETE of an absent key is a
//                         204 that changes nothing, as S3 answers it.
// Before any of these: an unknown bucket is NoSuchBucket and a principal
// without the access (read: GET and LIST; write: PUT and DELETE) gets 403.
// 409, 500 and 503 are never produced here: they are injected by the fault
// models in front of the store (sim/engine_network.cpp), because the store
// itself applies one request at a time and has no notion of "in flight". Two creates
// of one key at one instant are two requests applied one after the other: the
// first gets 200, the second 412.
//
// ETags are deterministic: a per-store counter in hex, quoted as S3 quotes
// them. Every request that reaches the store is counted per operation kind
// and priced with the scenario's price table (a LIST page is one request).
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "core/store.hpp"
#include "reports/facts.hpp"
#include "sim/scenario.hpp"

namespace holocron::sim {

// Who sends a request: a node index, or the simulator itself (fault models
// that plant corrupt objects), which bypasses ACLs.
using Principal = std::uint32_t;
inline constexpr Principal kSimulatorPrincipal = UINT32_MAX;

struct Access {
  bool read = true;
  bool write = true;
};

struct StoreObject {
  std::string body;
  std::string etag;
  Principal last_writer = kSimulatorPrincipal;
};

// Requests that reached the store, per operation kind (indexed by OpKind),
// including those that failed.
struct StoreCounters {
  std::array<std::uint64_t, 4> requests{};
  std::uint64_t list_keys_returned = 0;
  std::uint64_t commits = 0;  // requests that changed the store's state
};

class ObjectStore {
 public:
  explicit ObjectStore(const PriceTable& prices) : prices_(prices) {}
  // Not copyable: a bucket's GET cache holds an iterator into its own map, so
  // a copy would look objects up in the original's.
  ObjectStore(const ObjectStore&) = delete;
  ObjectStore& operator=(const ObjectStore&) = delete;
  ObjectStore(ObjectStore&&) = default;
  ObjectStore& operator=(ObjectStore&&) = default;
  ~ObjectStore() = default;

  // Creates an empty bucket whose principals all have `default_access`.
  // The bucket must not exist yet.
  void create_bucket(std::string_view name, Access default_access);
  // Overrides one principal's access to an existing bucket.
  void set_access(std::string_view bucket, Principal principal, Access access);
  [[nodiscard]] bool has_bucket(std::string_view name) const;

  // Objects under (bucket, prefix) are counted separately (the epoch objects
  // of the election, for ObjectCountFact). Call before the first object.
  void watch_prefix(std::string_view bucket, std::string_view prefix);

  // Applies one request from `principal` and writes the answer into
  // `response` (whose buffers are reused). Returns true when the store's
  // state changed (a commit). Counts the request.
  bool apply(Principal principal, const StoreRequest& request, StoreResponse& response);

  // Counts a request that reached the store but was answered by a fault model
  // (a 500, 503 or 409) instead of being applied.
  void count_rejected(OpKind op) { ++counters_.requests[static_cast<std::size_t>(op)]; }

  // Writes an object directly, bypassing ACLs and accounting (fault models
  // that plant corrupt or foreign objects). Returns the new ETag.
  const std::string& put_direct(std::string_view bucket, std::string_view key,
                                std::string_view body);

  // The object at (bucket, key), or nullptr.
  [[nodiscard]] const StoreObject* find(std::string_view bucket, std::string_view key) const;
  // Every key under (bucket, prefix), in lexicographic order (for the rare
  // callers that need them all: planting corrupt objects, tests).
  [[nodiscard]] std::vector<std::string_view> keys(std::string_view bucket,
                                                   std::string_view prefix) const;
  // The lexicographically last key under (bucket, prefix), or empty.
  [[nodiscard]] std::string_view last_key(std::string_view bucket, std::string_view prefix) const;

  [[nodiscard]] std::uint64_t object_count() const { return object_count_; }
  [[nodiscard]] std::uint64_t watched_object_count() const { return watched_object_count_; }
  [[nodiscard]] const StoreCounters& counters() const { return counters_; }
  // Request counts and their cost under the price table.
  [[nodiscard]] reports::OpCounters op_counters() const;

 private:
  struct ContinuedPageKey {
    std::string prefix;
    std::string start_after;
    std::uint32_t page_keys_max = 0;
  };
  struct ContinuedPageView {
    std::string_view prefix;
    std::string_view start_after;
    std::uint32_t page_keys_max = 0;
  };
  // Orders keys and views alike, so a lookup needs no owned strings.
  struct ContinuedPageLess {
    using is_transparent = void;
    template <typename Left, typename Right>
    bool operator()(const Left& left, const Right& right) const {
      return std::tuple(std::string_view(left.prefix), std::string_view(left.start_after),
                        left.page_keys_max) < std::tuple(std::string_view(right.prefix),
                                                         std::string_view(right.start_after),
                                                         right.page_keys_max);
    }
  };
  struct CachedPage {
    ListedObjects page;
    bool truncated = false;
  };
  // More continued pages than this and the cache starts over: a 1,000-key
  // page is about 100 KB, so the cache holds at most about 50 MB per bucket.
  static constexpr std::size_t kContinuedPagesMax = 512;
  // The principals (node indexes) that get a PUT cache entry per bucket.
  static constexpr Principal kPutCachePrincipalsMax = 64;
  // Continued LISTs that may return fewer keys than this are not cached.
  static constexpr std::uint32_t kContinuedPageKeysCachedMin = 2;
  // How many keys before the last one find_for_put compares before it
  // searches the tree.
  static constexpr std::size_t kPutTailKeysWalked = 4;

  struct Bucket {
    std::string name;
    Access default_access;
    std::vector<std::pair<Principal, Access>> overrides;  // sorted by principal
    std::map<std::string, StoreObject, std::less<>> objects;
    // Bumped by every change to `objects`: a cached LIST page is valid only
    // for the generation it was built at.
    std::uint64_t generation = 0;
    // Bumped by every erase from `objects`, the only change that can leave a
    // map iterator dangling (a PUT to an existing key changes its value in
    // place).
    std::uint64_t erasures = 0;
    // The object the last successful GET found: followers GET the same lock
    // object round after round, and comparing its key once is cheaper than a
    // map search of several key comparisons. Valid while `erasures` is
    // unchanged.
    struct GetCache {
      std::uint64_t erasures = UINT64_MAX;  // UINT64_MAX: empty
      std::map<std::string, StoreObject, std::less<>>::const_iterator found;
    } get_cache;
    // Per principal below kPutCachePrincipalsMax, the object its last PUT
    // found by a map search, valid on the same terms as get_cache. In the
    // shared layout with published state, the last key of the bucket is the
    // highest node's state key, so apply_put's last-key shortcut misses every
    // other node's heartbeat and every lock write; each node rewrites its
    // own state key, and a leader renews the lock object that the followers'
    // GETs leave in get_cache. Grown on a principal's first PUT.
    struct PutCache {
      std::uint64_t erasures = UINT64_MAX;  // UINT64_MAX: empty
      std::map<std::string, StoreObject, std::less<>>::iterator found;
    };
    std::vector<PutCache> put_cache;
    // The last page a LIST from the start of a prefix returned. Between two
    // writes, every node's round LIST asks for this same page; sharing it
    // (ListedObjects is copy-on-write) replaced copying every listed key into
    // every response, the largest cost of a thousand-node run.
    struct ListCache {
      std::uint64_t generation = UINT64_MAX;  // UINT64_MAX: empty
      std::string prefix;
      std::uint32_t page_keys_max = 0;
      ListedObjects page;
      bool truncated = false;
    } list_cache;
    // Pages of LISTs that continue after a key (start_after): a prefix of
    // more than 1,000 keys (naive without garbage collection) is listed page
    // by page every round, and building each page copied a thousand keys.
    // A cached page stays valid until a write lands inside the key range it
    // covers (see forget_pages_covering), so appending a new epoch key only
    // drops the last page. Bounded by kContinuedPagesMax.
    std::map<ContinuedPageKey, CachedPage, ContinuedPageLess> continued_pages;
  };

  // Whether two strings hold the same bytes, compared eight at a time in
  // line: nearly every request's bucket name and nearly every LIST's prefix
  // equal the ones a cache holds, and a call of memcmp for twenty bytes
  // cost more than the comparison (callgrind, holobench 1,000 x 60 s).
  static bool same_bytes(std::string_view left, std::string_view right) {
    const std::size_t size = left.size();
    if (size != right.size()) return false;
    if (size < 8) return left == right;
    std::size_t offset = 0;
    for (; offset + 8 < size; offset += 8) {
      if (word_at(left, offset) != word_at(right, offset)) return false;
    }
    // The last eight bytes, overlapping the words already compared.
    return word_at(left, size - 8) == word_at(right, size - 8);
  }
  static std::uint64_t word_at(std::string_view text, std::size_t offset) {
    std::uint64_t word = 0;
    std::memcpy(&word, text.data() + offset, sizeof word);
    return word;
  }

  // Nearly every request names the bucket the previous one named. This check
  // is defined here so that apply() inlines it; the map search is out of
  // line (a call of its own cost more than the check).
  Bucket* find_bucket(std::string_view name) {
    if (last_found_bucket_ < buckets_.size()) {
      Bucket& last_found = buckets_[last_found_bucket_];
      if (same_bytes(last_found.name, name)) return &last_found;
    }
    return find_bucket_in_index(name);
  }
  // find_bucket's search by name; remembers the bucket it finds.
  Bucket* find_bucket_in_index(std::string_view name);
  [[nodiscard]] const Bucket* find_bucket(std::string_view name) const;
  [[nodiscard]] static Access access_of(const Bucket& bucket, Principal principal);
  [[nodiscard]] bool is_watched(const Bucket& bucket, std::string_view key) const;
  void next_etag(std::string& out);
  bool apply_put(Bucket& bucket, Principal principal, const StoreRequest& request,
                 StoreResponse& response);
  // apply_put's search for an existing key below the bucket's last key: the
  // principal's PUT cache, then the GET cache, then the few keys before the
  // last one, then the map.
  std::map<std::string, StoreObject, std::less<>>::iterator find_for_put(Bucket& bucket,
                                                                         Principal principal,
                                                                         const std::string& key);
  void apply_get(Bucket& bucket, const StoreRequest& request, StoreResponse& response);
  void apply_list(Bucket& bucket, const StoreRequest& request, StoreResponse& response);
  // apply_list past its cache: a continued page, or a page built from the
  // bucket's keys. Out of line, so that the cache hit (about seven LISTs in
  // eight in a thousand-node naive run) is a short function of its own
  // instead of the entry to 7 KB of code: 1.4 M fewer instructions and 36,000
  // fewer instruction-cache misses a minute (fully associative 32 KB model).
  [[gnu::noinline]] void apply_list_uncached(Bucket& bucket, const StoreRequest& request,
                                             StoreResponse& response, std::uint32_t page_keys_max);
  // Caches a continued page just built (out of line: a thousand-node naive
  // run builds none, and its code was part of every page's build).
  [[gnu::noinline]] static void cache_continued_page(Bucket& bucket,
                                                     const ContinuedPageView& page_key,
                                                     const StoreResponse& response);
  // Drops the cached continued pages a write of `key` changes (`removed`:
  // the write deletes the key, which can also end a page's truncation).
  static void forget_pages_covering(Bucket& bucket, std::string_view key, bool removed);
  bool apply_delete(Bucket& bucket, const StoreRequest& request, StoreResponse& response);
  // A page to build a LIST answer of at most page_keys_max keys in: the
  // oldest spare page of its queue when nothing else holds it any more, else
  // a new one.
  std::shared_ptr<std::vector<ListedObject>> take_spare_page(std::uint32_t page_keys_max);
  // The spare queue of LISTs of at most page_keys_max keys.
  std::deque<std::shared_ptr<std::vector<ListedObject>>>& spare_queue(std::uint32_t page_keys_max);
  // Queues a page just handed out for reuse once every holder lets it go.
  void keep_spare_page(std::uint32_t page_keys_max,
                       const std::shared_ptr<std::vector<ListedObject>>& page);

  // Pages of at most kSparePageKeysMax keys handed out by apply_list, oldest
  // first, kept for reuse: in a thousand-node run a page is rebuilt after
  // every write, and a new page cost one allocation per listed key (a key is
  // longer than std::string's inline buffer) and as many frees a round later.
  // A spare page is reused only when its queue holds its last reference, so
  // no response, cache or core can see it change. One-key LISTs (naive's
  // confirming LIST) have their own queue: taking each other's pages, a full
  // page would grow a one-key page again, key by key, and a one-key page
  // would free a full page's keys.
  static constexpr std::size_t kSparePageKeysMax = 64;
  static constexpr std::size_t kSparePagesMax = 4096;
  std::array<std::deque<std::shared_ptr<std::vector<ListedObject>>>, 2> spare_pages_;
  PriceTable prices_;
  // Buckets in creation order; the map only finds them by name.
  std::vector<Bucket> buckets_;
  std::map<std::string, std::size_t, std::less<>> bucket_index_;
  std::size_t last_found_bucket_ = SIZE_MAX;  // find_bucket's one-entry cache
  std::size_t watched_bucket_ = SIZE_MAX;
  std::string watched_prefix_;
  std::uint64_t etag_counter_ = 0;
  std::uint64_t object_count_ = 0;
  std::uint64_t watched_object_count_ = 0;
  StoreCounters counters_;
};

}  // namespace holocron::sim
