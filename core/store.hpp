// The object-store protocol as values. The core emits StoreRequests and is fed
// StoreResponses; it never performs IO itself. The model is S3 as it is today
// (see ARCHITECTURE.md section 3): conditional PUT with If-None-Match: * or
// If-Match: etag, GET, LIST with prefix/start-after/max-keys in lexicographic
// order at most 1,000 keys a page, DELETE with an optional If-Match.
//
// Every failure a store can return is a Status value, never an exception.
// `Timeout` means the outcome is unknown: the request may or may not have been
// applied, and the core must treat it as neither won nor lost.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/listed_objects.hpp"

namespace holocron {

enum class OpKind : std::uint8_t { kList, kGet, kPut, kDelete };

enum class Condition : std::uint8_t {
  kNone,         // unconditional
  kIfNoneMatch,  // If-None-Match: *  (create only)
  kIfMatch,      // If-Match: <etag>  (replace or delete only that version)
};

// The statuses an S3-like store returns, with their HTTP codes in comments.
enum class Status : std::uint8_t {
  kOk,                  // 200 / 204
  kPreconditionFailed,  // 412: the key exists (If-None-Match) or its ETag changed (If-Match)
  kConflict,            // 409: a conflicting conditional write to the same key was in flight
  kNotFound,            // 404: no such key
  kNoSuchBucket,        // 404 NoSuchBucket: the bucket does not exist (a configuration error)
  kForbidden,           // 403: the principal may not do this (ACL)
  kSlowDown,            // 503 SlowDown: throttled; retry with backoff
  kInternalError,       // 500: transient store failure; retry with backoff
  kTimeout,             // no response in time: the outcome is unknown
};

// The largest page a LIST may return, as S3 defines it.
inline constexpr std::uint32_t kListPageKeysMax = 1000;

// The fields are in the order a naive round uses them: the small ones
// first, then the bucket and key every request names, then a LIST's
// start_after and a PUT's body, and last the ETag, which only an If-Match
// request sets. A core keeps its requests in cache-line-aligned entries
// (core/elector_base.hpp); in this order a round's LIST and PUT touch three
// of an entry's four lines instead of all four (10,000 nodes, cachegrind
// with an 8 MB last-level cache).
struct StoreRequest {
  OpKind op = OpKind::kGet;
  Condition condition = Condition::kNone;
  std::uint32_t max_keys = kListPageKeysMax;  // for LIST, 1..kListPageKeysMax
  std::string bucket;
  std::string key;          // for LIST: the prefix
  std::string start_after;  // for LIST
  std::string body;         // for PUT
  std::string etag;         // for Condition::kIfMatch (a core sets it only then)

  // Member-wise, so that drivers and cores exchanging requests swap string
  // buffers instead of moving through a temporary. A pair of empty strings is
  // left alone: both sides stay empty either way, and most requests leave
  // two or three of the five fields empty (a LIST has no etag and no body, a
  // PUT no start_after), where libstdc++'s out-of-line swap was the largest
  // part of polling a request.
  friend void swap(StoreRequest& a, StoreRequest& b) noexcept {
    std::swap(a.op, b.op);
    std::swap(a.condition, b.condition);
    std::swap(a.max_keys, b.max_keys);
    // Nearly every request names the election bucket: equal names stay put
    // (a short name lives inside the string, and swapping two of those
    // copies bytes three times, where comparing them reads them once).
    if (a.bucket != b.bucket) a.bucket.swap(b.bucket);
    swap_unless_both_empty(a.key, b.key);
    swap_unless_both_empty(a.start_after, b.start_after);
    swap_unless_both_empty(a.body, b.body);
    swap_unless_both_empty(a.etag, b.etag);
  }

 private:
  static void swap_unless_both_empty(std::string& a, std::string& b) noexcept {
    if (a.empty() && b.empty()) return;
    a.swap(b);
  }
};

struct StoreResponse {
  Status status = Status::kOk;
  std::string etag;  // PUT and GET success: the object's (new) ETag
  std::string body;  // GET success
  // LIST success, in lexicographic key order. A shareable page (see
  // core/listed_objects.hpp): a store can answer many LISTs with one page.
  ListedObjects objects;
  bool truncated = false;  // LIST: more keys follow the last one returned
};

// Identifies one request of one core instance; the driver echoes it back with
// the response. Ids are never reused by an instance.
using RequestId = std::uint64_t;

struct OutgoingRequest {
  RequestId id = 0;
  StoreRequest request;

  friend void swap(OutgoingRequest& a, OutgoingRequest& b) noexcept {
    std::swap(a.id, b.id);
    swap(a.request, b.request);
  }
};

// Short stable names, used in traces, reports and error messages.
[[nodiscard]] std::string_view to_string(OpKind op);
[[nodiscard]] std::string_view to_string(Status status);
[[nodiscard]] int http_code(Status status);  // 0 for kTimeout
// True for the statuses a correct client retries with backoff (409, 503, 500).
[[nodiscard]] bool is_retryable(Status status);

}  // namespace holocron
