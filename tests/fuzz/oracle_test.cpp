// The elector oracle must be able to fail: each test feeds it a sequence that
// breaks one property and expects InvariantViolation, next to the same
// sequence made legal, so that a silent oracle cannot pass the fuzz replay.
#include <doctest/doctest.h>

#include "core/keys.hpp"
#include "core/lock_record.hpp"
#include "tests/fuzz/elector_oracle.hpp"
#include "tests/fuzz/fuzz_targets.hpp"

namespace holocron::fuzz {
namespace {

ElectorOptions naive_options() {
  ElectorOptions options;
  options.algorithm = Algorithm::kNaive;
  options.node_id = "n1";
  return options;
}

StoreRequest create_of(const ElectorOptions& options, Epoch epoch) {
  LockRecord record;
  record.epoch = epoch;
  record.owner = options.node_id;
  record.lease_ns = options.poll_interval_ns;
  StoreRequest request;
  request.op = OpKind::kPut;
  request.bucket = options.election_bucket;
  request.key = epoch_key(options.election_prefix, epoch);
  request.condition = Condition::kIfNoneMatch;
  request.body = encode_lock_record(record);
  return request;
}

Event became_leader(Epoch epoch, Nanos until_ns) {
  Event event;
  event.kind = EventKind::kBecameLeader;
  event.epoch = epoch;
  event.acting_until_local_ns = until_ns;
  return event;
}

// A stand-in elector whose answers the test sets.
class FixedElector final : public Elector {
 public:
  void handle_start(Nanos) override {}
  void handle_resign(Nanos) override {}
  void handle_stop(Nanos) override {}
  void handle_timeout(Nanos) override {}
  using Elector::handle_response;
  void handle_response(RequestId, StoreResponse&, Nanos) override {}
  std::optional<Event> poll_event() override { return std::nullopt; }
  const Event* peek_event() const override { return nullptr; }
  void pop_event() override {}
  const OutgoingRequest* borrow_request() override { return nullptr; }
  std::optional<Nanos> poll_timeout() const override { return std::nullopt; }
  std::optional<Epoch> acting_epoch(Nanos) const override { return acting; }
  Epoch highest_epoch_seen() const override { return highest; }

  std::optional<Epoch> acting;
  Epoch highest = 0;
};

TEST_CASE("elector oracle: leadership needs a won create") {
  const ElectorOptions options = naive_options();
  FixedElector elector;
  SUBCASE("without evidence") {
    ElectorOracle oracle(options);
    oracle.on_request(create_of(options, 3), 100, elector);
    CHECK_THROWS_AS(oracle.on_event(became_leader(3, 200)), InvariantViolation);
  }
  SUBCASE("with a 200 to its own create") {
    ElectorOracle oracle(options);
    const StoreRequest create = create_of(options, 3);
    oracle.on_request(create, 100, elector);
    oracle.on_response(create, StoreResponse{});
    CHECK_NOTHROW(oracle.on_event(became_leader(3, 200)));
  }
  SUBCASE("a 412 is no evidence") {
    ElectorOracle oracle(options);
    const StoreRequest create = create_of(options, 3);
    oracle.on_request(create, 100, elector);
    StoreResponse lost;
    lost.status = Status::kPreconditionFailed;
    oracle.on_response(create, lost);
    CHECK_THROWS_AS(oracle.on_event(became_leader(3, 200)), InvariantViolation);
  }
}

TEST_CASE("elector oracle: an acting interval is bounded by the last write plus the span") {
  const ElectorOptions options = naive_options();
  FixedElector elector;
  ElectorOracle oracle(options);
  const StoreRequest create = create_of(options, 3);
  oracle.on_request(create, 100, elector);
  oracle.on_response(create, StoreResponse{});
  CHECK_THROWS_AS(oracle.on_event(became_leader(3, 100 + options.poll_interval_ns + 1)),
                  InvariantViolation);
}

TEST_CASE("elector oracle: acting_epoch must match an announced interval") {
  const ElectorOptions options = naive_options();
  FixedElector elector;
  ElectorOracle oracle(options);
  const StoreRequest create = create_of(options, 3);
  oracle.on_request(create, 100, elector);
  oracle.on_response(create, StoreResponse{});
  elector.acting = 3;
  elector.highest = 3;
  CHECK_THROWS_AS(oracle.after_input(elector, 150, true), InvariantViolation);
}

TEST_CASE("elector oracle: writes of another owner's lock are refused") {
  const ElectorOptions options = naive_options();
  FixedElector elector;
  ElectorOracle oracle(options);
  StoreRequest create = create_of(options, 3);
  LockRecord foreign;
  foreign.epoch = 3;
  foreign.owner = "n2";
  create.body = encode_lock_record(foreign);
  CHECK_THROWS_AS(oracle.on_request(create, 100, elector), InvariantViolation);
}

TEST_CASE("elector oracle: highest_epoch_seen never goes down") {
  FixedElector elector;
  ElectorOracle oracle(naive_options());
  elector.highest = 5;
  oracle.after_input(elector, 10, true);
  elector.highest = 4;
  CHECK_THROWS_AS(oracle.after_input(elector, 20, true), InvariantViolation);
}

}  // namespace
}  // namespace holocron::fuzz
