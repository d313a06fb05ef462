#include "sim/object_store.hpp"

#include <algorithm>
#include <cstring>
#include <iterator>
#include <memory>

#include "core/assert.hpp"

namespace holocron::sim {

namespace {

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && text.compare(0, prefix.size(), prefix) == 0;
}

// Copies `from` over `to`. A spare page's key or ETag nearly always has the
// length of the one replacing it (epoch keys and ETags are fixed-width), and
// then the bytes are copied over the old ones in place: std::string::assign
// first checks for aliasing and capacity and writes the terminator again.
void copy_over(std::string& to, const std::string& from) {
  if (to.size() == from.size()) {
    std::memcpy(to.data(), from.data(), from.size());
    return;
  }
  to.assign(from);
}

bool is_write(OpKind op) {
  return op == OpKind::kPut || op == OpKind::kDelete;
}

void clear_response(StoreResponse& response) {
  response.status = Status::kOk;
  response.etag.clear();
  response.body.clear();
  response.objects.clear();
  response.truncated = false;
}

}  // namespace

void ObjectStore::create_bucket(std::string_view name, Access default_access) {
  HOLO_ASSERT(!name.empty());
  HOLO_ASSERT(find_bucket(name) == nullptr);
  buckets_.push_back(Bucket{std::string(name), default_access, {}, {}});
  bucket_index_.emplace(std::string(name), buckets_.size() - 1);
}

void ObjectStore::set_access(std::string_view bucket_name, Principal principal, Access access) {
  Bucket* bucket = find_bucket(bucket_name);
  HOLO_ASSERT(bucket != nullptr);
  auto& overrides = bucket->overrides;
  const auto position = std::lower_bound(
      overrides.begin(), overrides.end(), principal,
      [](const std::pair<Principal, Access>& entry, Principal p) { return entry.first < p; });
  if (position != overrides.end() && position->first == principal) {
    position->second = access;
  } else {
    overrides.insert(position, {principal, access});
  }
}

bool ObjectStore::has_bucket(std::string_view name) const {
  return find_bucket(name) != nullptr;
}

void ObjectStore::watch_prefix(std::string_view bucket_name, std::string_view prefix) {
  const auto found = bucket_index_.find(bucket_name);
  HOLO_ASSERT(found != bucket_index_.end());
  HOLO_ASSERT(buckets_[found->second].objects.empty());
  watched_bucket_ = found->second;
  watched_prefix_ = std::string(prefix);
}

ObjectStore::Bucket* ObjectStore::find_bucket_in_index(std::string_view name) {
  const auto found = bucket_index_.find(name);
  if (found == bucket_index_.end()) return nullptr;
  last_found_bucket_ = found->second;
  return &buckets_[found->second];
}

const ObjectStore::Bucket* ObjectStore::find_bucket(std::string_view name) const {
  const auto found = bucket_index_.find(name);
  return found == bucket_index_.end() ? nullptr : &buckets_[found->second];
}

// Inline: every request asks, and in most runs no bucket has an override.
inline Access ObjectStore::access_of(const Bucket& bucket, Principal principal) {
  if (principal == kSimulatorPrincipal) return Access{true, true};
  if (bucket.overrides.empty()) return bucket.default_access;
  const auto position = std::lower_bound(
      bucket.overrides.begin(), bucket.overrides.end(), principal,
      [](const std::pair<Principal, Access>& entry, Principal p) { return entry.first < p; });
  if (position != bucket.overrides.end() && position->first == principal) return position->second;
  return bucket.default_access;
}

bool ObjectStore::is_watched(const Bucket& bucket, std::string_view key) const {
  return watched_bucket_ != SIZE_MAX && &buckets_[watched_bucket_] == &bucket &&
         starts_with(key, watched_prefix_);
}

void ObjectStore::next_etag(std::string& out) {
  // Quoted lower-case hex of a per-store counter: deterministic, unique for
  // the store's lifetime, and shaped like an S3 ETag.
  static constexpr char kHexDigits[] = "0123456789abcdef";
  ++etag_counter_;
  char digits[16];
  int count = 0;
  for (std::uint64_t value = etag_counter_; value != 0; value >>= 4) {
    digits[count++] = kHexDigits[value & 0xf];
  }
  out.assign(1, '"');
  while (count > 0) out.push_back(digits[--count]);
  out.push_back('"');
}

bool ObjectStore::apply(Principal principal, const StoreRequest& request, StoreResponse& response) {
  clear_response(response);
  ++counters_.requests[static_cast<std::size_t>(request.op)];
  Bucket* bucket = find_bucket(request.bucket);
  if (bucket == nullptr) {
    response.status = Status::kNoSuchBucket;
    return false;
  }
  const Access access = access_of(*bucket, principal);
  if (is_write(request.op) ? !access.write : !access.read) {
    response.status = Status::kForbidden;
    return false;
  }
  bool applied = false;
  switch (request.op) {
    case OpKind::kPut:
      applied = apply_put(*bucket, principal, request, response);
      break;
    case OpKind::kGet:
      apply_get(*bucket, request, response);
      break;
    case OpKind::kList:
      apply_list(*bucket, request, response);
      break;
    case OpKind::kDelete:
      applied = apply_delete(*bucket, request, response);
      break;
  }
  if (applied) ++counters_.commits;
  return applied;
}

bool ObjectStore::apply_put(Bucket& bucket, Principal principal, const StoreRequest& request,
                            StoreResponse& response) {
  // Nearly every PUT of an election names the newest epoch key or the one
  // after it, which sort last: compare with the last key first, and search
  // (find_for_put) only for the other keys.
  auto found = bucket.objects.end();
  bool absent = bucket.objects.empty();
  if (!absent) {
    const auto last = std::prev(bucket.objects.end());
    const int order = request.key.compare(last->first);
    if (order == 0) {
      found = last;
    } else if (order > 0) {
      absent = true;
    }
  }
  if (found == bucket.objects.end() && !absent)
    found = find_for_put(bucket, principal, request.key);
  if (request.condition == Condition::kIfNoneMatch && found != bucket.objects.end()) {
    response.status = Status::kPreconditionFailed;
    return false;
  }
  if (request.condition == Condition::kIfMatch) {
    if (found == bucket.objects.end()) {
      response.status = Status::kNotFound;
      return false;
    }
    if (found->second.etag != request.etag) {
      response.status = Status::kPreconditionFailed;
      return false;
    }
  }
  if (found == bucket.objects.end()) {
    // A key after the last one is inserted at the end without a search.
    found = absent ? bucket.objects.emplace_hint(bucket.objects.end(), request.key, StoreObject{})
                   : bucket.objects.emplace(request.key, StoreObject{}).first;
    ++object_count_;
    if (is_watched(bucket, request.key)) ++watched_object_count_;
  }
  ++bucket.generation;
  forget_pages_covering(bucket, request.key, false);
  StoreObject& object = found->second;
  object.body = request.body;
  object.last_writer = principal;
  next_etag(object.etag);
  response.etag = object.etag;
  HOLO_ASSERT(!response.etag.empty());
  return true;
}

std::map<std::string, StoreObject, std::less<>>::iterator ObjectStore::find_for_put(
    Bucket& bucket, Principal principal, const std::string& key) {
  HOLO_ASSERT(!bucket.objects.empty());
  Bucket::PutCache* cache = nullptr;
  if (principal < kPutCachePrincipalsMax) {
    if (bucket.put_cache.size() <= principal) bucket.put_cache.resize(principal + 1);
    cache = &bucket.put_cache[principal];
    if (cache->erasures == bucket.erasures && cache->found->first == key) return cache->found;
  }
  const Bucket::GetCache& get_cache = bucket.get_cache;
  if (get_cache.erasures == bucket.erasures && get_cache.found->first == key) {
    // The same object, writable: a map's const_iterator converts back
    // through a search-free erase of nothing.
    return bucket.objects.erase(get_cache.found, get_cache.found);
  }
  // A naive node whose round was overtaken creates an epoch that faster
  // nodes made a few epochs ago, one of the last few keys (a thousand-node
  // minute: 24,000 of 60,000 PUTs): stepping back from the last key, which
  // apply_put has compared already, costs one comparison a key where the
  // tree search costs one a level.
  auto position = std::prev(bucket.objects.end());
  for (std::size_t step = 0; step < kPutTailKeysWalked && position != bucket.objects.begin();
       ++step) {
    --position;
    const int order = key.compare(position->first);
    if (order == 0) return position;
    if (order > 0) return bucket.objects.end();  // between two neighbours: absent
  }
  const auto found = bucket.objects.find(key);
  if (cache != nullptr && found != bucket.objects.end()) {
    cache->erasures = bucket.erasures;
    cache->found = found;
  }
  return found;
}

void ObjectStore::apply_get(Bucket& bucket, const StoreRequest& request, StoreResponse& response) {
  Bucket::GetCache& cache = bucket.get_cache;
  auto found = bucket.objects.cend();
  if (cache.erasures == bucket.erasures && cache.found->first == request.key) {
    found = cache.found;
  } else {
    found = bucket.objects.find(request.key);
    if (found == bucket.objects.end()) {
      response.status = Status::kNotFound;
      return;
    }
    cache.erasures = bucket.erasures;
    cache.found = found;
  }
  HOLO_ASSERT(found != bucket.objects.end());
  if (request.condition == Condition::kIfMatch && found->second.etag != request.etag) {
    response.status = Status::kPreconditionFailed;
    return;
  }
  response.body = found->second.body;
  response.etag = found->second.etag;
}

void ObjectStore::apply_list(Bucket& bucket, const StoreRequest& request, StoreResponse& response) {
  const std::uint32_t page_keys_max = std::min(request.max_keys, kListPageKeysMax);
  HOLO_ASSERT(response.objects.empty());
  Bucket::ListCache& cache = bucket.list_cache;
  const bool cacheable = request.start_after.empty();
  if (cacheable && cache.generation == bucket.generation && same_bytes(cache.prefix, request.key) &&
      cache.page_keys_max == page_keys_max) {
    response.objects = cache.page;  // shared, not copied
    response.truncated = cache.truncated;
    counters_.list_keys_returned += response.objects.size();
    return;
  }
  apply_list_uncached(bucket, request, response, page_keys_max);
}

void ObjectStore::apply_list_uncached(Bucket& bucket, const StoreRequest& request,
                                      StoreResponse& response, std::uint32_t page_keys_max) {
  Bucket::ListCache& cache = bucket.list_cache;
  const bool cacheable = request.start_after.empty();
  // Continued pages of one key are built, not cached: a naive creator's
  // confirming LIST asks for the one key after its own new key, a page that
  // the next new epoch key drops from the cache again, so caching it cost a
  // map node and a key copy for nothing (and one key is quick to find).
  const bool continued =
      !request.start_after.empty() && page_keys_max >= kContinuedPageKeysCachedMin;
  const ContinuedPageView page_key{request.key, request.start_after, page_keys_max};
  if (continued) {
    const auto cached = bucket.continued_pages.find(page_key);
    if (cached != bucket.continued_pages.end()) {
      response.objects = cached->second.page;  // shared, not copied
      response.truncated = cached->second.truncated;
      counters_.list_keys_returned += response.objects.size();
      return;
    }
  }
  // The first key after start_after that could carry the prefix.
  const auto first = request.start_after < request.key
                         ? bucket.objects.lower_bound(request.key)
                         : bucket.objects.upper_bound(request.start_after);
  // A new page, or a spare one that nothing else holds any more, never one a
  // response still holds: pages are immutable once handed out.
  std::shared_ptr<std::vector<ListedObject>> page = take_spare_page(page_keys_max);
  // The keys with the prefix are one run in key order, and `first` sorts at
  // or after the prefix. When the bucket's last key carries the prefix too,
  // the run goes on to the end and no key from `first` on needs a check of
  // its own (an election bucket of epoch keys only: about 17 checks a page).
  const bool prefix_runs_to_end =
      !bucket.objects.empty() && starts_with(std::prev(bucket.objects.end())->first, request.key);
  std::size_t count = 0;
  for (auto position = first; position != bucket.objects.end() &&
                              (prefix_runs_to_end || starts_with(position->first, request.key));
       ++position) {
    if (count == page_keys_max) {
      response.truncated = page_keys_max > 0;
      break;
    }
    // Assigning over a spare page's entries reuses their key buffers.
    if (count < page->size()) {
      ListedObject& object = (*page)[count];
      copy_over(object.key, position->first);
      copy_over(object.etag, position->second.etag);
    } else {
      page->push_back(ListedObject{position->first, position->second.etag});
    }
    ++count;
  }
  page->erase(page->begin() + static_cast<std::ptrdiff_t>(count), page->end());
  HOLO_ASSERT(page->size() <= kListPageKeysMax);
  keep_spare_page(page_keys_max, page);
  response.objects = ListedObjects(std::move(page));
  counters_.list_keys_returned += response.objects.size();
  if (cacheable) {
    cache.generation = bucket.generation;
    cache.prefix = request.key;
    cache.page_keys_max = page_keys_max;
    cache.page = response.objects;
    cache.truncated = response.truncated;
  }
  if (continued) cache_continued_page(bucket, page_key, response);
}

void ObjectStore::cache_continued_page(Bucket& bucket, const ContinuedPageView& page_key,
                                       const StoreResponse& response) {
  if (bucket.continued_pages.size() >= kContinuedPagesMax) bucket.continued_pages.clear();
  bucket.continued_pages.emplace(
      ContinuedPageKey{std::string(page_key.prefix), std::string(page_key.start_after),
                       page_key.page_keys_max},
      CachedPage{response.objects, response.truncated});
  HOLO_ASSERT(bucket.continued_pages.size() <= kContinuedPagesMax);
}

std::deque<std::shared_ptr<std::vector<ListedObject>>>& ObjectStore::spare_queue(
    std::uint32_t page_keys_max) {
  return spare_pages_[page_keys_max <= 1 ? 0 : 1];
}

std::shared_ptr<std::vector<ListedObject>> ObjectStore::take_spare_page(
    std::uint32_t page_keys_max) {
  // Pages are let go roughly in the order they were built (a node holds its
  // round's page until its next round), so only the oldest is looked at.
  auto& queue = spare_queue(page_keys_max);
  if (!queue.empty() && queue.front().use_count() == 1) {
    std::shared_ptr<std::vector<ListedObject>> page = std::move(queue.front());
    queue.pop_front();
    return page;
  }
  return std::make_shared<std::vector<ListedObject>>();
}

void ObjectStore::keep_spare_page(std::uint32_t page_keys_max,
                                  const std::shared_ptr<std::vector<ListedObject>>& page) {
  // Only small pages are kept: a thousand-key page is about 100 KB.
  if (page->size() > kSparePageKeysMax) return;
  auto& queue = spare_queue(page_keys_max);
  queue.push_back(page);
  // A page that somebody holds for long (a stopped node's last round) would
  // block the queue; past the bound the oldest is let go, held or not.
  if (queue.size() > kSparePagesMax) queue.pop_front();
  HOLO_ASSERT(queue.size() <= kSparePagesMax);
}

void ObjectStore::forget_pages_covering(Bucket& bucket, std::string_view key, bool removed) {
  // A page covers the keys of its prefix after its start_after, up to its
  // last key when it is truncated (a new or changed key past a full page
  // does not change it) or without end when it is not. Removing a key past a
  // truncated page can leave nothing after it, which would end its
  // truncation, so removals drop those pages too.
  for (auto entry = bucket.continued_pages.begin(); entry != bucket.continued_pages.end();) {
    const ContinuedPageKey& page_key = entry->first;
    const CachedPage& cached = entry->second;
    const bool in_range = starts_with(key, page_key.prefix) && key > page_key.start_after &&
                          (!cached.truncated || removed || cached.page.empty() ||
                           key <= std::string_view(cached.page.back().key));
    entry = in_range ? bucket.continued_pages.erase(entry) : std::next(entry);
  }
}

bool ObjectStore::apply_delete(Bucket& bucket, const StoreRequest& request,
                               StoreResponse& response) {
  const auto found = bucket.objects.find(request.key);
  if (request.condition == Condition::kIfMatch) {
    if (found == bucket.objects.end()) {
      response.status = Status::kNotFound;
      return false;
    }
    if (found->second.etag != request.etag) {
      response.status = Status::kPreconditionFailed;
      return false;
    }
  }
  if (found == bucket.objects.end()) return false;
  if (is_watched(bucket, found->first)) --watched_object_count_;
  ++bucket.generation;
  forget_pages_covering(bucket, found->first, true);
  ++bucket.erasures;  // apply_get's cached iterator may point at this object
  bucket.objects.erase(found);
  HOLO_ASSERT(object_count_ > 0);
  --object_count_;
  return true;
}

const std::string& ObjectStore::put_direct(std::string_view bucket_name, std::string_view key,
                                           std::string_view body) {
  Bucket* bucket = find_bucket(bucket_name);
  HOLO_ASSERT(bucket != nullptr);
  auto found = bucket->objects.find(key);
  if (found == bucket->objects.end()) {
    found = bucket->objects.emplace(std::string(key), StoreObject{}).first;
    ++object_count_;
    if (is_watched(*bucket, key)) ++watched_object_count_;
  }
  ++bucket->generation;
  forget_pages_covering(*bucket, key, false);
  found->second.body = std::string(body);
  found->second.last_writer = kSimulatorPrincipal;
  next_etag(found->second.etag);
  return found->second.etag;
}

const StoreObject* ObjectStore::find(std::string_view bucket_name, std::string_view key) const {
  const Bucket* bucket = find_bucket(bucket_name);
  if (bucket == nullptr) return nullptr;
  const auto found = bucket->objects.find(key);
  return found == bucket->objects.end() ? nullptr : &found->second;
}

std::vector<std::string_view> ObjectStore::keys(std::string_view bucket_name,
                                                std::string_view prefix) const {
  std::vector<std::string_view> result;
  const Bucket* bucket = find_bucket(bucket_name);
  if (bucket == nullptr) return result;
  for (auto position = bucket->objects.lower_bound(prefix);
       position != bucket->objects.end() && starts_with(position->first, prefix); ++position) {
    result.push_back(position->first);
  }
  return result;
}

std::string_view ObjectStore::last_key(std::string_view bucket_name,
                                       std::string_view prefix) const {
  const Bucket* bucket = find_bucket(bucket_name);
  if (bucket == nullptr) return {};
  // The last key with the prefix sorts just before the smallest string that
  // sorts after every key with the prefix: the prefix with its last byte
  // below 0xff incremented (and any trailing 0xff bytes dropped).
  std::string after_prefix(prefix);
  while (!after_prefix.empty() && static_cast<unsigned char>(after_prefix.back()) == 0xff) {
    after_prefix.pop_back();
  }
  auto position = bucket->objects.end();
  if (!after_prefix.empty()) {
    after_prefix.back() = static_cast<char>(static_cast<unsigned char>(after_prefix.back()) + 1);
    position = bucket->objects.lower_bound(after_prefix);
  }
  if (position == bucket->objects.begin()) return {};
  --position;
  if (!starts_with(position->first, prefix)) return {};
  return position->first;
}

reports::OpCounters ObjectStore::op_counters() const {
  reports::OpCounters ops;
  ops.list_requests = counters_.requests[static_cast<std::size_t>(OpKind::kList)];
  ops.get_requests = counters_.requests[static_cast<std::size_t>(OpKind::kGet)];
  ops.put_requests = counters_.requests[static_cast<std::size_t>(OpKind::kPut)];
  ops.delete_requests = counters_.requests[static_cast<std::size_t>(OpKind::kDelete)];
  ops.cost_usd = (static_cast<double>(ops.list_requests) * prices_.list_usd_per_1000 +
                  static_cast<double>(ops.get_requests) * prices_.get_usd_per_1000 +
                  static_cast<double>(ops.put_requests) * prices_.put_usd_per_1000 +
                  static_cast<double>(ops.delete_requests) * prices_.delete_usd_per_1000) /
                 1000.0;
  return ops;
}

}  // namespace holocron::sim
