// Rule (in-memory object store): every row of ARCHITECTURE.md's S3 table:
// conditional PUT (If-None-Match, If-Match), GET, LIST (lexicographic,
// start-after, max-keys, truncation), DELETE (optional If-Match), 404,
// NoSuchBucket and 403 from ACLs; deterministic ETags; request counting and
// pricing; object counts.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "sim/object_store.hpp"
#include "tests/test_random.hpp"

using namespace holocron;
using namespace holocron::sim;

namespace {

StoreRequest put(std::string key, std::string body, Condition condition = Condition::kNone,
                 std::string etag = {}) {
  StoreRequest request;
  request.op = OpKind::kPut;
  request.bucket = "b";
  request.key = std::move(key);
  request.body = std::move(body);
  request.condition = condition;
  request.etag = std::move(etag);
  return request;
}

StoreRequest get(std::string key) {
  StoreRequest request;
  request.op = OpKind::kGet;
  request.bucket = "b";
  request.key = std::move(key);
  return request;
}

StoreRequest list(std::string prefix, std::string start_after = {},
                  std::uint32_t max_keys = kListPageKeysMax) {
  StoreRequest request;
  request.op = OpKind::kList;
  request.bucket = "b";
  request.key = std::move(prefix);
  request.start_after = std::move(start_after);
  request.max_keys = max_keys;
  return request;
}

StoreRequest del(std::string key, Condition condition = Condition::kNone, std::string etag = {}) {
  StoreRequest request;
  request.op = OpKind::kDelete;
  request.bucket = "b";
  request.key = std::move(key);
  request.condition = condition;
  request.etag = std::move(etag);
  return request;
}

struct Fixture {
  ObjectStore store{PriceTable{}};
  StoreResponse response;
  Fixture() { store.create_bucket("b", Access{}); }
  bool apply(const StoreRequest& request, Principal principal = 0) {
    return store.apply(principal, request, response);
  }
};

}  // namespace

TEST_CASE("ObjectStore PUT If-None-Match: 200 + ETag when absent, 412 when present") {
  Fixture f;
  CHECK(f.apply(put("k", "one", Condition::kIfNoneMatch)));
  CHECK(f.response.status == Status::kOk);
  const std::string first_etag = f.response.etag;
  CHECK(!first_etag.empty());
  CHECK_FALSE(f.apply(put("k", "two", Condition::kIfNoneMatch)));
  CHECK(f.response.status == Status::kPreconditionFailed);
  CHECK(f.store.find("b", "k")->body == "one");
  CHECK(f.store.find("b", "k")->etag == first_etag);
}

TEST_CASE("ObjectStore: two creates of one key at one instant: one 200, one 412") {
  // The store applies requests in arrival order; two requests at the same
  // instant are still two applications, and only the first can create.
  Fixture f;
  StoreResponse first;
  StoreResponse second;
  CHECK(f.store.apply(1, put("epoch-1", "node-1", Condition::kIfNoneMatch), first));
  CHECK_FALSE(f.store.apply(2, put("epoch-1", "node-2", Condition::kIfNoneMatch), second));
  CHECK(first.status == Status::kOk);
  CHECK(second.status == Status::kPreconditionFailed);
  CHECK(f.store.find("b", "epoch-1")->body == "node-1");
  CHECK(f.store.find("b", "epoch-1")->last_writer == 1);
}

TEST_CASE("ObjectStore PUT If-Match: 200 on the current ETag, 412 on a stale one, 404 absent") {
  Fixture f;
  CHECK(f.apply(put("k", "v1")));
  const std::string etag1 = f.response.etag;
  CHECK(f.apply(put("k", "v2", Condition::kIfMatch, etag1)));
  CHECK(f.response.status == Status::kOk);
  const std::string etag2 = f.response.etag;
  CHECK(etag2 != etag1);
  // Stale ETag: the object changed since etag1 was read.
  CHECK_FALSE(f.apply(put("k", "v3", Condition::kIfMatch, etag1)));
  CHECK(f.response.status == Status::kPreconditionFailed);
  CHECK(f.store.find("b", "k")->body == "v2");
  CHECK_FALSE(f.apply(put("missing", "v", Condition::kIfMatch, etag2)));
  CHECK(f.response.status == Status::kNotFound);
  CHECK(f.store.find("b", "missing") == nullptr);
}

TEST_CASE("ObjectStore unconditional PUT creates and replaces") {
  Fixture f;
  CHECK(f.apply(put("k", "a")));
  CHECK(f.apply(put("k", "b")));
  CHECK(f.store.find("b", "k")->body == "b");
  CHECK(f.store.object_count() == 1);
}

TEST_CASE("ObjectStore ETags are deterministic and unique per store") {
  Fixture one;
  Fixture two;
  for (int i = 0; i < 20; ++i) {
    CHECK(one.apply(put("k" + std::to_string(i), "x")));
    CHECK(two.apply(put("k" + std::to_string(i), "y")));
    CHECK(one.response.etag == two.response.etag);
  }
  CHECK(one.response.etag == "\"14\"");  // the 20th ETag, in hex
}

TEST_CASE("ObjectStore GET: 200 + body + ETag, 404 when absent, If-Match 412") {
  Fixture f;
  CHECK(f.apply(put("k", "body")));
  const std::string etag = f.response.etag;
  CHECK_FALSE(f.apply(get("k")));
  CHECK(f.response.status == Status::kOk);
  CHECK(f.response.body == "body");
  CHECK(f.response.etag == etag);
  CHECK_FALSE(f.apply(get("nope")));
  CHECK(f.response.status == Status::kNotFound);
  CHECK(f.response.body.empty());
  StoreRequest conditional = get("k");
  conditional.condition = Condition::kIfMatch;
  conditional.etag = "\"ffff\"";
  CHECK_FALSE(f.apply(conditional));
  CHECK(f.response.status == Status::kPreconditionFailed);
}

TEST_CASE("ObjectStore LIST: lexicographic, prefix, start-after, max-keys, truncated") {
  Fixture f;
  for (const char* key : {"p/10", "p/9", "p/2", "q/1", "p/1", "o/1"}) CHECK(f.apply(put(key, "")));
  CHECK_FALSE(f.apply(list("p/")));
  REQUIRE(f.response.objects.size() == 4);
  // Byte order: "10" sorts before "2" and "9" (why epoch keys are padded).
  CHECK(f.response.objects[0].key == "p/1");
  CHECK(f.response.objects[1].key == "p/10");
  CHECK(f.response.objects[2].key == "p/2");
  CHECK(f.response.objects[3].key == "p/9");
  CHECK(f.response.objects[3].etag == f.store.find("b", "p/9")->etag);
  CHECK_FALSE(f.response.truncated);

  CHECK_FALSE(f.apply(list("p/", "", 2)));
  REQUIRE(f.response.objects.size() == 2);
  CHECK(f.response.objects[1].key == "p/10");
  CHECK(f.response.truncated);
  CHECK_FALSE(f.apply(list("p/", "p/10", 2)));
  REQUIRE(f.response.objects.size() == 2);
  CHECK(f.response.objects[0].key == "p/2");
  CHECK(f.response.objects[1].key == "p/9");
  // Exactly the remaining keys: not truncated.
  CHECK_FALSE(f.response.truncated);

  // start-after before the prefix range and after it.
  CHECK_FALSE(f.apply(list("p/", "a")));
  CHECK(f.response.objects.size() == 4);
  CHECK_FALSE(f.apply(list("p/", "p/9")));
  CHECK(f.response.objects.empty());
  CHECK_FALSE(f.response.truncated);
  // max-keys 0: an empty, untruncated page.
  CHECK_FALSE(f.apply(list("p/", "", 0)));
  CHECK(f.response.objects.empty());
  CHECK_FALSE(f.response.truncated);
}

TEST_CASE("ObjectStore LIST pages hold at most 1,000 keys even when more are asked for") {
  Fixture f;
  for (int i = 0; i < 1'005; ++i) {
    char key[16];
    std::snprintf(key, sizeof key, "k%05d", i);
    CHECK(f.apply(put(key, "")));
  }
  CHECK_FALSE(f.apply(list("k", "", 5'000)));
  CHECK(f.response.objects.size() == 1'000);
  CHECK(f.response.truncated);
  CHECK_FALSE(f.apply(list("k", f.response.objects.back().key, 5'000)));
  CHECK(f.response.objects.size() == 5);
  CHECK_FALSE(f.response.truncated);
  CHECK(f.store.counters().list_keys_returned == 1'005);
}

TEST_CASE("ObjectStore DELETE: 204, If-Match 412 on a stale ETag, 404 absent with If-Match") {
  Fixture f;
  CHECK(f.apply(put("k", "v1")));
  const std::string etag1 = f.response.etag;
  CHECK(f.apply(put("k", "v2")));
  const std::string etag2 = f.response.etag;
  CHECK_FALSE(f.apply(del("k", Condition::kIfMatch, etag1)));
  CHECK(f.response.status == Status::kPreconditionFailed);
  CHECK(f.store.find("b", "k") != nullptr);
  CHECK(f.apply(del("k", Condition::kIfMatch, etag2)));
  CHECK(f.response.status == Status::kOk);
  CHECK(f.store.find("b", "k") == nullptr);
  CHECK_FALSE(f.apply(del("k", Condition::kIfMatch, etag2)));
  CHECK(f.response.status == Status::kNotFound);
  // Unconditional DELETE of an absent key: 204 that changes nothing (S3).
  CHECK_FALSE(f.apply(del("k")));
  CHECK(f.response.status == Status::kOk);
  CHECK(f.store.object_count() == 0);
}

TEST_CASE("ObjectStore: unknown bucket is NoSuchBucket") {
  Fixture f;
  StoreRequest request = get("k");
  request.bucket = "nope";
  CHECK_FALSE(f.apply(request));
  CHECK(f.response.status == Status::kNoSuchBucket);
}

TEST_CASE("ObjectStore ACLs: 403 per bucket and principal, read and write separately") {
  Fixture f;
  // Bucket "own" is readable by everyone and writable only by principal 3,
  // as a per-node bucket is.
  f.store.create_bucket("own", Access{true, false});
  f.store.set_access("own", 3, Access{true, true});
  StoreRequest write = put("state", "x");
  write.bucket = "own";
  CHECK_FALSE(f.apply(write, 4));
  CHECK(f.response.status == Status::kForbidden);
  CHECK(f.apply(write, 3));
  CHECK(f.response.status == Status::kOk);
  StoreRequest read = get("state");
  read.bucket = "own";
  CHECK_FALSE(f.apply(read, 4));
  CHECK(f.response.status == Status::kOk);
  // A denial of read access.
  f.store.set_access("own", 4, Access{false, false});
  CHECK_FALSE(f.apply(read, 4));
  CHECK(f.response.status == Status::kForbidden);
  StoreRequest listing = list("");
  listing.bucket = "own";
  CHECK_FALSE(f.apply(listing, 4));
  CHECK(f.response.status == Status::kForbidden);
  StoreRequest removal = del("state");
  removal.bucket = "own";
  CHECK_FALSE(f.apply(removal, 5));
  CHECK(f.response.status == Status::kForbidden);
  CHECK(f.store.find("own", "state") != nullptr);
}

TEST_CASE("ObjectStore counts requests per op type (failures too) and prices them") {
  Fixture f;
  for (int i = 0; i < 1000; ++i) CHECK(f.apply(put("k" + std::to_string(i), "")));
  for (int i = 0; i < 2000; ++i) CHECK_FALSE(f.apply(get("nope")));
  CHECK_FALSE(f.apply(list("")));
  CHECK_FALSE(f.apply(list("", "k999")));
  CHECK(f.apply(del("k1")));
  f.store.count_rejected(OpKind::kPut);
  const reports::OpCounters ops = f.store.op_counters();
  CHECK(ops.put_requests == 1001);
  CHECK(ops.get_requests == 2000);
  CHECK(ops.list_requests == 2);
  CHECK(ops.delete_requests == 1);
  // S3 Standard: PUT and LIST $0.005 per 1,000, GET $0.0004, DELETE free.
  const double expected = 1001 * 0.005 / 1000 + 2000 * 0.0004 / 1000 + 2 * 0.005 / 1000;
  CHECK(ops.cost_usd == doctest::Approx(expected));
  CHECK(f.store.counters().commits == 1001);
}

TEST_CASE("ObjectStore counts objects, and objects under the watched prefix") {
  ObjectStore store{PriceTable{}};
  store.create_bucket("b", Access{});
  store.watch_prefix("b", "election/epoch-");
  StoreResponse response;
  StoreRequest request = put("election/epoch-1", "");
  request.bucket = "b";
  CHECK(store.apply(0, request, response));
  request.key = "election/nodes/n1";
  CHECK(store.apply(0, request, response));
  request.key = "election/epoch-2";
  CHECK(store.apply(0, request, response));
  CHECK(store.object_count() == 3);
  CHECK(store.watched_object_count() == 2);
  StoreRequest removal = del("election/epoch-1");
  removal.bucket = "b";
  CHECK(store.apply(0, removal, response));
  CHECK(store.object_count() == 2);
  CHECK(store.watched_object_count() == 1);
  CHECK(store.last_key("b", "election/epoch-") == "election/epoch-2");
  CHECK(store.last_key("b", "zzz").empty());
  store.put_direct("b", "election/epoch-9", "corrupt");
  CHECK(store.watched_object_count() == 2);
  CHECK(store.last_key("b", "election/epoch-") == "election/epoch-9");
  CHECK(store.op_counters().put_requests == 3);  // put_direct is not a request
}

TEST_CASE("ObjectStore LIST pages are shared between identical LISTs and rebuilt after any write") {
  Fixture f;
  CHECK(f.apply(put("p/1", "x")));
  CHECK(f.apply(put("p/2", "x")));
  StoreResponse first;
  StoreResponse second;
  CHECK_FALSE(f.store.apply(0, list("p/"), first));
  CHECK_FALSE(f.store.apply(1, list("p/"), second));
  REQUIRE(second.objects.size() == 2);
  // The second answer shares the first one's page instead of copying it.
  CHECK(second.objects.shared());
  CHECK(second.objects.data() == first.objects.data());
  // A different page size is a different page.
  StoreResponse capped;
  CHECK_FALSE(f.store.apply(0, list("p/", "", 1), capped));
  CHECK(capped.objects.size() == 1);
  CHECK(capped.truncated);
  CHECK(capped.objects.data() != first.objects.data());

  // Every kind of write makes the cached page stale.
  CHECK(f.apply(put("p/3", "x")));
  StoreResponse after_put;
  CHECK_FALSE(f.store.apply(0, list("p/"), after_put));
  CHECK(after_put.objects.size() == 3);
  CHECK(first.objects.size() == 2);  // an earlier response never changes
  CHECK(f.apply(del("p/1")));
  StoreResponse after_delete;
  CHECK_FALSE(f.store.apply(0, list("p/"), after_delete));
  REQUIRE(after_delete.objects.size() == 2);
  CHECK(after_delete.objects[0].key == "p/2");
  const std::string old_etag = after_delete.objects[0].etag;
  f.store.put_direct("b", "p/2", "planted");
  StoreResponse after_direct;
  CHECK_FALSE(f.store.apply(0, list("p/"), after_direct));
  REQUIRE(after_direct.objects.size() == 2);
  CHECK(after_direct.objects[0].etag != old_etag);

  // A reader that changes its copy does not change anybody else's.
  StoreResponse mutated = after_direct;
  CHECK(mutated.objects.shared());
  mutated.objects.pop_back();
  CHECK(mutated.objects.size() == 1);
  CHECK(after_direct.objects.size() == 2);
}

TEST_CASE("ObjectStore reuses a LIST page once nobody holds it, never one still held") {
  Fixture f;
  for (const char* key : {"p/1", "p/2", "p/3"}) CHECK(f.apply(put(key, "x")));
  StoreResponse first;
  CHECK_FALSE(f.store.apply(0, list("p/"), first));
  REQUIRE(first.objects.size() == 3);
  const ListedObject* const first_page = first.objects.data();
  first.objects.clear();  // the last response lets the page go; the cache still holds it
  CHECK(f.apply(del("p/3")));
  StoreResponse second;
  CHECK_FALSE(f.store.apply(0, list("p/"), second));
  REQUIRE(second.objects.size() == 2);
  CHECK(second.objects.data() != first_page);  // built while the cache still held it
  // Now only the store's spare queue holds the first page: the next page is
  // built in it, and the held second page does not change.
  CHECK(f.apply(del("p/2")));
  StoreResponse third;
  CHECK_FALSE(f.store.apply(0, list("p/"), third));
  CHECK(third.objects.data() == first_page);
  REQUIRE(third.objects.size() == 1);
  CHECK(third.objects[0].key == "p/1");
  CHECK(third.objects[0].etag == f.store.find("b", "p/1")->etag);
  REQUIRE(second.objects.size() == 2);
  CHECK(second.objects[0].key == "p/1");
  CHECK(second.objects[1].key == "p/2");
}

TEST_CASE("ObjectStore continued LIST pages are shared until a write lands in their range") {
  Fixture f;
  for (const char* key : {"p/1", "p/2", "p/3", "p/4"}) CHECK(f.apply(put(key, "x")));
  StoreResponse first;
  CHECK_FALSE(f.store.apply(0, list("p/", "p/1", 2), first));
  REQUIRE(first.objects.size() == 2);
  CHECK(first.truncated);
  StoreResponse again;
  CHECK_FALSE(f.store.apply(1, list("p/", "p/1", 2), again));
  CHECK(again.objects.data() == first.objects.data());
  // A one-key continued page (naive's confirming LIST) is built every time,
  // never cached: the next new key past it would drop it again.
  StoreResponse one_key;
  CHECK_FALSE(f.store.apply(0, list("p/", "p/1", 1), one_key));
  StoreResponse one_key_again;
  CHECK_FALSE(f.store.apply(1, list("p/", "p/1", 1), one_key_again));
  REQUIRE(one_key_again.objects.size() == 1);
  CHECK(one_key_again.objects[0].key == "p/2");
  CHECK(one_key_again.objects.data() != one_key.objects.data());

  // A new key past the full page's last key leaves the page as it was.
  CHECK(f.apply(put("p/5", "x")));
  StoreResponse after_append;
  CHECK_FALSE(f.store.apply(0, list("p/", "p/1", 2), after_append));
  CHECK(after_append.objects.data() == first.objects.data());
  CHECK(after_append.truncated);

  // A write inside the page's range rebuilds it.
  CHECK(f.apply(put("p/3", "y")));
  StoreResponse after_overwrite;
  CHECK_FALSE(f.store.apply(0, list("p/", "p/1", 2), after_overwrite));
  REQUIRE(after_overwrite.objects.size() == 2);
  CHECK(after_overwrite.objects.data() != first.objects.data());
  CHECK(after_overwrite.objects[1].etag == f.store.find("b", "p/3")->etag);

  // Deleting every key past a truncated page ends its truncation.
  CHECK(f.apply(del("p/4")));
  CHECK(f.apply(del("p/5")));
  StoreResponse after_delete;
  CHECK_FALSE(f.store.apply(0, list("p/", "p/1", 2), after_delete));
  REQUIRE(after_delete.objects.size() == 2);
  CHECK(after_delete.objects[1].key == "p/3");
  CHECK_FALSE(after_delete.truncated);
  // An earlier response never changes.
  CHECK(first.objects[1].key == "p/3");
  CHECK(first.objects[1].etag != after_overwrite.objects[1].etag);
}

TEST_CASE("ObjectStore LIST pages always equal a page built from scratch (random writes)") {
  // The page caches must be invisible: after every random write, every page of
  // every prefix is compared with one computed from the store's own keys.
  Fixture f;
  std::uint64_t state = 0x9e3779b97f4a7c15ULL;
  const auto next = [&state](std::uint64_t bound) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (state >> 33) % bound;
  };
  const char* const prefixes[] = {"", "p/", "p/1", "q/"};
  for (int step = 0; step < 400; ++step) {
    const std::string key = std::string(next(2) == 0 ? "p/" : "q/") + std::to_string(next(40));
    switch (next(3)) {
      case 0:
        f.apply(put(key, "x"));
        break;
      case 1:
        f.apply(del(key));
        break;
      default:
        f.store.put_direct("b", key, "planted");
        break;
    }
    for (const char* prefix : prefixes) {
      const std::vector<std::string_view> keys = f.store.keys("b", prefix);
      const std::uint32_t page_keys = 1 + static_cast<std::uint32_t>(next(7));
      std::string start_after = next(3) == 0 ? std::string("a") : std::string();
      std::size_t position = 0;
      for (int page = 0; page < 100; ++page) {  // at most 80 keys
        StoreResponse response;
        CHECK_FALSE(f.store.apply(0, list(prefix, start_after, page_keys), response));
        for (const ListedObject& object : response.objects) {
          REQUIRE(position < keys.size());
          CHECK(object.key == keys[position]);
          CHECK(object.etag == f.store.find("b", object.key)->etag);
          ++position;
        }
        CHECK(response.truncated == (position < keys.size()));
        if (!response.truncated) break;
        start_after = response.objects.back().key;
      }
      CHECK(position == keys.size());
    }
  }
}

// The random cases' draws: the tests' shared splitmix64 below a bound.
struct Draws {
  std::uint64_t state;
  std::uint64_t operator()(std::uint64_t bound) { return test::next_random(state) % bound; }
};

TEST_CASE("ObjectStore GETs always answer what the store holds (random writes and deletes)") {
  // apply_get remembers the object it found last; a delete (of that object
  // or another), a re-create, a planted object or a GET of another key must
  // never leave it answering with a stale or freed object. Every GET is
  // compared with the store's own lookup.
  Fixture f;
  Draws next{7};
  int found = 0;
  for (int step = 0; step < 4000; ++step) {
    const std::string key = "e/" + std::to_string(next(4));
    switch (next(6)) {
      case 0:
        f.apply(put(key, "body-" + std::to_string(step)));
        break;
      case 1:
        f.apply(del(key));
        break;
      case 2:
        f.store.put_direct("b", key, "planted-" + std::to_string(step));
        break;
      default: {
        StoreResponse response;
        f.store.apply(0, get(key), response);
        const StoreObject* expected = f.store.find("b", key);
        if (expected == nullptr) {
          REQUIRE(response.status == Status::kNotFound);
        } else {
          ++found;
          REQUIRE(response.status == Status::kOk);
          REQUIRE(response.body == expected->body);
          REQUIRE(response.etag == expected->etag);
        }
        break;
      }
    }
  }
  CHECK(found > 500);
}

TEST_CASE("ObjectStore PUTs always decide on what the store holds (random principals and writes)") {
  // apply_put remembers, per principal, the object its last search found,
  // and also tries the object the last GET found; deletes, re-creates,
  // planted objects and PUTs by other principals must never leave a PUT
  // deciding on (or writing into) a stale or freed object. Every PUT's
  // status is predicted from the store's own lookup before it, and its
  // effect checked after it. Principals 0-5 use the cache, 70 does not.
  Fixture f;
  Draws next{11};
  const Principal principals[] = {0, 1, 2, 3, 4, 5, 70};
  int overwritten = 0;
  for (int step = 0; step < 6000; ++step) {
    // Node-state-like keys after the epoch-like ones, as in the shared layout.
    const std::string key =
        next(2) == 0 ? "e/" + std::to_string(next(3)) : "n/" + std::to_string(next(3));
    switch (next(8)) {
      case 0:
        f.apply(del(key));
        break;
      case 1:
        f.store.put_direct("b", key, "planted-" + std::to_string(step));
        break;
      case 2:
        f.apply(get(key));
        break;
      default: {
        const Principal principal = principals[next(7)];
        const StoreObject* before = f.store.find("b", key);
        const std::string etag_before = before != nullptr ? before->etag : "";
        const std::string body = "body-" + std::to_string(step);
        StoreRequest request = put(key, body);
        Status expected = Status::kOk;
        switch (next(4)) {
          case 0:
            request.condition = Condition::kIfNoneMatch;
            if (before != nullptr) expected = Status::kPreconditionFailed;
            break;
          case 1:
            request.condition = Condition::kIfMatch;
            request.etag = etag_before.empty() ? "\"x\"" : etag_before;
            if (before == nullptr) expected = Status::kNotFound;
            break;
          case 2:
            request.condition = Condition::kIfMatch;
            request.etag = "\"stale\"";
            expected = before == nullptr ? Status::kNotFound : Status::kPreconditionFailed;
            break;
          default:
            break;
        }
        StoreResponse response;
        const bool applied = f.store.apply(principal, request, response);
        REQUIRE(response.status == expected);
        REQUIRE(applied == (expected == Status::kOk));
        const StoreObject* after = f.store.find("b", key);
        if (expected == Status::kOk) {
          REQUIRE(after != nullptr);
          REQUIRE(after->body == body);
          REQUIRE(after->etag == response.etag);
          REQUIRE(after->last_writer == principal);
          if (before != nullptr) ++overwritten;
        } else {
          REQUIRE((after != nullptr) == (before != nullptr));
          if (after != nullptr) REQUIRE(after->etag == etag_before);
        }
        break;
      }
    }
  }
  CHECK(overwritten > 1000);
}

TEST_CASE("ObjectStore LIST: a prefix run that ends inside the bucket or at its end") {
  // Keys with a prefix are one run in key order; the store checks each key
  // against the prefix only while the bucket's last key lies outside the
  // run. Both cases, at the run's edges: the prefix itself as a key, the
  // first byte after the prefix's last ('0' follows '/'), start_after
  // before, inside and after the run, and truncation.
  Fixture f;
  for (const char* key : {"a", "p", "p/", "p/1", "p/2", "p0", "q"}) CHECK(f.apply(put(key, "")));
  const auto listed = [&f](const char* prefix, std::string start_after = {},
                           std::uint32_t max_keys = kListPageKeysMax) {
    CHECK_FALSE(f.apply(list(prefix, std::move(start_after), max_keys)));
    std::vector<std::string> keys;
    for (const ListedObject& object : f.response.objects) keys.push_back(object.key);
    return keys;
  };
  using Keys = std::vector<std::string>;
  for (int round = 0; round < 2; ++round) {
    CAPTURE(round);  // 0: "p0" and "q" follow the run; 1: the run ends the bucket
    CHECK(listed("p/") == Keys{"p/", "p/1", "p/2"});
    CHECK_FALSE(f.response.truncated);
    CHECK(listed("p/", "a") == Keys{"p/", "p/1", "p/2"});
    CHECK(listed("p/", "p/") == Keys{"p/1", "p/2"});
    CHECK(listed("p/", "p/1", 1) == Keys{"p/2"});
    CHECK_FALSE(f.response.truncated);
    CHECK(listed("p/", "", 2) == Keys{"p/", "p/1"});
    CHECK(f.response.truncated);
    CHECK(listed("p/", "p/2").empty());
    CHECK_FALSE(f.response.truncated);
    CHECK(listed("p/", "p0").empty());
    CHECK(listed("p/1") == Keys{"p/1"});
    CHECK(listed("p/3").empty());
    if (round == 0) {
      CHECK(f.apply(del("p0")));
      CHECK(f.apply(del("q")));
    }
  }
  // The empty prefix lists everything, whatever the last key is.
  CHECK(listed("") == Keys{"a", "p", "p/", "p/1", "p/2"});
  CHECK(listed("", "p") == Keys{"p/", "p/1", "p/2"});
}

TEST_CASE("ObjectStore PUTs of keys near the end decide on what the store holds") {
  // apply_put compares a PUT's key with the last key, then steps back over a
  // few keys before it searches the tree: epoch-like keys of fixed width,
  // some deleted (gaps, as garbage collection leaves them), PUT at every
  // distance from the end, existing or absent, by principals with and
  // without a PUT cache. Every status is predicted from the store's own
  // lookup.
  Fixture f;
  Draws next{13};
  const auto key_of = [](std::uint64_t number) {
    char key[16];
    std::snprintf(key, sizeof key, "e/%04llu", static_cast<unsigned long long>(number));
    return std::string(key);
  };
  std::uint64_t newest = 0;
  int found_near_end = 0;
  int absent_in_gap = 0;
  for (int step = 0; step < 6000; ++step) {
    switch (next(10)) {
      case 0:
        if (newest > 0) f.apply(del(key_of(newest - next(std::min<std::uint64_t>(newest, 12)))));
        break;
      case 1:
        ++newest;
        CHECK(f.apply(put(key_of(newest), "new")));
        break;
      default: {
        const std::uint64_t back = next(16);
        const std::uint64_t number = newest + 1 > back ? newest + 1 - back : 0;
        const std::string key = key_of(number);
        const Principal principal = next(2) == 0 ? 1 : 500;
        const StoreObject* before = f.store.find("b", key);
        StoreResponse response;
        const bool applied = f.store.apply(
            principal, put(key, "body-" + std::to_string(step), Condition::kIfNoneMatch), response);
        REQUIRE(applied == (before == nullptr));
        REQUIRE(response.status == (before == nullptr ? Status::kOk : Status::kPreconditionFailed));
        const StoreObject* after = f.store.find("b", key);
        REQUIRE(after != nullptr);
        if (before == nullptr) {
          REQUIRE(after->etag == response.etag);
          if (number < newest) ++absent_in_gap;
          if (number > newest) newest = number;
        } else if (back >= 2 && back <= 5) {
          ++found_near_end;
        }
        break;
      }
    }
  }
  CHECK(found_near_end > 500);
  CHECK(absent_in_gap > 50);
  CHECK(f.store.keys("b", "e/").size() == f.store.object_count());
}

TEST_CASE("ObjectStore: requests alternating between buckets land in their own bucket") {
  // find_bucket remembers the bucket it found last; a request for another
  // bucket (of the same name length, too), or an unknown one, must not be
  // answered from it. After every PUT, every bucket is read through find(),
  // which does not use that memory.
  Fixture f;
  f.store.create_bucket("bb", Access{});
  f.store.create_bucket("c", Access{});
  const char* const buckets[] = {"b", "bb", "c", "b", "c", "bb", "nope", "b", "c"};
  std::map<std::string, std::string> expected_bodies;
  int step = 0;
  for (const char* bucket : buckets) {
    const std::string body = "step-" + std::to_string(step++);
    StoreRequest request = put("k", body);
    request.bucket = bucket;
    const bool known = std::string_view(bucket) != "nope";
    CHECK(f.apply(request) == known);
    CHECK(f.response.status == (known ? Status::kOk : Status::kNoSuchBucket));
    if (known) expected_bodies[bucket] = body;
    for (const auto& [name, expected_body] : expected_bodies) {
      CAPTURE(name);
      REQUIRE(f.store.find(name, "k") != nullptr);
      CHECK(f.store.find(name, "k")->body == expected_body);
    }
    request = get("k");
    request.bucket = bucket;
    CHECK_FALSE(f.apply(request));
    if (known) CHECK(f.response.body == body);
  }
  CHECK(f.store.object_count() == 3);
}

TEST_CASE("ObjectStore: bucket names and LIST prefixes that differ in one byte are told apart") {
  // find_bucket's remembered bucket and the LIST page cache compare names
  // and prefixes eight bytes at a time; a name of any length that differs
  // from the remembered one in any single byte (in a whole word, in the
  // overlapping last word, or in a name shorter than a word) must miss.
  for (const std::size_t length : {1, 5, 7, 8, 9, 15, 16, 17, 20, 24}) {
    for (std::size_t position = 0; position < length; ++position) {
      CAPTURE(length);
      CAPTURE(position);
      const std::string plain(length, 'a');
      std::string changed = plain;
      changed[position] = 'b';
      ObjectStore store{PriceTable{}};
      StoreResponse response;
      store.create_bucket(plain, Access{});
      store.create_bucket(changed, Access{});
      StoreRequest request = put(plain + "/key", "in-plain");
      request.bucket = plain;
      REQUIRE(store.apply(0, request, response));
      request = put(changed + "/key", "in-changed");
      request.bucket = changed;
      REQUIRE(store.apply(0, request, response));
      // Each bucket's own object, asked for right after the other bucket.
      request = get(plain + "/key");
      request.bucket = plain;
      store.apply(0, request, response);
      CHECK(response.status == Status::kOk);
      CHECK(response.body == "in-plain");
      request = get(changed + "/key");
      request.bucket = changed;
      store.apply(0, request, response);
      CHECK(response.status == Status::kOk);
      CHECK(response.body == "in-changed");
      // Two LISTs of one bucket whose prefixes differ in that byte.
      request = put(changed + "/key", "also-in-plain");
      request.bucket = plain;
      REQUIRE(store.apply(0, request, response));
      for (const std::string& prefix : {plain, changed, plain}) {
        request = list(prefix);
        request.bucket = plain;
        store.apply(0, request, response);
        REQUIRE(response.objects.size() == 1);
        CHECK(response.objects[0].key == prefix + "/key");
      }
    }
  }
}
