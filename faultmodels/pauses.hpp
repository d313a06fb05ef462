// Process pauses: a node freezes (stop-the-world garbage collection, a VM
// live migration, SIGSTOP, a laptop lid) and processes no events for a while;
// its clock keeps running, so when it wakes, time has passed that it did not
// see. Pauses are what breaks lease-based elections in practice (Kleppmann's
// "How to do distributed locking"): a leader checks its lease, pauses, and
// acts after a successor took over. Fencing tokens exist for this.
//
// PausePlan: scheduled and Poisson-random pauses, drawn once at the start of a
// run as timed actions sorted by time (targets resolved by the engine with
// resolve_target, as for crashes).
//
// LeaderPauseDecider: the worst moment. The engine asks it each time a node
// becomes leader, right after the core said so and before the node's next
// action; it answers with a pause length (at most count_max times a run).
//
// Streams: scheduled pause i: Prng::derive(seed, "pauses.scheduled", i);
// random pauses: Prng::derive(seed, "pauses.random", 0); worst-moment
// pauses: Prng::derive(seed, "pauses.on_became_leader", 0).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/prng.hpp"
#include "core/time.hpp"
#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

// At most this many planned pauses per run; random arrivals beyond it are
// dropped and truncated() says so.
inline constexpr std::size_t kPauseActionsMax = 100'000;

struct PauseAction {
  Nanos at_ns = 0;
  Nanos for_ns = 0;
  NodeTarget target;
  std::uint64_t pick = 0;  // for resolve_target
  bool random = false;     // drawn from the random rate, not scheduled
};

class PausePlan {
 public:
  PausePlan(const PausesConfig& config, std::uint64_t seed, Nanos run_duration_ns);

  // Sorted by at_ns; ties keep scheduled pauses (in configuration order)
  // before random ones.
  [[nodiscard]] const std::vector<PauseAction>& actions() const { return actions_; }
  [[nodiscard]] bool truncated() const { return truncated_; }

 private:
  std::vector<PauseAction> actions_;
  bool truncated_ = false;
};

class LeaderPauseDecider {
 public:
  LeaderPauseDecider(const LeaderPauses& config, std::uint64_t seed);

  // Called when `node` has just become leader at true_ns. Returns how long to
  // pause it, starting now, or nullopt. One draw per call while the decider
  // is live (probability in (0, 1), count not exhausted, past not_before).
  [[nodiscard]] std::optional<Nanos> on_became_leader(NodeIndex node, Nanos true_ns);

  [[nodiscard]] std::uint32_t fired() const { return fired_; }

 private:
  LeaderPauses config_;
  Prng prng_;
  std::uint32_t fired_ = 0;
};

}  // namespace holocron::faultmodels
