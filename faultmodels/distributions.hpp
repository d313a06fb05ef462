// Random draws for the fault models, built on holocron::Prng alone (never on
// <random>, whose distributions differ between standard libraries), so a seed
// gives the same draws on every build.
//
// Exact methods (each documented at its definition), so that anyone can
// reproduce a draw by hand:
//   uniform_ns      Prng::between (Lemire's unbiased bounded integers)
//   bernoulli       below(denominator) < numerator: integer arithmetic only
//   unit_open       1 - Prng::unit(): uniform in (0, 1], safe to take log of
//   exponential     -mean * log(unit_open)                     (inversion)
//   standard_normal sqrt(-2 log(u1)) * cos(2 pi u2)            (Box-Muller,
//                   one value per call: always exactly two Prng draws)
//   lognormal       exp(mu + sigma * standard_normal)
//   pareto          scale * pow(unit_open, -1 / alpha)         (inversion)
//
// Floating point: the transcendental functions are glibc's libm (log, exp,
// sqrt, cos, pow). GCC and Clang builds on the same glibc call the same libm
// functions, x86-64 does double arithmetic in SSE2 registers (no x87 excess
// precision), and the project builds for baseline x86-64, which has no FMA
// instructions for the compiler to contract a * b + c into (a build with
// -march=native or -ffast-math could change the last bit of a draw). The
// pinned values in tests/faultmodels/distributions_test.cpp catch any such
// change. Doubles only shape a duration; every duration leaves this file as
// integer Nanos (rounded to the nearest nanosecond), and only integers ever
// decide the order of events.
#pragma once

#include <cstdint>

#include "core/assert.hpp"
#include "core/prng.hpp"
#include "core/time.hpp"
#include "faultmodels/config.hpp"

namespace holocron::faultmodels {

// No single draw exceeds this, whatever the distribution's parameters: a
// Pareto tail with a small alpha can produce astronomically large values, and
// a fault that lasts longer than any run is never what a scenario meant.
inline constexpr Nanos kDrawMaxNs = 30 * kNanosPerDay;

// The 99th percentile of the standard normal distribution: the lognormal with
// median p50 and 99th percentile p99 has sigma = ln(p99 / p50) / kNormalZ99.
inline constexpr double kNormalZ99 = 2.3263478740408408;

// Uniform integer in [min_ns, max_ns]; min_ns <= max_ns.
[[nodiscard]] Nanos uniform_ns(Prng& prng, Nanos min_ns, Nanos max_ns);

// True with probability ratio.numerator / ratio.denominator, exactly.
// Consumes no draw when the answer is certain (0 or 1), one draw otherwise
// (or more, rarely, for Lemire's rejection step). Inline: a swarm seed makes
// about three of these per store request (tail, lost response, internal
// error), and the call cost as much as the draw.
[[nodiscard]] inline bool bernoulli(Prng& prng, Ratio ratio) {
  HOLO_ASSERT(ratio.denominator > 0);
  HOLO_ASSERT(ratio.numerator <= ratio.denominator);
  if (ratio.numerator == 0) return false;
  if (ratio.numerator == ratio.denominator) return true;
  return prng.below(ratio.denominator) < ratio.numerator;
}

// Uniform in (0, 1]: never 0, so log() of it is finite.
[[nodiscard]] double unit_open(Prng& prng);

// Exponential with the given mean (> 0).
[[nodiscard]] double exponential(Prng& prng, double mean);

// Standard normal (mean 0, standard deviation 1).
[[nodiscard]] double standard_normal(Prng& prng);

// Lognormal: exp(mu + sigma * N(0, 1)).
[[nodiscard]] double lognormal(Prng& prng, double mu, double sigma);

// Pareto with scale (the minimum value, > 0) and shape alpha (> 0).
[[nodiscard]] double pareto(Prng& prng, double scale, double alpha);

// Rounds a non-negative double to the nearest nanosecond, clamped to
// [0, kDrawMaxNs] (NaN becomes 0).
[[nodiscard]] Nanos to_nanos(double value_ns);

// One draw from a configured duration distribution, as integer Nanos in
// [0, kDrawMaxNs] (and at most cap_ns when that is set). The tail decision
// comes first (one Bernoulli draw when its probability is strictly between 0
// and 1), then the body or the tail draw.
[[nodiscard]] Nanos draw_duration(Prng& prng, const DurationDistribution& distribution);

// draw_duration from one distribution again and again, with the lognormal
// shape's two logarithms (of p50 and of p99 / p50) computed once: a latency
// model draws at every request, and three logarithms per draw were a visible
// share of a swarm seed. Every draw equals draw_duration's, bit for bit.
class DurationSampler {
 public:
  DurationSampler() = default;
  explicit DurationSampler(const DurationDistribution& distribution);
  [[nodiscard]] Nanos draw(Prng& prng) const;
  [[nodiscard]] const DurationDistribution& distribution() const { return distribution_; }

 private:
  DurationDistribution distribution_;
  double log_p50_ = 0.0;  // lognormal only
  double sigma_ = 0.0;    // lognormal only
};

// The median of the distribution without its tail (for presets, tests and
// reports): exact for constant, uniform (rounded down) and lognormal; mean *
// ln 2 for exponential.
[[nodiscard]] Nanos median_ns(const DurationDistribution& distribution);

// Gap to the next arrival of a Poisson process with the given rate per hour,
// as integer Nanos (at least 1 ns, so arrivals strictly advance). The rate
// must be > 0.
[[nodiscard]] Nanos poisson_gap_ns(Prng& prng, double rate_per_hour);

}  // namespace holocron::faultmodels
