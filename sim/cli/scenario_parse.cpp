#include "sim/cli/scenario_parse.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "core/assert.hpp"
#include "sim/cli/enum_field.hpp"
#include "sim/cli/faults_parse.hpp"
#include "sim/cli/json_file.hpp"
#include "sim/cli/overrides.hpp"

namespace holocron::cli {
namespace {

using sim::Scenario;

constexpr std::array kAlgorithms{Algorithm::kNaive, Algorithm::kLease, Algorithm::kStable};
constexpr std::array kLayouts{Layout::kShared, Layout::kPerNode};

// Election timing beyond a day is refused by the core too; below a
// millisecond no store can answer, and the simulator refuses recurring
// intervals below it (sim::kRecurringIntervalMin).
constexpr Nanos kTimingMin = milliseconds(1);
static_assert(kTimingMin >= sim::kRecurringIntervalMin);
constexpr Nanos kTimingMax = kNanosPerDay;
constexpr std::size_t kAclDenialsMax = 10'000;
constexpr std::size_t kCheckerListMax = 64;
constexpr std::size_t kBucketNameMax = 63;  // S3's limit
constexpr std::size_t kPrefixMax = 512;
// US dollars per 1,000 requests; anything above a dollar is a typo.
constexpr double kPriceMax = 1.0;

sim::LimitsConfig parse_limits(FieldReader reader) {
  sim::LimitsConfig limits;
  limits.max_nodes =
      static_cast<std::uint32_t>(reader.integer("max_nodes", limits.max_nodes, 1, sim::kNodesMax));
  limits.max_events_in_flight = static_cast<std::uint64_t>(
      reader.integer("max_events_in_flight", static_cast<std::int64_t>(limits.max_events_in_flight),
                     1, static_cast<std::int64_t>(sim::kEventsInFlightMax)));
  limits.max_duration_ns =
      reader.duration("max_duration", limits.max_duration_ns, 1, sim::kDurationMax);
  reader.finish();
  return limits;
}

std::string bucket_name(FieldReader& reader, std::string_view key, const std::string& fallback) {
  auto name = reader.string(key, fallback);
  const bool valid_characters =
      name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789.-") == std::string::npos;
  if (name.size() < 3 || name.size() > kBucketNameMax || !valid_characters) {
    reader.fail(key, fmt::format("expected a bucket name of 3 to {} characters [a-z0-9.-], got "
                                 "\"{}\"",
                                 kBucketNameMax, name));
  }
  return name;
}

sim::ClusterConfig parse_cluster(FieldReader reader, const sim::LimitsConfig& limits) {
  sim::ClusterConfig cluster;
  cluster.node_count =
      static_cast<std::uint32_t>(reader.integer("nodes", cluster.node_count, 1, limits.max_nodes));
  cluster.node_id_prefix = reader.string("node_id_prefix", cluster.node_id_prefix);
  ElectorOptions& elector = cluster.elector;
  elector.algorithm =
      enum_field(reader, "algorithm", std::optional(elector.algorithm), kAlgorithms);
  elector.layout = enum_field(reader, "layout", std::optional(elector.layout), kLayouts);
  elector.election_bucket = bucket_name(reader, "election_bucket", elector.election_bucket);
  elector.election_prefix = reader.string("election_prefix", elector.election_prefix);
  if (elector.election_prefix.size() > kPrefixMax) {
    reader.fail("election_prefix", fmt::format("expected at most {} characters", kPrefixMax));
  }
  cluster.node_bucket_prefix = reader.string("node_bucket_prefix", cluster.node_bucket_prefix);
  cluster.start_spread_ns = reader.duration("start_spread", cluster.start_spread_ns, 0, kTimingMax);

  elector.poll_interval_ns =
      reader.duration("poll_interval", elector.poll_interval_ns, kTimingMin, kTimingMax);
  elector.lease_ns = reader.duration("lease", elector.lease_ns, kTimingMin, kTimingMax);
  elector.renew_interval_ns =
      reader.duration("renew_interval", elector.renew_interval_ns, kTimingMin, kTimingMax);
  elector.renew_deadline_ns =
      reader.duration("renew_deadline", elector.renew_deadline_ns, kTimingMin, kTimingMax);
  elector.max_drift_ppm = static_cast<std::uint32_t>(
      reader.integer("max_drift_ppm", elector.max_drift_ppm, 0, 100'000));
  elector.takeover_jitter_ns =
      reader.duration("takeover_jitter", elector.takeover_jitter_ns, 0, kTimingMax);
  elector.backoff_base_ns =
      reader.duration("backoff_base", elector.backoff_base_ns, kTimingMin, kTimingMax);
  elector.backoff_max_ns =
      reader.duration("backoff_max", elector.backoff_max_ns, kTimingMin, kTimingMax);
  elector.retries_max =
      static_cast<std::uint32_t>(reader.integer("retries_max", elector.retries_max, 1, 64));
  {
    auto gc = reader.object("gc");
    elector.gc_keep = static_cast<std::uint32_t>(gc.integer("keep", elector.gc_keep, 0, 1'000'000));
    elector.gc_min_age_ns = gc.duration("min_age", elector.gc_min_age_ns, 0, kTimingMax);
    gc.finish();
  }
  elector.publish_state = reader.boolean("publish_state", elector.publish_state);
  elector.heartbeat_interval_ns =
      reader.duration("heartbeat_interval", elector.heartbeat_interval_ns, kTimingMin, kTimingMax);

  // The core's own validation (the stable algorithm's drift inequality among
  // others) speaks in ElectorOptions names; map its first word back to the
  // JSON path so the message still points into the file.
  ElectorOptions probe = elector;
  probe.node_id = cluster.node_id_prefix + "0";
  if (probe.layout == Layout::kPerNode)
    probe.node_bucket = cluster.node_bucket_prefix + probe.node_id;
  if (const auto error = validate_options(probe)) {
    std::string field = error->substr(0, error->find(':'));
    std::string rest =
        error->find(": ") == std::string::npos ? *error : error->substr(error->find(": ") + 2);
    if (field.size() > 3 && field.ends_with("_ns")) field.resize(field.size() - 3);
    if (field == "gc_min_age") field = "gc.min_age";
    if (field == "node_id") field = "node_id_prefix";
    if (field == "node_bucket") field = "node_bucket_prefix";
    reader.fail(field, "the election core refuses these options: " + rest);
  }
  reader.finish();
  return cluster;
}

sim::StoreConfig parse_store(FieldReader reader, std::uint32_t node_count) {
  sim::StoreConfig store;
  {
    auto prices = reader.object("prices");
    auto& table = store.prices;
    table.put_usd_per_1000 = prices.number("put", table.put_usd_per_1000, 0, kPriceMax);
    table.list_usd_per_1000 = prices.number("list", table.list_usd_per_1000, 0, kPriceMax);
    table.get_usd_per_1000 = prices.number("get", table.get_usd_per_1000, 0, kPriceMax);
    table.delete_usd_per_1000 = prices.number("delete", table.delete_usd_per_1000, 0, kPriceMax);
    prices.finish();
  }
  // 0 turns sampling off; anything else is a timer for the whole run and
  // needs the simulator's floor for recurring intervals (see
  // sim::kRecurringIntervalMin), or a validated file can run for hours.
  store.object_count_sample_interval_ns = reader.duration(
      "object_count_sample_interval", store.object_count_sample_interval_ns, 0, kTimingMax);
  if (store.object_count_sample_interval_ns > 0 &&
      store.object_count_sample_interval_ns < sim::kRecurringIntervalMin) {
    reader.fail(
        "object_count_sample_interval",
        fmt::format("expected \"0s\" (never) or a duration from {} to {}, got \"{}\"",
                    format_duration(sim::kRecurringIntervalMin), format_duration(kTimingMax),
                    format_duration(store.object_count_sample_interval_ns)));
  }
  for (auto& item : reader.objects("acl_denials", kAclDenialsMax)) {
    sim::AclDenial denial;
    denial.node = static_cast<std::uint32_t>(item.integer("node", kRequired, 0, node_count - 1));
    denial.bucket = bucket_name(item, "bucket", "");
    denial.read = item.boolean("read", false);
    denial.write = item.boolean("write", false);
    if (!denial.read && !denial.write) {
      item.fail_here(
          "expected \"read\": true or \"write\": true (a denial that denies nothing "
          "is a mistake)");
    }
    item.finish();
    store.acl_denials.push_back(std::move(denial));
  }
  reader.finish();
  return store;
}

sim::FencedResourceConfig parse_fenced_resource(FieldReader reader) {
  sim::FencedResourceConfig fenced;
  fenced.enabled = reader.boolean("enabled", fenced.enabled);
  fenced.write_interval_ns =
      reader.duration("write_interval", fenced.write_interval_ns, kTimingMin, kTimingMax);
  fenced.write_latency_ns =
      reader.duration("write_latency", fenced.write_latency_ns, 0, kTimingMax);
  reader.finish();
  return fenced;
}

std::vector<std::string> checker_list(FieldReader& reader, std::string_view key) {
  auto names = reader.strings(key, kCheckerListMax);
  for (std::size_t i = 0; i < names.size(); ++i) {
    const auto& known = checker_names();
    if (std::find(known.begin(), known.end(), names[i]) != known.end()) continue;
    std::string list;
    for (const auto& name : known) list += (list.empty() ? "" : ", ") + name;
    throw ScenarioError(reader.origin(), fmt::format("{}[{}]", reader.path_of(key), i),
                        fmt::format("expected a checker name ({}), got \"{}\"", list, names[i]));
  }
  return names;
}

sim::ChecksConfig parse_checks(FieldReader reader, Nanos duration_ns) {
  sim::ChecksConfig checks;
  checks.enabled = checker_list(reader, "enabled");
  checks.liveness_bound_ns =
      reader.duration("liveness_bound", checks.liveness_bound_ns, 0, duration_ns);
  checks.expected_verdict =
      reader.choice<sim::ExpectedVerdict>("expected_verdict", checks.expected_verdict,
                                          {{"pass", sim::ExpectedVerdict::kPass},
                                           {"violation", sim::ExpectedVerdict::kViolation},
                                           {"any", sim::ExpectedVerdict::kAny}});
  checks.expected_violations = checker_list(reader, "expected_violations");
  if (!checks.expected_violations.empty() &&
      checks.expected_verdict != sim::ExpectedVerdict::kViolation) {
    reader.fail("expected_violations", "expected no list unless expected_verdict is \"violation\"");
  }
  checks.require_faults_fired = reader.boolean("require_faults_fired", checks.require_faults_fired);
  reader.finish();
  return checks;
}

sim::OutputConfig parse_output(FieldReader reader) {
  sim::OutputConfig output;
  output.trace_path = reader.string("trace", "");
  output.event_trace_path = reader.string("event_trace", "");
  output.perfetto_path = reader.string("perfetto", "");
  output.report_path = reader.string("report", "");
  reader.finish();
  return output;
}

// A crash followed by a resume starts a process that reads the node's stored
// state; without cluster.publish_state there is none, and the election core
// refuses the options (it would be a crash of the simulator mid-run, so say
// it here, at the field that asks for it).
void check_resume_has_state(const Scenario& scenario, const std::string& origin) {
  if (scenario.cluster.elector.publish_state) return;
  constexpr const char* kWhy =
      "needs \"cluster\": {\"publish_state\": true} (a fresh process can only resume the state "
      "that nodes store)";
  const auto& crashes = scenario.faults.crashes;
  for (std::size_t i = 0; i < crashes.scheduled.size(); ++i) {
    if (crashes.scheduled[i].mode == faultmodels::CrashMode::kResume) {
      throw ScenarioError(
          origin, fmt::format("faults.crashes.scheduled[{}].mode", i),
          fmt::format("\"resume\" {}; expected \"restart\" or \"none\" otherwise", kWhy));
    }
  }
  if (crashes.random.mode == faultmodels::CrashMode::kResume && crashes.random.rate_per_hour > 0) {
    throw ScenarioError(
        origin, "faults.crashes.random.mode",
        fmt::format("\"resume\" {}; expected \"restart\" or \"none\" otherwise", kWhy));
  }
  const auto& swarm = scenario.faults.swarm;
  if (swarm.enabled && swarm.crashes_per_hour_max > 0) {
    throw ScenarioError(origin, "faults.swarm.crashes_per_hour_max",
                        fmt::format("swarm crashes resume nodes half of the time, which {}; "
                                    "expected 0 otherwise",
                                    kWhy));
  }
}

}  // namespace

const std::vector<std::string>& checker_names() {
  static const std::vector<std::string> kNames{"S1", "S2", "S3", "S4", "S5",
                                               "S6", "S7", "L1", "L2"};
  return kNames;
}

Scenario parse_scenario(const nlohmann::json& document, const std::string& origin) {
  HOLO_ASSERT(!origin.empty());
  FieldReader root(document, origin, "");
  Scenario scenario;
  // Editors find the JSON Schema through "$schema"; the simulator ignores it.
  (void)root.string("$schema", "");
  scenario.name = root.string("name", kRequired);
  if (scenario.name.empty()) root.fail("name", "expected a non-empty name");
  // The name is printed on the terminal by every command: an escape
  // sequence in it could clear or recolour the user's screen.
  const auto control = std::find_if(scenario.name.begin(), scenario.name.end(), [](char byte) {
    return static_cast<unsigned char>(byte) < 0x20 || byte == '\x7f';
  });
  if (control != scenario.name.end()) {
    root.fail("name",
              fmt::format("expected a name without control characters (byte {} is 0x{:02x})",
                          control - scenario.name.begin(), static_cast<unsigned char>(*control)));
  }
  scenario.description = root.string("description", "");
  scenario.seed = root.unsigned_integer("seed", scenario.seed);
  // Limits first: they bound the other fields.
  scenario.limits = parse_limits(root.object("limits"));
  scenario.duration_ns =
      root.duration("duration", scenario.duration_ns, 1, scenario.limits.max_duration_ns);
  scenario.request_timeout_ns =
      root.duration("request_timeout", scenario.request_timeout_ns, kTimingMin, kTimingMax);
  scenario.cluster = parse_cluster(root.object("cluster"), scenario.limits);
  scenario.store = parse_store(root.object("store"), scenario.cluster.node_count);
  scenario.fenced_resource = parse_fenced_resource(root.object("fenced_resource"));
  scenario.checks = parse_checks(root.object("checks"), scenario.duration_ns);
  scenario.output = parse_output(root.object("output"));
  {
    auto faults = root.object("faults");
    scenario.faults = parse_faults(faults, scenario.cluster.node_count);
  }
  root.finish();
  check_resume_has_state(scenario, origin);

  // The simulator's own validation is the last word; the checks above catch
  // everything it knows about with a more precise message, so this firing
  // means the two drifted apart, but the user still gets the path.
  if (const auto error = sim::validate_scenario(scenario)) {
    const auto colon = error->find(": ");
    if (colon == std::string::npos) throw ScenarioError(origin, "", *error);
    throw ScenarioError(origin, error->substr(0, colon), error->substr(colon + 2));
  }
  return scenario;
}

Scenario load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  nlohmann::json document = read_json_file(path);
  if (overrides.empty()) return parse_scenario(document, path);
  // A document that is not an object cannot take overrides; let the parser
  // report it as the file's problem.
  if (!document.is_object()) (void)parse_scenario(document, path);
  apply_overrides(document, overrides);
  return parse_scenario(document, path + " (with --set)");
}

}  // namespace holocron::cli
