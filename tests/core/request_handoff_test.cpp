// Rule (core, request handoff, core/elector.hpp): a request returned by
// borrow_request() stays where it is, valid and unchanged, until the core is
// handed its response, however many other requests the core sends meanwhile;
// from its response on, the core reuses it, so a busy node's requests come
// from a handful of entries whose buffers are already large enough.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "core/elector.hpp"
#include "core/keys.hpp"

using namespace holocron;

namespace {

ElectorOptions naive_with_heartbeats() {
  ElectorOptions options;
  options.algorithm = Algorithm::kNaive;
  options.node_id = "n1";
  options.poll_interval_ns = seconds(1);
  options.publish_state = true;
  options.heartbeat_interval_ns = seconds(5);
  return options;
}

void drain_events(Elector& elector) {
  while (elector.peek_event() != nullptr) elector.pop_event();
}

// Starts `elector` and runs it for `steps` timer steps: every request it
// hands out is answered by `answer` (1 ms apart), then the clock moves to
// its next timeout.
template <typename Answer>
void run_answering(Elector& elector, int steps, Answer answer) {
  Nanos now_ns = 0;
  elector.handle_start(now_ns);
  drain_events(elector);
  for (int step = 0; step < steps; ++step) {
    while (const OutgoingRequest* outgoing = elector.borrow_request()) {
      CAPTURE(step);
      CAPTURE(outgoing->request.key);
      StoreResponse response = answer(*outgoing);
      now_ns += milliseconds(1);
      elector.handle_response(outgoing->id, response, now_ns);
      drain_events(elector);
    }
    const std::optional<Nanos> next_ns = elector.poll_timeout();
    REQUIRE(next_ns.has_value());
    now_ns = *next_ns;
    elector.handle_timeout(now_ns);
    drain_events(elector);
  }
}

bool same_request(const OutgoingRequest& a, const OutgoingRequest& b) {
  return a.id == b.id && a.request.op == b.request.op && a.request.bucket == b.request.bucket &&
         a.request.key == b.request.key && a.request.condition == b.request.condition &&
         a.request.etag == b.request.etag && a.request.body == b.request.body &&
         a.request.start_after == b.request.start_after && a.request.max_keys == b.request.max_keys;
}

StoreResponse empty_listing() {
  return StoreResponse{};
}

// A store of one bucket for the ETag case below: keys with their ETags, the
// LIST, create-only PUT and If-Match DELETE that naive with garbage
// collection sends.
struct TinyStore {
  std::map<std::string, std::string> etag_by_key;
  int etags_made = 0;

  StoreResponse answer(const StoreRequest& request) {
    StoreResponse response;
    const auto found = etag_by_key.find(request.key);
    switch (request.op) {
      case OpKind::kList:
        for (auto it = etag_by_key.upper_bound(request.start_after); it != etag_by_key.end();
             ++it) {
          if (it->first.compare(0, request.key.size(), request.key) != 0) continue;
          if (response.objects.size() == request.max_keys) {
            response.truncated = true;
            break;
          }
          response.objects.push_back(ListedObject{it->first, it->second});
        }
        break;
      case OpKind::kPut:
        REQUIRE(request.condition == Condition::kIfNoneMatch);
        if (found != etag_by_key.end()) {
          response.status = Status::kPreconditionFailed;
        } else {
          response.etag = "etag-" + std::to_string(++etags_made);
          etag_by_key[request.key] = response.etag;
        }
        break;
      case OpKind::kDelete:
        REQUIRE(request.condition == Condition::kIfMatch);
        if (found == etag_by_key.end()) {
          response.status = Status::kNotFound;
        } else if (found->second != request.etag) {
          response.status = Status::kPreconditionFailed;
        } else {
          etag_by_key.erase(found);
        }
        break;
      case OpKind::kGet:
        FAIL("naive sends no GET here");
    }
    return response;
  }
};

}  // namespace

TEST_CASE("handoff: a borrowed request stays unchanged until its response") {
  const ElectorOptions options = naive_with_heartbeats();
  const std::unique_ptr<Elector> elector = make_elector(options);
  elector->handle_start(0);
  drain_events(*elector);
  // The first round: LIST, then a create that wins epoch 1.
  const OutgoingRequest* list = elector->borrow_request();
  REQUIRE(list != nullptr);
  REQUIRE(list->request.op == OpKind::kList);
  CHECK(elector->borrow_request() == nullptr);
  elector->handle_response(list->id, empty_listing(), milliseconds(10));
  drain_events(*elector);
  const OutgoingRequest* create = elector->borrow_request();
  REQUIRE(create != nullptr);
  REQUIRE(create->request.op == OpKind::kPut);
  // The create reuses the LIST's entry: the LIST has been answered.
  CHECK(create == list);
  elector->handle_response(create->id, StoreResponse{}, milliseconds(20));
  drain_events(*elector);
  CHECK(elector->borrow_request() == nullptr);
  // The heartbeat, due since 0, takes the first entry; it stays unanswered.
  elector->handle_timeout(milliseconds(30));
  drain_events(*elector);
  const OutgoingRequest* state_put = elector->borrow_request();
  REQUIRE(state_put != nullptr);
  REQUIRE(state_put->request.op == OpKind::kPut);
  REQUIRE(state_put->request.key != epoch_key(options.election_prefix, 1));
  const OutgoingRequest sent = *state_put;
  // Thirty rounds of LIST and create, each answered at once, while the
  // heartbeat is in flight: none of them may touch it.
  std::set<const OutgoingRequest*> entries_used;
  for (int round = 1; round <= 30; ++round) {
    const Nanos round_ns = seconds(round);
    elector->handle_timeout(round_ns);
    drain_events(*elector);
    CHECK(same_request(*state_put, sent));
    const OutgoingRequest* round_list = elector->borrow_request();
    REQUIRE(round_list != nullptr);
    REQUIRE(round_list->request.op == OpKind::kList);
    CHECK(round_list != state_put);
    entries_used.insert(round_list);
    elector->handle_response(round_list->id, empty_listing(), round_ns + milliseconds(10));
    drain_events(*elector);
    CHECK(same_request(*state_put, sent));
    const OutgoingRequest* round_create = elector->borrow_request();
    REQUIRE(round_create != nullptr);
    REQUIRE(round_create->request.op == OpKind::kPut);
    CHECK(round_create != state_put);
    entries_used.insert(round_create);
    StoreResponse lost;
    lost.status = Status::kPreconditionFailed;
    elector->handle_response(round_create->id, lost, round_ns + milliseconds(20));
    drain_events(*elector);
    CHECK(same_request(*state_put, sent));
    CHECK(elector->borrow_request() == nullptr);
  }
  // One entry serves every answered request: buffers are reused, not grown.
  CHECK(entries_used.size() == 1);
  // Once answered, the heartbeat's entry is free again: the heartbeats that
  // came due meanwhile were coalesced, and their write reuses it at once.
  elector->handle_response(state_put->id, StoreResponse{}, seconds(30) + milliseconds(30));
  drain_events(*elector);
  const OutgoingRequest* next_state_put = elector->borrow_request();
  REQUIRE(next_state_put != nullptr);
  CHECK(next_state_put->request.key == sent.request.key);
  CHECK(next_state_put->id != sent.id);
  CHECK(next_state_put == state_put);
}

TEST_CASE("handoff: poll_request hands out a copy the driver owns") {
  const ElectorOptions options = naive_with_heartbeats();
  const std::unique_ptr<Elector> elector = make_elector(options);
  elector->handle_start(0);
  drain_events(*elector);
  OutgoingRequest copy;
  REQUIRE(elector->poll_request(copy));
  CHECK(copy.request.op == OpKind::kList);
  CHECK(copy.request.key == epoch_list_prefix(options.election_prefix));
  CHECK_FALSE(elector->poll_request(copy));
  // The copy survives its response and the requests that follow it.
  const OutgoingRequest before = copy;
  elector->handle_response(copy.id, empty_listing(), milliseconds(10));
  drain_events(*elector);
  const std::optional<OutgoingRequest> create = elector->poll_request();
  REQUIRE(create.has_value());
  CHECK(create->request.op == OpKind::kPut);
  CHECK(same_request(copy, before));
}

TEST_CASE("handoff: a response to a LIST or PUT trades its body buffer for the request's") {
  ElectorOptions options = naive_with_heartbeats();
  options.publish_state = false;
  const std::unique_ptr<Elector> elector = make_elector(options);
  elector->handle_start(0);
  drain_events(*elector);
  const OutgoingRequest* list = elector->borrow_request();
  REQUIRE(list != nullptr);
  // A driver's reused response: no body, but a buffer from earlier use.
  StoreResponse response;
  response.body.reserve(4096);
  const char* const buffer = response.body.data();
  elector->handle_response(list->id, response, milliseconds(10));
  drain_events(*elector);
  // The response leaves as a LIST response must: without a body.
  CHECK(response.body.empty());
  CHECK(response.body.data() != buffer);
  // The create that the LIST led to is written into the buffer the driver
  // handed over.
  const OutgoingRequest* create = elector->borrow_request();
  REQUIRE(create != nullptr);
  REQUIRE(create->request.op == OpKind::kPut);
  CHECK_FALSE(create->request.body.empty());
  CHECK(create->request.body.data() == buffer);
}

TEST_CASE("handoff: a request entry reused after an If-Match request carries no ETag") {
  // compose() clears an entry's ETag only after an If-Match request
  // (core/elector_base.cpp): a lone naive node with garbage collection wins
  // every round and deletes its own old slot with If-Match, and the next
  // round's requests come from the same entries. None but an If-Match
  // request may name an ETag, and the store's ETags must match exactly.
  ElectorOptions options;
  options.algorithm = Algorithm::kNaive;
  options.node_id = "n1";
  options.poll_interval_ns = seconds(1);
  options.gc_keep = 2;
  options.gc_min_age_ns = 0;
  const std::unique_ptr<Elector> elector = make_elector(options);
  TinyStore store;
  int if_match_requests = 0;
  int reused_after_if_match = 0;
  const OutgoingRequest* last_if_match = nullptr;
  run_answering(*elector, 12, [&](const OutgoingRequest& outgoing) {
    const StoreRequest& request = outgoing.request;
    if (request.condition == Condition::kIfMatch) {
      ++if_match_requests;
      CHECK_FALSE(request.etag.empty());
      last_if_match = &outgoing;
    } else {
      if (&outgoing == last_if_match) ++reused_after_if_match;
      CHECK(request.etag.empty());
    }
    return store.answer(request);
  });
  CHECK(if_match_requests >= 8);
  CHECK(reused_after_if_match >= 8);
  // Every delete matched: the store keeps the newest gc_keep epochs and the
  // one whose slot the last round's creator deletes next.
  CHECK(store.etag_by_key.size() <= 3);
}

TEST_CASE("handoff: an entry reused after a request to another bucket names the election bucket") {
  // compose_in_election_bucket keeps an entry's bucket when its last request
  // went to the election bucket (core/elector_base.cpp); any other request
  // clears that mark. A naive node with its own state bucket (per-node
  // layout) interleaves heartbeat writes there with its rounds' requests in
  // the same entries: each request must name its own bucket.
  ElectorOptions options;
  options.algorithm = Algorithm::kNaive;
  options.layout = Layout::kPerNode;
  options.node_id = "n1";
  options.node_bucket = "n1-own-bucket";
  options.poll_interval_ns = seconds(1);
  options.publish_state = true;
  options.heartbeat_interval_ns = milliseconds(700);
  options.gc_keep = 2;
  options.gc_min_age_ns = 0;
  REQUIRE_FALSE(validate_options(options).has_value());
  const std::unique_ptr<Elector> elector = make_elector(options);
  const std::string election_keys = epoch_list_prefix(options.election_prefix);
  TinyStore store;
  int state_writes = 0;
  int election_requests = 0;
  run_answering(*elector, 40, [&](const OutgoingRequest& outgoing) {
    const StoreRequest& request = outgoing.request;
    if (request.key.starts_with(election_keys)) {
      ++election_requests;
      CHECK(request.bucket == options.election_bucket);
      return store.answer(request);
    }
    ++state_writes;
    CHECK(request.op == OpKind::kPut);
    CHECK(request.bucket == options.node_bucket);
    return StoreResponse();
  });
  CHECK(state_writes >= 10);
  CHECK(election_requests >= 40);
}
