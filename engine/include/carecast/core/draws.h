#pragma once
// The draws the simulation makes, from a generator passed in (Boost.Random's
// distributions, with the degenerate cases answered without a draw, so that
// a rate of zero never consumes a number from the stream).

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include <algorithm>
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

// An index into cumulative weights (ending with their total), in proportion
// to the weights.
inline std::size_t draw_index(const std::vector<double>& cumulative, RandomEngine& random) {
  const double target = draw_uniform(random) * cumulative.back();
  const auto found = std::upper_bound(cumulative.begin(), cumulative.end(), target);
  return std::min(static_cast<std::size_t>(found - cumulative.begin()), cumulative.size() - 1);
}

}  // namespace carecast
