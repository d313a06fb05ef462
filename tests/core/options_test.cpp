// Rule (core: options validated on construction): validate_options accepts
// usable options and refuses unusable ones with a message that names the
// option; stable refuses a renew deadline that the drift bound makes unsafe:
// renew_deadline * (1 + drift) must be below lease * (1 - drift).
#include <doctest/doctest.h>

#include <string>

#include "core/elector.hpp"

using namespace holocron;

namespace {

ElectorOptions valid(Algorithm algorithm) {
  ElectorOptions options;
  options.algorithm = algorithm;
  options.node_id = "node-1";
  return options;
}

void check_refused(const ElectorOptions& options, const char* option_name) {
  const auto error = validate_options(options);
  REQUIRE(error.has_value());
  CAPTURE(*error);
  CHECK(error->find(option_name) != std::string::npos);
}

}  // namespace

TEST_CASE("rule options: the defaults are valid for every algorithm") {
  for (const Algorithm algorithm : {Algorithm::kNaive, Algorithm::kLease, Algorithm::kStable}) {
    CHECK_FALSE(validate_options(valid(algorithm)).has_value());
    CHECK(make_elector(valid(algorithm)) != nullptr);
  }
}

TEST_CASE("rule options: stable refuses a renew deadline the drift bound makes unsafe") {
  ElectorOptions options = valid(Algorithm::kStable);
  options.lease_ns = seconds(10);
  options.max_drift_ppm = 100'000;         // 10%: 10 s * 0.9 = 9 s
  options.renew_deadline_ns = seconds(8);  // 8 s * 1.1 = 8.8 s < 9 s: safe
  CHECK_FALSE(validate_options(options).has_value());
  options.renew_deadline_ns = milliseconds(8200);  // 8.2 * 1.1 = 9.02 > 9: unsafe
  check_refused(options, "renew_deadline_ns");
  options.renew_deadline_ns = seconds(10);
  options.max_drift_ppm = 0;  // equal is not below
  check_refused(options, "renew_deadline_ns");
  // The same timing is acceptable to lease, which does not promise it.
  options.algorithm = Algorithm::kLease;
  CHECK_FALSE(validate_options(options).has_value());
}

TEST_CASE("rule options: each unusable option is named") {
  ElectorOptions options = valid(Algorithm::kStable);
  options.node_id = "";
  check_refused(options, "node_id");
  options.node_id = "bad id";
  check_refused(options, "node_id");
  options.node_id = std::string(65, 'a');
  check_refused(options, "node_id");

  options = valid(Algorithm::kStable);
  options.poll_interval_ns = 0;
  check_refused(options, "poll_interval_ns");
  options = valid(Algorithm::kStable);
  options.lease_ns = -1;
  check_refused(options, "lease_ns");
  options = valid(Algorithm::kStable);
  options.renew_interval_ns = options.renew_deadline_ns;
  check_refused(options, "renew_interval_ns");
  options = valid(Algorithm::kStable);
  options.backoff_max_ns = options.backoff_base_ns - 1;
  check_refused(options, "backoff_max_ns");
  options = valid(Algorithm::kStable);
  options.retries_max = 0;
  check_refused(options, "retries_max");
  options = valid(Algorithm::kStable);
  options.max_drift_ppm = 200'000;
  check_refused(options, "max_drift_ppm");
  options = valid(Algorithm::kStable);
  options.layout = Layout::kPerNode;
  check_refused(options, "node_bucket");
  options.node_bucket = options.election_bucket;
  check_refused(options, "node_bucket");
  options = valid(Algorithm::kStable);
  options.resume = true;
  check_refused(options, "resume");
  options = valid(Algorithm::kLease);
  options.renew_interval_ns = options.lease_ns;
  check_refused(options, "renew_interval_ns");
  options = valid(Algorithm::kNaive);
  options.lease_ns = hours(25);
  check_refused(options, "lease_ns");
}

TEST_CASE("rule options: names round-trip through to_string and parse") {
  for (const Algorithm algorithm : {Algorithm::kNaive, Algorithm::kLease, Algorithm::kStable}) {
    CHECK(parse_algorithm(to_string(algorithm)) == algorithm);
  }
  for (const Layout layout : {Layout::kShared, Layout::kPerNode}) {
    CHECK(parse_layout(to_string(layout)) == layout);
  }
  CHECK_FALSE(parse_algorithm("raft").has_value());
  CHECK_FALSE(parse_layout("").has_value());
  CHECK(to_string(StopReason::kClockJump) == "clock_jump");
  CHECK(to_string(AttemptOutcome::kWonAfterUnknown) == "won_after_unknown");
  CHECK(to_string(EventKind::kConfigError) == "config_error");
}
