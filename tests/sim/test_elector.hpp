// A scripted election core for engine tests: it does just enough to exercise
// the engine's driver contract (requests, timers, leadership, acting_epoch)
// and records every input it gets, so that a test can see exactly what the
// engine delivered and when.
#pragma once

#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/elector.hpp"
#include "sim/engine.hpp"

namespace holocron::sim::testing {

// One input a TestElector received.
struct Received {
  enum class Kind { kStart, kTimeout, kResponse, kResign } kind = Kind::kStart;
  std::string node;
  int instance = 0;  // which core instance of that node (0 = first start)
  Nanos local_ns = 0;
  RequestId id = 0;
  Status status = Status::kOk;
};

// What each node's TestElector does; shared by all instances of a run.
struct TestWorld {
  // Every timer fire sends one request like this one (bucket "holocron").
  OpKind op = OpKind::kPut;
  Condition condition = Condition::kIfNoneMatch;
  std::string key = "probe";
  // Send the first request on start (otherwise on the first timer only).
  bool send_on_start = true;
  // Re-arm every poll_interval_ns; 0: never arm a timer.
  bool periodic = false;
  // The first deadline after start, relative to the start's local time (may
  // be negative: a timer armed in the past). Unset: start + poll_interval.
  std::optional<Nanos> first_deadline_offset_ns;
  // node id -> (epoch, local instant at which it becomes leader of it).
  std::map<std::string, std::pair<Epoch, Nanos>> leadership;
  Nanos acting_for_ns = seconds(2);
  // Overwrite a borrowed request's key and body as soon as the contract lets
  // the core reuse it (its response, or the elector's destruction), as a real
  // core reusing the entry would: an engine that reads a request after that
  // sees "scribbled".
  bool scribble_released_requests = false;

  std::vector<Received> log;
  std::map<std::string, int> instances;

  [[nodiscard]] std::vector<Received> of(const std::string& node, Received::Kind kind) const {
    std::vector<Received> result;
    for (const Received& entry : log) {
      if (entry.node == node && entry.kind == kind) result.push_back(entry);
    }
    return result;
  }
};

class TestElector final : public Elector {
 public:
  TestElector(const ElectorOptions& options, TestWorld& world)
      : options_(options), world_(world), instance_(world.instances[options.node_id]++) {}
  TestElector(const TestElector&) = delete;
  TestElector& operator=(const TestElector&) = delete;
  ~TestElector() override {
    if (!world_.scribble_released_requests) return;
    for (OutgoingRequest& lent : lent_) scribble(lent);
  }

  void handle_start(Nanos now_ns) override {
    record(Received::Kind::kStart, now_ns, 0, Status::kOk);
    if (world_.send_on_start) send();
    deadline_ = now_ns + world_.first_deadline_offset_ns.value_or(options_.poll_interval_ns);
    const auto found = world_.leadership.find(options_.node_id);
    if (found != world_.leadership.end()) {
      lead_epoch_ = found->second.first;
      lead_at_ = found->second.second;
      if (lead_at_ <= now_ns)
        become_leader(now_ns);
      else if (!deadline_ || lead_at_ < *deadline_)
        deadline_ = lead_at_;
    }
  }
  void handle_resign(Nanos now_ns) override {
    record(Received::Kind::kResign, now_ns, 0, Status::kOk);
  }
  void handle_stop(Nanos /*now_ns*/) override {}
  void handle_timeout(Nanos now_ns) override {
    if (!deadline_ || now_ns < *deadline_) return;  // early calls are no-ops
    record(Received::Kind::kTimeout, now_ns, 0, Status::kOk);
    deadline_.reset();
    if (lead_epoch_ != 0 && !led_ && now_ns >= lead_at_) become_leader(now_ns);
    if (world_.periodic) {
      send();
      deadline_ = now_ns + options_.poll_interval_ns;
    }
  }
  using Elector::handle_response;
  void handle_response(RequestId id, StoreResponse& response, Nanos now_ns) override {
    record(Received::Kind::kResponse, now_ns, id, response.status);
    if (!world_.scribble_released_requests) return;
    for (OutgoingRequest& lent : lent_) {
      if (lent.id == id) scribble(lent);
    }
  }
  std::optional<Event> poll_event() override {
    if (events_.empty()) return std::nullopt;
    Event event = events_.front();
    events_.pop_front();
    return event;
  }
  const Event* peek_event() const override { return events_.empty() ? nullptr : &events_.front(); }
  void pop_event() override { events_.pop_front(); }
  // Borrowed requests are kept until the elector goes away, which is longer
  // than the contract asks (a test elector sends few).
  const OutgoingRequest* borrow_request() override {
    if (requests_.empty()) return nullptr;
    lent_.push_back(std::move(requests_.front()));
    requests_.pop_front();
    return &lent_.back();
  }
  std::optional<Nanos> poll_timeout() const override { return deadline_; }
  std::optional<Epoch> acting_epoch(Nanos now_ns) const override {
    if (led_ && now_ns < acting_until_) return lead_epoch_;
    return std::nullopt;
  }
  Epoch highest_epoch_seen() const override { return lead_epoch_; }

 private:
  static void scribble(OutgoingRequest& lent) {
    lent.request.key = "scribbled";
    lent.request.body = "scribbled";
  }
  void record(Received::Kind kind, Nanos local_ns, RequestId id, Status status) {
    world_.log.push_back(Received{kind, options_.node_id, instance_, local_ns, id, status});
  }
  void send() {
    OutgoingRequest outgoing;
    outgoing.id = ++next_id_;
    outgoing.request.op = world_.op;
    outgoing.request.bucket = options_.election_bucket;
    outgoing.request.key = world_.key;
    outgoing.request.condition = world_.condition;
    outgoing.request.body = options_.node_id;
    requests_.push_back(std::move(outgoing));
  }
  void become_leader(Nanos now_ns) {
    led_ = true;
    acting_until_ = now_ns + world_.acting_for_ns;
    Event event;
    event.kind = EventKind::kBecameLeader;
    event.epoch = lead_epoch_;
    event.acting_until_local_ns = acting_until_;
    events_.push_back(event);
  }

  ElectorOptions options_;
  TestWorld& world_;
  int instance_;
  RequestId next_id_ = 0;
  std::optional<Nanos> deadline_;
  std::deque<Event> events_;
  std::deque<OutgoingRequest> requests_;
  std::deque<OutgoingRequest> lent_;  // borrowed: a deque keeps them where they are
  Epoch lead_epoch_ = 0;
  Nanos lead_at_ = 0;
  bool led_ = false;
  Nanos acting_until_ = 0;
};

inline ElectorFactory test_factory(TestWorld& world) {
  return [&world](const ElectorOptions& options) {
    return std::make_unique<TestElector>(options, world);
  };
}

}  // namespace holocron::sim::testing
