// The engine's own samplers: the alias table draws each index in
// proportion to its weight, never one of weight 0, whatever the order and
// spread of the weights; the gamma sampler has the gamma's moments and
// distribution function.

#include <catch2/catch.hpp>

#include <boost/math/distributions/gamma.hpp>

#include <cmath>
#include <vector>

#include "carecast/core/alias_table.h"
#include "carecast/core/draws.h"

using namespace carecast;

namespace {

// Draws `draws` indices and checks each index's frequency against its share
// of the weights, within 4.5 binomial standard errors.
void check_frequencies(const std::vector<double>& weights, int draws, std::uint64_t seed) {
  AliasTable table;
  table.build(weights);
  RandomEngine random = make_stream(seed, 0, StreamPurpose::care);
  std::vector<double> counts(weights.size(), 0.0);
  for (int i = 0; i < draws; ++i) counts[table.draw(random)] += 1.0;
  double total = 0.0;
  for (const double weight : weights) total += weight;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    const double share = weights[i] / total;
    INFO("index " << i << " of weight " << weights[i] << ": drawn " << counts[i] << " times in " << draws);
    if (share == 0.0) {
      CHECK(counts[i] == 0.0);
      continue;
    }
    const double standard_error = std::sqrt(draws * share * (1.0 - share));
    CHECK(std::abs(counts[i] - draws * share) <= 4.5 * standard_error);
  }
}

}  // namespace

TEST_CASE("an alias table draws each index in proportion to its weight, and never one of weight 0") {
  check_frequencies({1.0, 2.0, 3.0, 4.0}, 200000, 1);
  check_frequencies({0.0, 5.0, 0.0, 1e-3, 0.0, 2.5, 0.0}, 200000, 2);
  check_frequencies({7.0}, 1000, 3);
  // An age profile: weights rising by orders of magnitude, as requests do.
  std::vector<double> by_age;
  for (int a = 0; a < 83; ++a) by_age.push_back(a < 10 ? 0.0 : std::exp(0.08 * a));
  check_frequencies(by_age, 400000, 4);
}

TEST_CASE("a rebuilt alias table forgets the weights before") {
  AliasTable table;
  table.build(std::vector<double>{1.0, 1.0, 1.0});
  table.build(std::vector<double>{0.0, 1.0});
  RandomEngine random = make_stream(5, 0, StreamPurpose::care);
  for (int i = 0; i < 1000; ++i) REQUIRE(table.draw(random) == 1);
}

TEST_CASE("gamma draws have the gamma's mean, variance and distribution function, for shapes below and above 1") {
  for (const double shape : {0.5, 1.0, 2.0, 7.5}) {
    const double scale = 3.0;
    const int draws = 200000;
    RandomEngine random = make_stream(6, 0, StreamPurpose::care);
    const boost::math::gamma_distribution<double> law(shape, scale);
    const double quartiles[] = {boost::math::quantile(law, 0.25), boost::math::quantile(law, 0.5), boost::math::quantile(law, 0.75)};
    double sum = 0.0;
    double sum_squares = 0.0;
    double below[3] = {0.0, 0.0, 0.0};
    for (int i = 0; i < draws; ++i) {
      const double x = draw_gamma(random, shape, scale);
      REQUIRE(x >= 0.0);
      sum += x;
      sum_squares += x * x;
      for (int q = 0; q < 3; ++q) below[q] += x < quartiles[q] ? 1.0 : 0.0;
    }
    INFO("shape " << shape);
    const double mean = shape * scale;
    const double variance = shape * scale * scale;
    CHECK(std::abs(sum / draws - mean) <= 4.5 * std::sqrt(variance / draws));
    // The sample variance's standard error, from the gamma's fourth moment
    // (excess kurtosis 6 / shape).
    const double variance_se = variance * std::sqrt((2.0 + 6.0 / shape) / draws);
    CHECK(std::abs((sum_squares - draws * (sum / draws) * (sum / draws)) / (draws - 1) - variance) <= 4.5 * variance_se);
    for (int q = 0; q < 3; ++q) {
      const double share = 0.25 * (q + 1);
      CHECK(std::abs(below[q] - draws * share) <= 4.5 * std::sqrt(draws * share * (1.0 - share)));
    }
  }
}
