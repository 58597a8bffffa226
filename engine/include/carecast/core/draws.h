#pragma once
// The draws the simulation makes, from a generator passed in (Boost.Random's
// distributions, with the degenerate cases answered without a draw, so that
// a rate of zero never consumes a number from the stream).

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/normal_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "carecast/core/random.h"

namespace carecast {

inline double draw_uniform(RandomEngine& random) { return boost::random::uniform_01<double>()(random); }

inline std::int64_t draw_binomial(RandomEngine& random, std::int64_t trials, double probability) {
  if (trials <= 0 || probability <= 0.0) return 0;
  if (probability >= 1.0) return trials;
  return boost::random::binomial_distribution<std::int64_t, double>(trials, probability)(random);
}

inline std::int64_t draw_poisson(RandomEngine& random, double mean) {
  if (mean <= 0.0) return 0;
  return boost::random::poisson_distribution<std::int64_t, double>(mean)(random);
}

// A gamma variate of `shape` and `scale`. For a shape of 1 or more by
// Marsaglia and Tsang's method (ACM TOMS 26(3), 2000): a cubed normal,
// accepted nearly always by a squeeze without a logarithm, where Boost's
// sampler takes a tangent, a logarithm and an exponential every time.
inline double draw_gamma(RandomEngine& random, double shape, double scale) {
  if (shape < 1.0) return boost::random::gamma_distribution<double>(shape, scale)(random);
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  boost::random::normal_distribution<double> normal;
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = normal(random);
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = draw_uniform(random);
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v * scale;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v * scale;
  }
}

// An index into cumulative weights (ending with their total), in proportion
// to the weights.
inline std::size_t draw_index(const std::vector<double>& cumulative, RandomEngine& random) {
  const double target = draw_uniform(random) * cumulative.back();
  const auto found = std::upper_bound(cumulative.begin(), cumulative.end(), target);
  return std::min(static_cast<std::size_t>(found - cumulative.begin()), cumulative.size() - 1);
}

}  // namespace carecast
