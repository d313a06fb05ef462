// The crash plan: when nodes crash, and what comes back. A crash loses all of
// the node's volatile state (its core, its pending requests and timers); then
// after restart_after_ns either a fresh process with the same identity starts
// from scratch ("restart": a process restarted by its supervisor), or a fresh
// process resumes the identity from the node's state in the store ("resume":
// a virtual node, new compute pointed at the crashed node's bucket+prefix),
// or nothing ("none": the machine is gone). It stands for process crashes,
// OOM kills, host failures and preemptions.
//
// The plan is drawn once at the start of a run, as a list of timed actions
// sorted by time, which the engine schedules as events. Targets that depend
// on the cluster's state ("leader", "random_follower") are resolved by the
// engine when the crash happens, with resolve_target(target, pick, ...).
//
// Streams: scheduled crash i draws its pick from
// Prng::derive(seed, "crashes.scheduled", i); random crashes (arrivals,
// restart delays, picks) come from Prng::derive(seed, "crashes.random", 0).
#pragma once

#include <cstdint>
#include <vector>

#include "core/time.hpp"
#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

// At most this many crashes per run; random arrivals beyond it are dropped
// and truncated() says so.
inline constexpr std::size_t kCrashActionsMax = 100'000;

struct CrashAction {
  Nanos at_ns = 0;
  NodeTarget target;
  std::uint64_t pick = 0;  // for resolve_target
  Nanos restart_after_ns = 0;
  CrashMode mode = CrashMode::kRestart;
  bool random = false;  // drawn from the random rate, not scheduled
};

class CrashPlan {
 public:
  CrashPlan(const CrashesConfig& config, std::uint64_t seed, Nanos run_duration_ns);

  // Sorted by at_ns; ties keep scheduled crashes (in configuration order)
  // before random ones.
  [[nodiscard]] const std::vector<CrashAction>& actions() const { return actions_; }
  [[nodiscard]] bool truncated() const { return truncated_; }

 private:
  std::vector<CrashAction> actions_;
  bool truncated_ = false;
};

}  // namespace holocron::faultmodels
