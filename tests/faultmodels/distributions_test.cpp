// Distributions: moments within tolerance over many draws, exact Bernoulli
// frequencies, and bit-for-bit determinism for a seed (pinned values, so a
// change of method or of libm shows up here rather than as a silent change in
// every trace).
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "faultmodels/distributions.hpp"

namespace holocron::faultmodels {
namespace {

constexpr int kDraws = 200'000;

struct Moments {
  double mean = 0;
  double variance = 0;
};

template <typename Draw>
Moments moments_of(Draw draw) {
  double sum = 0;
  double sum_squares = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double value = draw();
    sum += value;
    sum_squares += value * value;
  }
  const double mean = sum / kDraws;
  return Moments{mean, sum_squares / kDraws - mean * mean};
}

// The q-quantile (0 < q < 1) of `values`, which it sorts.
Nanos quantile(std::vector<Nanos>& values, double q) {
  std::sort(values.begin(), values.end());
  const auto index = static_cast<std::size_t>(q * static_cast<double>(values.size()));
  return values[std::min(index, values.size() - 1)];
}

TEST_CASE("uniform_ns covers its closed range and nothing else, with the right mean") {
  Prng prng(11);
  bool saw_min = false;
  bool saw_max = false;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const Nanos value = uniform_ns(prng, 10, 20);
    REQUIRE(value >= 10);
    REQUIRE(value <= 20);
    saw_min = saw_min || value == 10;
    saw_max = saw_max || value == 20;
    sum += static_cast<double>(value);
  }
  CHECK(saw_min);
  CHECK(saw_max);
  CHECK(sum / kDraws == doctest::Approx(15.0).epsilon(0.01));
  CHECK(uniform_ns(prng, 7, 7) == 7);
}

TEST_CASE("bernoulli is exact at 0 and 1 and matches its ratio in between") {
  Prng prng(12);
  int hits = 0;
  for (int i = 0; i < kDraws; ++i) {
    CHECK_FALSE(bernoulli(prng, Ratio{0, 7}));
    CHECK(bernoulli(prng, Ratio{7, 7}));
    hits += bernoulli(prng, Ratio{1, 1000}) ? 1 : 0;
  }
  // Expected 200, standard deviation about 14.
  CHECK(hits > 140);
  CHECK(hits < 260);

  // Certain outcomes consume no draws, so they do not shift the stream.
  Prng with_certain(13);
  Prng without(13);
  (void)bernoulli(with_certain, Ratio{0, 5});
  (void)bernoulli(with_certain, Ratio{5, 5});
  CHECK(with_certain.next() == without.next());
}

TEST_CASE("exponential has mean and standard deviation equal to its mean") {
  Prng prng(21);
  const Moments m = moments_of([&] { return exponential(prng, 100.0); });
  CHECK(m.mean == doctest::Approx(100.0).epsilon(0.02));
  CHECK(std::sqrt(m.variance) == doctest::Approx(100.0).epsilon(0.03));
}

TEST_CASE("standard_normal has mean 0 and variance 1") {
  Prng prng(22);
  const Moments m = moments_of([&] { return standard_normal(prng); });
  CHECK(std::abs(m.mean) < 0.01);
  CHECK(m.variance == doctest::Approx(1.0).epsilon(0.02));
}

TEST_CASE("lognormal has median exp(mu) and mean exp(mu + sigma^2 / 2)") {
  Prng prng(23);
  std::vector<Nanos> values;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double value = lognormal(prng, std::log(1000.0), 0.5);
    sum += value;
    values.push_back(to_nanos(value));
  }
  CHECK(static_cast<double>(quantile(values, 0.5)) == doctest::Approx(1000.0).epsilon(0.02));
  CHECK(sum / kDraws == doctest::Approx(1000.0 * std::exp(0.125)).epsilon(0.02));
}

TEST_CASE("pareto never goes below its scale and has the right median and mean") {
  Prng prng(24);
  std::vector<Nanos> values;
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const double value = pareto(prng, 100.0, 3.0);
    REQUIRE(value >= 100.0);
    sum += value;
    values.push_back(to_nanos(value));
  }
  // Median scale * 2^(1/alpha); mean alpha * scale / (alpha - 1).
  CHECK(static_cast<double>(quantile(values, 0.5)) ==
        doctest::Approx(100.0 * std::pow(2.0, 1.0 / 3.0)).epsilon(0.02));
  CHECK(sum / kDraws == doctest::Approx(150.0).epsilon(0.03));
}

TEST_CASE("draw_duration: lognormal by p50/p99, uniform, constant, tail and cap") {
  Prng prng(31);
  std::vector<Nanos> values;
  const auto lognormal_config =
      DurationDistribution::lognormal(milliseconds(15), milliseconds(150));
  for (int i = 0; i < kDraws; ++i) values.push_back(draw_duration(prng, lognormal_config));
  CHECK(static_cast<double>(quantile(values, 0.50)) ==
        doctest::Approx(static_cast<double>(milliseconds(15))).epsilon(0.03));
  CHECK(static_cast<double>(quantile(values, 0.99)) ==
        doctest::Approx(static_cast<double>(milliseconds(150))).epsilon(0.08));

  CHECK(draw_duration(prng, DurationDistribution::constant(seconds(3))) == seconds(3));
  for (int i = 0; i < 1000; ++i) {
    const Nanos value = draw_duration(prng, DurationDistribution::uniform(seconds(1), seconds(2)));
    REQUIRE(value >= seconds(1));
    REQUIRE(value <= seconds(2));
  }

  auto tailed = DurationDistribution::constant(milliseconds(1));
  tailed.tail.probability = Ratio{1, 10};
  tailed.tail.scale_ns = seconds(1);
  tailed.cap_ns = seconds(2);
  int in_tail = 0;
  for (int i = 0; i < kDraws; ++i) {
    const Nanos value = draw_duration(prng, tailed);
    REQUIRE(value <= seconds(2));
    if (value >= seconds(1)) ++in_tail;
  }
  CHECK(in_tail == doctest::Approx(kDraws / 10).epsilon(0.05));
}

TEST_CASE("to_nanos rounds, clamps and maps NaN to 0") {
  CHECK(to_nanos(1.4) == 1);
  CHECK(to_nanos(1.6) == 2);
  CHECK(to_nanos(-5.0) == 0);
  CHECK(to_nanos(std::nan("")) == 0);
  CHECK(to_nanos(1e300) == kDrawMaxNs);
}

TEST_CASE("to_nanos equals std::llround everywhere in (0, kDrawMaxNs)") {
  // to_nanos rounds without calling llround; every draw goes through it, so
  // one wrong rounding would change traces. Halves, values just beside
  // halves, small and large magnitudes, and random doubles of every
  // exponent up to the clamp.
  std::vector<double> values = {0.5, 1.5, 2.5, 0.49999999999999994, 1e-300, 0.75, 3.0};
  for (double whole = 1; whole < 4e15; whole = whole * 3 + 1) {
    for (const double offset : {0.0, 0.25, 0.5, 0.75}) {
      const double value = whole + offset;
      values.push_back(value);
      values.push_back(std::nextafter(value, 0.0));
      values.push_back(std::nextafter(value, 1e300));
    }
  }
  values.push_back(std::nextafter(static_cast<double>(kDrawMaxNs), 0.0));
  Prng prng(5);
  for (int i = 0; i < 200'000; ++i) {
    // A random mantissa at a random scale from 2^-10 to 2^51.
    const double scale = std::ldexp(1.0, static_cast<int>(prng.below(62)) - 10);
    values.push_back(scale * (1.0 + prng.unit()));
  }
  for (const double value : values) {
    if (!(value > 0.0) || !(value < static_cast<double>(kDrawMaxNs))) continue;
    REQUIRE_MESSAGE(to_nanos(value) == std::llround(value), value);
  }
}

TEST_CASE("poisson_gap_ns averages one hour divided by the rate, and is never 0") {
  Prng prng(41);
  double sum = 0;
  for (int i = 0; i < kDraws; ++i) {
    const Nanos gap = poisson_gap_ns(prng, 60.0);
    REQUIRE(gap >= 1);
    sum += static_cast<double>(gap);
  }
  CHECK(sum / kDraws == doctest::Approx(static_cast<double>(minutes(1))).epsilon(0.02));
}

TEST_CASE("draws are identical for a seed, bit for bit (pinned values)") {
  Prng a(2024);
  Prng b(2024);
  for (int i = 0; i < 1000; ++i) {
    REQUIRE(standard_normal(a) == standard_normal(b));
    REQUIRE(pareto(a, 1.0, 1.5) == pareto(b, 1.0, 1.5));
  }
  Prng pinned(7);
  const auto lognormal_config =
      DurationDistribution::lognormal(milliseconds(40), milliseconds(250));
  std::vector<Nanos> draws;
  for (int i = 0; i < 4; ++i) draws.push_back(draw_duration(pinned, lognormal_config));
  CHECK(draws == std::vector<Nanos>{32107132, 178648986, 215240362, 49892010});
}

TEST_CASE("DurationSampler draws what draw_duration draws, bit for bit") {
  // The sampler computes the lognormal logarithms once; its draws and the
  // stream's position must stay those of draw_duration for every shape.
  DurationDistribution tailed =
      DurationDistribution::lognormal(milliseconds(15), milliseconds(150));
  tailed.tail.probability = Ratio{1, 20};
  tailed.tail.scale_ns = milliseconds(400);
  tailed.tail.alpha = 1.5;
  tailed.cap_ns = seconds(2);
  const DurationDistribution shapes[] = {
      DurationDistribution::constant(milliseconds(7)),
      DurationDistribution::uniform(milliseconds(10), milliseconds(50)),
      DurationDistribution::exponential(milliseconds(30)),
      DurationDistribution::lognormal(milliseconds(4), milliseconds(15)),
      DurationDistribution::lognormal(1, 1),
      DurationDistribution::lognormal(milliseconds(50), milliseconds(50)),
      tailed,
  };
  for (const DurationDistribution& shape : shapes) {
    const DurationSampler sampler(shape);
    Prng by_function(99);
    Prng by_sampler(99);
    for (int i = 0; i < 20'000; ++i) {
      REQUIRE(sampler.draw(by_sampler) == draw_duration(by_function, shape));
    }
    CHECK(by_sampler.next() == by_function.next());
  }
}

}  // namespace
}  // namespace holocron::faultmodels
