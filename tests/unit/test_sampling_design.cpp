// Sampling designs for the uncertain assumptions: a Latin hypercube puts one
// replicate in each of N equally likely strata of every assumption, a
// shifted Sobol' sequence does so for N a power of two, both whatever order
// the replicates are drawn in, a directed one along its direction; and all
// stay unbiased.

#include <catch2/catch.hpp>

#include <Eigen/Core>
#include <boost/math/distributions/normal.hpp>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>

#include "carecast/core/random.h"
#include "carecast/uncertainty/assumption_sampler.h"

using namespace carecast;

namespace {

Distribution uniform_unit() {
  Distribution d;
  d.family = DistributionFamily::uniform;
  d.first = 0.0;
  d.second = 1.0;
  d.lowest = 0.0;
  d.highest = 1.0;
  return d;
}

std::vector<double> identity(std::size_t size) {
  std::vector<double> matrix(size * size, 0.0);
  for (std::size_t i = 0; i < size; ++i) matrix[i * size + i] = 1.0;
  return matrix;
}

// Each assumption's values over replicates 0..count-1, drawn in reverse
// order to show a replicate's draw does not depend on the others'.
std::vector<std::vector<double>> drawn_values(const AssumptionSampler& sampler, std::int64_t count, std::uint64_t seed) {
  std::vector<std::vector<double>> by_assumption(sampler.size(), std::vector<double>(static_cast<std::size_t>(count)));
  for (std::int64_t r = count - 1; r >= 0; --r) {
    RandomEngine stream = make_stream(seed, static_cast<std::uint64_t>(r), StreamPurpose::assumptions);
    const std::vector<double> values = sampler.draw(static_cast<std::uint64_t>(r), stream);
    for (std::size_t a = 0; a < values.size(); ++a) by_assumption[a][static_cast<std::size_t>(r)] = values[a];
  }
  return by_assumption;
}

bool one_in_each_stratum(const std::vector<double>& values) {
  const auto count = values.size();
  std::set<std::size_t> strata;
  for (const double v : values) {
    if (!(v > 0.0 && v < 1.0)) return false;
    strata.insert(static_cast<std::size_t>(v * static_cast<double>(count)));
  }
  return strata.size() == count && *strata.rbegin() == count - 1;
}

}  // namespace

TEST_CASE("the strata order is a permutation of the replicates, a different one per key") {
  for (const std::uint32_t count : {1U, 2U, 7U, 1000U, 1024U, 1025U, 20000U}) {
    for (const std::uint32_t key : {0U, 1U, 0x9e3779b9U, 0xdeadbeefU}) {
      std::vector<std::uint32_t> seen(count, 0);
      for (std::uint32_t i = 0; i < count; ++i) ++seen[permuted_index(i, count, key)];
      CHECK(std::all_of(seen.begin(), seen.end(), [](std::uint32_t n) { return n == 1; }));
    }
  }
  std::size_t same_place = 0;
  for (std::uint32_t i = 0; i < 1000; ++i) same_place += permuted_index(i, 1000, 17) == permuted_index(i, 1000, 18);
  // Two unrelated permutations of 1,000 agree at about one place.
  CHECK(same_place < 10);
}

TEST_CASE("a Latin hypercube gives every assumption one replicate in each stratum") {
  for (const std::int64_t count : {1, 10, 333, 1000}) {
    const AssumptionSampler sampler({uniform_unit(), uniform_unit(), uniform_unit()}, identity(3),
                                    SamplingDesign{SamplingMethod::latin_hypercube, 42, count});
    const auto values = drawn_values(sampler, count, 42);
    for (const auto& assumption : values) CHECK(one_in_each_stratum(assumption));
    // The assumptions are not stratified together: their strata are in different orders.
    if (count > 10) CHECK(values[0] != values[1]);
  }
}

TEST_CASE("a shifted Sobol' sequence gives every assumption one replicate in each stratum at powers of two") {
  for (const std::int64_t count : {2, 64, 1024}) {
    const AssumptionSampler sampler({uniform_unit(), uniform_unit(), uniform_unit(), uniform_unit()}, identity(4),
                                    SamplingDesign{SamplingMethod::sobol, 7, count});
    for (const auto& assumption : drawn_values(sampler, count, 7)) CHECK(one_in_each_stratum(assumption));
  }
}

TEST_CASE("the designs are unbiased: over many seeds their mean estimates centre on the true mean") {
  Distribution lognormal;
  lognormal.family = DistributionFamily::lognormal;
  lognormal.first = 1.0;
  lognormal.second = 0.5;
  for (const SamplingMethod method : {SamplingMethod::latin_hypercube, SamplingMethod::sobol}) {
    constexpr int seeds = 400;
    constexpr std::int64_t count = 16;
    std::vector<double> estimates;
    for (int seed = 0; seed < seeds; ++seed) {
      const AssumptionSampler sampler({lognormal}, identity(1),
                                      SamplingDesign{method, static_cast<std::uint64_t>(seed) + 1000, count});
      const auto values = drawn_values(sampler, count, static_cast<std::uint64_t>(seed) + 1000)[0];
      estimates.push_back(std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(count));
    }
    const double mean = std::accumulate(estimates.begin(), estimates.end(), 0.0) / seeds;
    double variance = 0.0;
    for (const double e : estimates) variance += (e - mean) * (e - mean);
    variance /= seeds - 1;
    // Unbiased: within four standard errors of the lognormal's mean of 1.
    CHECK(std::abs(mean - 1.0) < 4.0 * std::sqrt(variance / seeds));
    // And better than independent draws, whose estimate of 16 has sd 0.5 / 4.
    CHECK(std::sqrt(variance) < 0.5 / 4.0);
  }
}

TEST_CASE("a design refuses a replicate beyond its count") {
  const AssumptionSampler sampler({uniform_unit()}, identity(1), SamplingDesign{SamplingMethod::latin_hypercube, 1, 10});
  RandomEngine stream = make_stream(1, 10, StreamPurpose::assumptions);
  CHECK_THROWS_AS(sampler.draw(10, stream), std::logic_error);
}

TEST_CASE("a directed Sobol' design has one replicate in each stratum along each of its directions") {
  // Three assumptions and two scores more (as a walk of need would take).
  Eigen::MatrixXd directions(5, 2);
  directions.col(0) << 1.0, 2.0, -3.0, 0.5, 4.0;
  directions.col(1) << 0.0, 1.0, 1.0, -2.0, 0.5;
  // The second direction as the design spans it: the part of it at right
  // angles to the first.
  const Eigen::VectorXd first = directions.col(0).normalized();
  const Eigen::VectorXd second = (directions.col(1) - directions.col(1).dot(first) * first).normalized();
  const boost::math::normal standard_normal;
  for (const std::int64_t count : {2, 64, 1024}) {
    AssumptionSampler sampler({uniform_unit(), uniform_unit(), uniform_unit()}, identity(3),
                              SamplingDesign{SamplingMethod::directed_sobol, 11, count}, 2);
    REQUIRE(sampler.score_count() == 5);
    sampler.set_directions(directions);
    std::vector<double> along_first;
    std::vector<double> along_second;
    std::vector<double> first_assumption;
    for (std::int64_t r = count - 1; r >= 0; --r) {
      RandomEngine stream = make_stream(11, static_cast<std::uint64_t>(r), StreamPurpose::assumptions);
      const Eigen::VectorXd scores = sampler.scores(static_cast<std::uint64_t>(r), stream);
      along_first.push_back(boost::math::cdf(standard_normal, first.dot(scores)));
      along_second.push_back(boost::math::cdf(standard_normal, second.dot(scores)));
      first_assumption.push_back(sampler.values_of(scores)[0]);
    }
    CHECK(one_in_each_stratum(along_first));
    CHECK(one_in_each_stratum(along_second));
    // The design is turned: the assumptions themselves are no longer one to a stratum.
    if (count > 2) CHECK_FALSE(one_in_each_stratum(first_assumption));
  }
}

TEST_CASE("turning a Sobol' design keeps it unbiased") {
  Distribution lognormal;
  lognormal.family = DistributionFamily::lognormal;
  lognormal.first = 1.0;
  lognormal.second = 0.5;
  constexpr int seeds = 400;
  constexpr std::int64_t count = 16;
  std::vector<double> estimates;
  for (int seed = 0; seed < seeds; ++seed) {
    AssumptionSampler sampler({lognormal, lognormal}, identity(2),
                              SamplingDesign{SamplingMethod::directed_sobol, static_cast<std::uint64_t>(seed) + 5000, count});
    sampler.set_directions((Eigen::MatrixXd(2, 1) << 1.0, -0.5).finished());
    const auto values = drawn_values(sampler, count, static_cast<std::uint64_t>(seed) + 5000);
    for (const auto& assumption : values) {
      estimates.push_back(std::accumulate(assumption.begin(), assumption.end(), 0.0) / static_cast<double>(count));
    }
  }
  const double mean = std::accumulate(estimates.begin(), estimates.end(), 0.0) / static_cast<double>(estimates.size());
  double variance = 0.0;
  for (const double e : estimates) variance += (e - mean) * (e - mean);
  variance /= static_cast<double>(estimates.size() - 1);
  // Within four standard errors of the lognormal's mean of 1 (the two
  // assumptions' estimates are correlated, so the error counts one seed's
  // pair as one draw: a conservative bound).
  CHECK(std::abs(mean - 1.0) < 4.0 * std::sqrt(variance / seeds));
}
