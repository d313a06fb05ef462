// Rules (core, naive): the prototype's round, faithfully: every poll interval
// LIST the whole prefix (all pages), create max+1 with If-None-Match, the
// winner leads until the next round, any error means follower (no retries, no
// read-backs). With garbage collection on, a win below the highest epoch is
// never acted on.
#include <doctest/doctest.h>

#include <algorithm>
#include <utility>

#include "core/gc.hpp"
#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "tests/core/fake_store.hpp"

using namespace holocron;
using namespace holocron::testing;

namespace {

// Drives one elector by hand: the test answers each request itself.
struct Manual {
  std::unique_ptr<Elector> elector;
  std::vector<Event> events;
  std::deque<OutgoingRequest> requests;

  explicit Manual(const ElectorOptions& options) : elector(make_elector(options)) {}

  void drain() {
    while (auto event = elector->poll_event()) events.push_back(std::move(*event));
    while (auto request = elector->poll_request()) requests.push_back(std::move(*request));
  }
  OutgoingRequest take() {
    REQUIRE_FALSE(requests.empty());
    OutgoingRequest request = std::move(requests.front());
    requests.pop_front();
    return request;
  }
  void respond(const OutgoingRequest& request, StoreResponse response, Nanos now_ns) {
    elector->handle_response(request.id, std::move(response), now_ns);
    drain();
  }
  std::vector<Event> take_events() {
    std::vector<Event> taken;
    taken.swap(events);
    return taken;
  }
};

ElectorOptions naive_options(std::string node_id) {
  ElectorOptions options;
  options.algorithm = Algorithm::kNaive;
  options.node_id = std::move(node_id);
  options.poll_interval_ns = seconds(1);
  return options;
}

StoreResponse listing(std::initializer_list<Epoch> epochs, bool truncated) {
  StoreResponse response;
  for (const Epoch epoch : epochs) {
    response.objects.push_back(
        ListedObject{epoch_key("election/", epoch), "\"etag-" + std::to_string(epoch) + "\""});
  }
  response.truncated = truncated;
  return response;
}

StoreResponse status(Status value) {
  StoreResponse response;
  response.status = value;
  return response;
}

}  // namespace

TEST_CASE("rule naive: one round is LIST all pages, create max+1, lead until the next round") {
  Manual node(naive_options("n1"));
  node.elector->handle_start(0);
  node.drain();
  CHECK(node.events.empty());
  CHECK(node.elector->poll_timeout() == seconds(1));

  OutgoingRequest list = node.take();
  CHECK(list.request.op == OpKind::kList);
  CHECK(list.request.bucket == "holocron");
  CHECK(list.request.key == "election/epoch-");
  CHECK(list.request.start_after.empty());
  CHECK(list.request.max_keys == kListPageKeysMax);
  CHECK(node.requests.empty());

  // Page 1 is truncated: the next page starts after its last key.
  node.respond(list, listing({1, 2, 3}, true), milliseconds(10));
  OutgoingRequest page2 = node.take();
  CHECK(page2.request.op == OpKind::kList);
  CHECK(page2.request.start_after == epoch_key("election/", 3));

  node.respond(page2, listing({4, 5}, false), milliseconds(20));
  OutgoingRequest put = node.take();
  CHECK(put.request.op == OpKind::kPut);
  CHECK(put.request.key == "election/epoch-00000000000000000006");
  CHECK(put.request.condition == Condition::kIfNoneMatch);
  const LockDecode body = decode_lock_record(put.request.body);
  REQUIRE(body.record.has_value());
  CHECK(body.record->epoch == 6);
  CHECK(body.record->owner == "n1");
  CHECK(body.record->previous_epoch == 5);
  CHECK(body.record->previous_etag == "\"etag-5\"");
  CHECK(node.requests.empty());

  StoreResponse created;
  created.etag = "\"e6\"";
  node.respond(put, created, milliseconds(30));
  CHECK(node.requests.empty());  // no renewal, no confirmation: the prototype
  const auto events = node.take_events();
  REQUIRE(events.size() == 4);
  CHECK(events[0].kind == EventKind::kObservedEpoch);
  CHECK(events[0].epoch == 5);
  CHECK(events[1].kind == EventKind::kObservedEpoch);
  CHECK(events[1].epoch == 6);
  CHECK(events[1].owner == "n1");
  CHECK(events[2].kind == EventKind::kAttemptEnded);
  CHECK(events[2].attempt == AttemptOutcome::kWon);
  CHECK(events[3].kind == EventKind::kBecameLeader);
  CHECK(events[3].epoch == 6);
  CHECK(events[3].acting_until_local_ns == seconds(1));
  CHECK(node.elector->acting_epoch(milliseconds(999)) == Epoch{6});
  CHECK_FALSE(node.elector->acting_epoch(seconds(1)).has_value());

  // The next round ends the leadership and lists again.
  node.elector->handle_timeout(seconds(1));
  node.drain();
  const auto round2 = node.take_events();
  REQUIRE(round2.size() == 1);
  CHECK(round2[0].kind == EventKind::kStoppedLeading);
  CHECK(round2[0].stop_reason == StopReason::kRoundEnded);
  OutgoingRequest list2 = node.take();
  CHECK(list2.request.op == OpKind::kList);

  // Any error means follower for the round: no retry, no create.
  node.respond(list2, status(Status::kSlowDown), seconds(1) + 1);
  CHECK(node.requests.empty());
  CHECK(node.elector->poll_timeout() == seconds(2));

  // A create that timed out is not resolved: the prototype calls it lost.
  node.elector->handle_timeout(seconds(2));
  node.drain();
  node.respond(node.take(), listing({6}, false), seconds(2) + 1);
  OutgoingRequest put7 = node.take();
  CHECK(put7.request.key == epoch_key("election/", 7));
  node.take_events();
  node.respond(put7, status(Status::kTimeout), seconds(2) + 2);
  CHECK(node.requests.empty());
  const auto timed_out = node.take_events();
  REQUIRE_FALSE(timed_out.empty());
  CHECK(timed_out[0].kind == EventKind::kAttemptEnded);
  CHECK(timed_out[0].attempt == AttemptOutcome::kError);
  CHECK_FALSE(node.elector->acting_epoch(seconds(2) + 3).has_value());

  // 412: lost the race.
  node.elector->handle_timeout(seconds(3));
  node.drain();
  node.respond(node.take(), listing({6, 7}, false), seconds(3) + 1);
  node.take_events();
  node.respond(node.take(), status(Status::kPreconditionFailed), seconds(3) + 2);
  const auto lost = node.take_events();
  REQUIRE(lost.size() == 1);
  CHECK(lost[0].attempt == AttemptOutcome::kLost);
}

TEST_CASE("rule naive: in a cluster every round elects a new epoch; rounds overlap leaders") {
  Cluster cluster;
  for (int i = 0; i < 3; ++i) cluster.add(naive_options("n" + std::to_string(i)));
  cluster.latency_min_ns = milliseconds(10);  // the anchors' workload: uniform 10-50 ms
  cluster.latency_max_ns = milliseconds(50);
  cluster.start_all();
  cluster.run(seconds(9) + milliseconds(500));
  // Ten rounds (at 0 s .. 9 s), at least one new epoch each: a node whose LIST
  // lands after another's create creates the next epoch in the same round.
  const std::size_t epochs = cluster.store.objects.size();
  CHECK(epochs >= 10);
  std::size_t won = 0;
  std::size_t winners = 0;
  for (const auto& node : cluster.nodes) {
    won += node.count(EventKind::kBecameLeader);
    winners += node.count(EventKind::kBecameLeader) > 0 ? 1 : 0;
  }
  CHECK(won == epochs);  // every epoch object was won by exactly one node
  CHECK(winners >= 2);   // no stable leadership
  // The prototype's flaw, which the checkers are expected to report: two
  // winners of one round both lead until the next round.
  CHECK(cluster.max_acting_at_once >= 2);
  CHECK(cluster.nodes[0].elector->highest_epoch_seen() >= 9);
}

TEST_CASE("rule naive GC: the winner keeps the newest gc_keep epochs and deletes older ones") {
  Cluster cluster;
  for (int i = 0; i < 2; ++i) {
    ElectorOptions options = naive_options("n" + std::to_string(i));
    options.gc_keep = 3;
    options.gc_min_age_ns = seconds(2);
    cluster.add(options);
  }
  cluster.start_all();
  cluster.run(seconds(19) + milliseconds(500));
  // 20 epochs created; objects older than the newest 3 and at least 2 s old are gone.
  CHECK(cluster.nodes[0].elector->highest_epoch_seen() >= 19);
  CHECK(cluster.store.objects.size() <= 3 + 3);
  CHECK(cluster.store.objects.size() >= 3);
  CHECK(cluster.store.find("holocron", epoch_key("election/", 1)) == nullptr);
  const Epoch newest = cluster.nodes[0].elector->highest_epoch_seen();
  CHECK(cluster.store.find("holocron", epoch_key("election/", newest)) != nullptr);
}

TEST_CASE("rule naive GC own slot: the creator of e deletes e - keep, then leftovers") {
  // Leftovers are the listed epochs at or below e - 2 keep (core/gc.hpp).
  // A page of epochs 1..20 except 15, each with its own ETag.
  std::vector<ListedObject> page;
  for (Epoch epoch = 1; epoch <= 20; ++epoch) {
    if (epoch == 15) continue;
    page.push_back(
        ListedObject{epoch_key("election/", epoch), "\"e" + std::to_string(epoch) + "\""});
  }
  std::vector<GcVictim> victims;
  SUBCASE("own slot first, with its listed ETag, then the leftovers ascending") {
    const std::size_t leftovers = plan_own_slot_gc(page, "election/", 20, 4, 100, victims);
    REQUIRE(victims.size() == 13);
    CHECK(leftovers == 12);
    CHECK(victims[0].epoch == 16);
    CHECK(victims[0].etag == "\"e16\"");
    for (std::size_t i = 1; i < victims.size(); ++i) CHECK(victims[i].epoch == i);
  }
  SUBCASE("an own slot that is not listed is not deleted") {
    const std::size_t leftovers = plan_own_slot_gc(page, "election/", 19, 4, 100, victims);
    CHECK(leftovers == 11);
    REQUIRE(victims.size() == 11);
    CHECK(victims.front().epoch == 1);
    CHECK(victims.back().epoch == 11);
  }
  SUBCASE("nothing younger than old_enough is deleted") {
    const std::size_t leftovers = plan_own_slot_gc(page, "election/", 20, 4, 10, victims);
    CHECK(leftovers == 10);
    REQUIRE(victims.size() == 10);
    CHECK(victims.back().epoch == 10);
  }
  SUBCASE("no slot below the first keep epochs") {
    CHECK(plan_own_slot_gc(page, "election/", 4, 4, 100, victims) == 0);
    CHECK(victims.empty());
  }
}

TEST_CASE("rule GC stale recreation (naive): a win below the highest epoch is never acted on") {
  ElectorOptions options = naive_options("stale");
  options.gc_keep = 2;
  Manual node(options);
  FakeStore store;
  store.put("holocron", epoch_key("election/", 1), "{}");
  store.put("holocron", epoch_key("election/", 2), "{}");
  node.elector->handle_start(0);
  node.drain();
  const OutgoingRequest list = node.take();
  node.respond(list, store.apply("stale", list.request), 1);
  const OutgoingRequest put = node.take();
  CHECK(put.request.key == epoch_key("election/", 3));
  // While the create is delayed, others move on to epoch 8 and collect 1..5.
  for (Epoch epoch = 3; epoch <= 8; ++epoch)
    store.put("holocron", epoch_key("election/", epoch), "{}");
  for (Epoch epoch = 1; epoch <= 5; ++epoch) {
    store.objects.erase(FakeStore::path("holocron", epoch_key("election/", epoch)));
  }
  // The delayed create re-creates the deleted key 3 and wins it.
  const StoreResponse created = store.apply("stale", put.request);
  REQUIRE(created.status == Status::kOk);
  node.respond(put, created, 2);
  const OutgoingRequest confirm = node.take();
  CHECK(confirm.request.op == OpKind::kList);
  CHECK(confirm.request.start_after == epoch_key("election/", 3));
  CHECK(confirm.request.max_keys == 1);
  node.respond(confirm, store.apply("stale", confirm.request), 3);
  CHECK_FALSE(node.elector->acting_epoch(4).has_value());
  bool stale = false;
  for (const Event& event : node.events) {
    CHECK(event.kind != EventKind::kBecameLeader);
    if (event.kind == EventKind::kAttemptEnded && event.attempt == AttemptOutcome::kStale)
      stale = true;
  }
  CHECK(stale);
  CHECK(node.elector->highest_epoch_seen() == 6);
}

TEST_CASE("rule naive config error: 403 on the election prefix backs off instead of spinning") {
  Cluster cluster;
  cluster.add(naive_options("n1"));
  cluster.store.forbid = [](const std::string&, const StoreRequest&) { return true; };
  cluster.start_all();
  cluster.run(minutes(2));
  const auto& node = cluster.nodes[0];
  CHECK(node.count(EventKind::kConfigError) >= 1);
  // One LIST per configuration backoff (30 s by default), not one per second.
  CHECK(node.sent.size() <= 6);
  CHECK(node.count(EventKind::kBecameLeader) == 0);
}

TEST_CASE("rule driver contract: peek_event and pop_event give poll_event's events, in order") {
  // Two electors with the same options get the same inputs; one is drained
  // with poll_event, the other read in place with peek_event and pop_event.
  const std::unique_ptr<Elector> polled = make_elector(naive_options("n1"));
  const std::unique_ptr<Elector> peeked = make_elector(naive_options("n1"));
  std::vector<std::pair<EventKind, Epoch>> by_poll;
  std::vector<std::pair<EventKind, Epoch>> by_peek;
  const auto drain_both = [&] {
    while (auto event = polled->poll_event()) by_poll.emplace_back(event->kind, event->epoch);
    while (const Event* event = peeked->peek_event()) {
      CHECK(peeked->peek_event() == event);  // peeking again changes nothing
      by_peek.emplace_back(event->kind, event->epoch);
      peeked->pop_event();
    }
    CHECK(peeked->peek_event() == nullptr);
  };
  const auto answer_both = [&](const StoreResponse& response, Nanos now_ns) {
    OutgoingRequest from_polled;
    OutgoingRequest from_peeked;
    REQUIRE(polled->poll_request(from_polled));
    REQUIRE(peeked->poll_request(from_peeked));
    REQUIRE(from_polled.id == from_peeked.id);
    StoreResponse copy = response;
    polled->handle_response(from_polled.id, StoreResponse(response), now_ns);
    peeked->handle_response(from_peeked.id, copy, now_ns);
    drain_both();
  };
  polled->handle_start(0);
  peeked->handle_start(0);
  drain_both();
  answer_both(listing({1, 2, 3}, false), milliseconds(10));
  StoreResponse created;
  created.etag = "\"e4\"";
  answer_both(created, milliseconds(20));
  polled->handle_timeout(seconds(1));
  peeked->handle_timeout(seconds(1));
  drain_both();
  CHECK(by_peek == by_poll);
  CHECK(std::count(by_poll.begin(), by_poll.end(), std::pair{EventKind::kBecameLeader, Epoch{4}}) ==
        1);
  CHECK(by_poll.size() >= 2);
}

TEST_CASE("rule driver contract: an event read in place carries no string of an earlier event") {
  // A core reuses one slot for the first event of each input, and clears
  // the strings an earlier event left there only when one may have set them:
  // an event read with peek_event must show only its own owner and detail.
  const std::unique_ptr<Elector> elector = make_elector(naive_options("n1"));
  std::vector<Event> seen;
  const auto drain = [&] {
    while (const Event* event = elector->peek_event()) {
      seen.push_back(*event);
      elector->pop_event();
    }
  };
  const auto answer = [&](const StoreResponse& response, Nanos now_ns) {
    const OutgoingRequest* request = elector->borrow_request();
    REQUIRE(request != nullptr);
    elector->handle_response(request->id, StoreResponse(response), now_ns);
    drain();
  };
  elector->handle_start(0);
  drain();
  // Round 1 wins epoch 4 (its events name this node as the owner).
  answer(listing({1, 2, 3}, false), milliseconds(10));
  StoreResponse created;
  created.etag = "\"e4\"";
  answer(created, milliseconds(20));
  // Round 2 stops leading, and its LIST fails (a store error with a detail).
  elector->handle_timeout(seconds(1));
  drain();
  answer(status(Status::kSlowDown), seconds(1) + milliseconds(10));
  // Round 3 observes epoch 5 and loses the create of 6: no strings at all.
  elector->handle_timeout(seconds(2));
  drain();
  answer(listing({4, 5}, false), seconds(2) + milliseconds(10));
  answer(status(Status::kPreconditionFailed), seconds(2) + milliseconds(20));
  REQUIRE(seen.size() >= 7);
  int owned = 0;
  int detailed = 0;
  for (const Event& event : seen) {
    CAPTURE(to_string(event.kind));
    CAPTURE(event.epoch);
    const bool won_by_n1 = event.epoch == 4 && (event.kind == EventKind::kObservedEpoch ||
                                                event.kind == EventKind::kAttemptEnded);
    CHECK(event.owner == (won_by_n1 ? "n1" : ""));
    owned += won_by_n1 ? 1 : 0;
    CHECK(event.detail.empty() == (event.kind != EventKind::kStoreError));
    detailed += event.kind == EventKind::kStoreError ? 1 : 0;
  }
  CHECK(owned == 2);
  CHECK(detailed == 1);
  // The last round's events: epoch 5 observed, epoch 6 lost.
  CHECK(seen.back().kind == EventKind::kAttemptEnded);
  CHECK(seen.back().attempt == AttemptOutcome::kLost);
  CHECK(seen[seen.size() - 2].kind == EventKind::kObservedEpoch);
  CHECK(seen[seen.size() - 2].epoch == 5);
}

TEST_CASE("rule naive: the largest epoch on an earlier LIST page names that page's ETag") {
  // A round reads the largest epoch's ETag where it is when the round ends on
  // the page that holds it, and keeps a copy only when the LIST continues:
  // here page 2 holds no epoch key, so the body must name page 1's ETag.
  Manual node(naive_options("n1"));
  node.elector->handle_start(0);
  node.drain();
  for (int round = 0; round < 2; ++round) {
    const Nanos start_ns = seconds(round);
    if (round > 0) {
      node.elector->handle_timeout(start_ns);
      node.drain();
    }
    const OutgoingRequest list = node.take();
    const Epoch top = round == 0 ? 3 : 7;
    node.respond(list, listing({top - 2, top - 1, top}, true), start_ns + 1);
    const OutgoingRequest page2 = node.take();
    StoreResponse foreign;
    foreign.objects.push_back(ListedObject{"election/epoch-zzz", "\"foreign\""});
    node.respond(page2, foreign, start_ns + 2);
    const OutgoingRequest put = node.take();
    const LockDecode body = decode_lock_record(put.request.body);
    REQUIRE(body.record.has_value());
    CHECK(body.record->epoch == top + 1);
    CHECK(body.record->previous_epoch == top);
    CHECK(body.record->previous_etag == "\"etag-" + std::to_string(top) + "\"");
    node.respond(put, status(Status::kPreconditionFailed), start_ns + 3);
  }
}

TEST_CASE("rule naive GC with gc_min_age_ns = 0: the newest epoch noted is old enough at once") {
  // With no minimum age the core keeps only the highest epoch noted since
  // the last backwards clock step (not the age tracker's samples): the
  // creator deletes its own slot in the same round, and after a backwards
  // step nothing until an epoch is noted again.
  ElectorOptions options = naive_options("n1");
  options.gc_keep = 2;
  options.gc_min_age_ns = 0;
  for (const bool step_back : {false, true}) {
    CAPTURE(step_back);
    Manual node(options);
    FakeStore store;
    for (Epoch epoch = 1; epoch <= 4; ++epoch)
      store.put("holocron", epoch_key("election/", epoch), "{}");
    node.elector->handle_start(milliseconds(100));
    node.drain();
    const OutgoingRequest list = node.take();
    node.respond(list, store.apply("n1", list.request), milliseconds(110));
    const OutgoingRequest put = node.take();
    CHECK(put.request.key == epoch_key("election/", 5));
    node.respond(put, store.apply("n1", put.request), milliseconds(120));
    const OutgoingRequest confirm = node.take();
    CHECK(confirm.request.max_keys == 1);
    // A backwards step before the confirmation clears what was noted.
    node.respond(confirm, store.apply("n1", confirm.request),
                 step_back ? milliseconds(50) : milliseconds(130));
    if (step_back) {
      CHECK(node.requests.empty());
    } else {
      // The own slot, 5 - 2 = 3, with its listed ETag.
      const OutgoingRequest deletion = node.take();
      CHECK(deletion.request.op == OpKind::kDelete);
      CHECK(deletion.request.key == epoch_key("election/", 3));
      CHECK(deletion.request.condition == Condition::kIfMatch);
    }
  }
}
