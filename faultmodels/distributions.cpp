#include "faultmodels/distributions.hpp"

#include <cmath>

#include "core/assert.hpp"

namespace holocron::faultmodels {
namespace {

constexpr double kTwoPi = 6.283185307179586;

}  // namespace

Nanos uniform_ns(Prng& prng, Nanos min_ns, Nanos max_ns) {
  HOLO_ASSERT(min_ns <= max_ns);
  const Nanos value = prng.between(min_ns, max_ns);
  HOLO_ASSERT(value >= min_ns);
  return value;
}

double unit_open(Prng& prng) {
  const double value = 1.0 - prng.unit();
  HOLO_ASSERT(value > 0.0);
  return value;
}

double exponential(Prng& prng, double mean) {
  HOLO_ASSERT(mean > 0.0);
  return -mean * std::log(unit_open(prng));
}

double standard_normal(Prng& prng) {
  // Box-Muller, keeping only the cosine half: a cached second value would make
  // a draw depend on how many draws came before, which is harder to replay.
  const double radius = std::sqrt(-2.0 * std::log(unit_open(prng)));
  const double angle = kTwoPi * prng.unit();
  return radius * std::cos(angle);
}

double lognormal(Prng& prng, double mu, double sigma) {
  HOLO_ASSERT(sigma >= 0.0);
  return std::exp(mu + sigma * standard_normal(prng));
}

double pareto(Prng& prng, double scale, double alpha) {
  HOLO_ASSERT(scale > 0.0);
  HOLO_ASSERT(alpha > 0.0);
  return scale * std::pow(unit_open(prng), -1.0 / alpha);
}

Nanos to_nanos(double value_ns) {
  // The comparisons are written so that NaN falls through to 0.
  if (!(value_ns > 0.0)) return 0;
  if (!(value_ns < static_cast<double>(kDrawMaxNs))) return kDrawMaxNs;
  // std::llround, without its library call (one per latency draw): the
  // value is in (0, 2^53), so its whole part converts to an integer and
  // back exactly, and value - whole is exact too (both share the value's
  // exponent or whole is 0). Halves round up, away from zero, as llround's.
  static_assert(kDrawMaxNs < (std::int64_t{1} << 53));
  const auto whole = static_cast<Nanos>(value_ns);
  const double fraction = value_ns - static_cast<double>(whole);
  return fraction >= 0.5 ? whole + 1 : whole;
}

namespace {

// The lognormal parameters of draw_duration: mu = log(p50) and sigma.
double lognormal_mu(const DurationDistribution& distribution) {
  HOLO_ASSERT(distribution.p50_ns > 0);
  return std::log(static_cast<double>(distribution.p50_ns));
}

double lognormal_sigma(const DurationDistribution& distribution) {
  HOLO_ASSERT(distribution.p99_ns >= distribution.p50_ns);
  const double p50 = static_cast<double>(distribution.p50_ns);
  return std::log(static_cast<double>(distribution.p99_ns) / p50) / kNormalZ99;
}

// draw_duration with the lognormal parameters given (unused by other shapes).
Nanos draw_with(Prng& prng, const DurationDistribution& distribution, double log_p50,
                double sigma) {
  Nanos value_ns = 0;
  if (bernoulli(prng, distribution.tail.probability)) {
    value_ns = to_nanos(
        pareto(prng, static_cast<double>(distribution.tail.scale_ns), distribution.tail.alpha));
  } else {
    switch (distribution.shape) {
      case DistributionShape::kConstant:
        value_ns = distribution.value_ns;
        break;
      case DistributionShape::kUniform:
        value_ns = uniform_ns(prng, distribution.min_ns, distribution.max_ns);
        break;
      case DistributionShape::kExponential:
        value_ns = to_nanos(exponential(prng, static_cast<double>(distribution.mean_ns)));
        break;
      case DistributionShape::kLognormal:
        value_ns = to_nanos(lognormal(prng, log_p50, sigma));
        break;
    }
  }
  if (value_ns < 0) value_ns = 0;
  if (value_ns > kDrawMaxNs) value_ns = kDrawMaxNs;
  if (distribution.cap_ns > 0 && value_ns > distribution.cap_ns) value_ns = distribution.cap_ns;
  return value_ns;
}

}  // namespace

Nanos draw_duration(Prng& prng, const DurationDistribution& distribution) {
  if (distribution.shape != DistributionShape::kLognormal)
    return draw_with(prng, distribution, 0, 0);
  return draw_with(prng, distribution, lognormal_mu(distribution), lognormal_sigma(distribution));
}

DurationSampler::DurationSampler(const DurationDistribution& distribution)
    : distribution_(distribution) {
  if (distribution.shape != DistributionShape::kLognormal) return;
  log_p50_ = lognormal_mu(distribution);
  sigma_ = lognormal_sigma(distribution);
  HOLO_ASSERT(sigma_ >= 0.0);  // lognormal's condition, checked once here
}

Nanos DurationSampler::draw(Prng& prng) const {
  if (distribution_.shape != DistributionShape::kLognormal) {
    return draw_with(prng, distribution_, log_p50_, sigma_);
  }
  // draw_with for a lognormal, written out: every latency draw takes this
  // path, and the calls to bernoulli, lognormal, standard_normal and
  // unit_open cost about as much as their arithmetic. The operations and
  // their order are exactly theirs (the pinned draws and a comparison with
  // draw_duration in the tests hold it to that): the tail decision, then u1
  // for the radius, then u2 for the angle.
  Nanos value_ns = 0;
  if (bernoulli(prng, distribution_.tail.probability)) {
    value_ns = to_nanos(
        pareto(prng, static_cast<double>(distribution_.tail.scale_ns), distribution_.tail.alpha));
  } else {
    const double u1 = 1.0 - prng.unit();
    HOLO_ASSERT(u1 > 0.0);
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = kTwoPi * prng.unit();
    value_ns = to_nanos(std::exp(log_p50_ + sigma_ * (radius * std::cos(angle))));
  }
  if (distribution_.cap_ns > 0 && value_ns > distribution_.cap_ns) value_ns = distribution_.cap_ns;
  return value_ns;
}

Nanos median_ns(const DurationDistribution& distribution) {
  switch (distribution.shape) {
    case DistributionShape::kConstant:
      return distribution.value_ns;
    case DistributionShape::kUniform:
      return distribution.min_ns + (distribution.max_ns - distribution.min_ns) / 2;
    case DistributionShape::kExponential:
      return to_nanos(static_cast<double>(distribution.mean_ns) * std::log(2.0));
    case DistributionShape::kLognormal:
      return distribution.p50_ns;
  }
  HOLO_UNREACHABLE("no case matched");
  return 0;
}

Nanos poisson_gap_ns(Prng& prng, double rate_per_hour) {
  HOLO_ASSERT(rate_per_hour > 0.0);
  const double mean_ns = static_cast<double>(kNanosPerHour) / rate_per_hour;
  const Nanos gap_ns = to_nanos(exponential(prng, mean_ns));
  return gap_ns < 1 ? 1 : gap_ns;
}

}  // namespace holocron::faultmodels
