// Uncertain assumptions: each distribution family draws values with the
// moments it should; correlations come out as stated; scenarios read them,
// check them, and put each replicate's drawn values where they were written.

#include <catch2/catch.hpp>

#include <boost/math/distributions/beta.hpp>
#include <boost/random/uniform_01.hpp>

#include <cmath>
#include <numeric>

#include "carecast/core/random.h"
#include "carecast/uncertainty/assumption_sampler.h"
#include "carecast/uncertainty/sensitivity.h"
#include "carecast/uncertainty/spending_sensitivity.h"
#include "test_support.h"

using namespace carecast;

namespace {

struct Moments {
  double mean = 0.0;
  double variance = 0.0;
  double fourth = 0.0;  // central fourth moment, for the standard error of the variance
};

Moments sample_moments(const std::vector<double>& values) {
  Moments m;
  const auto n = static_cast<double>(values.size());
  m.mean = std::accumulate(values.begin(), values.end(), 0.0) / n;
  for (const double v : values) {
    const double d = v - m.mean;
    m.variance += d * d;
    m.fourth += d * d * d * d;
  }
  m.variance /= n - 1.0;
  m.fourth /= n;
  return m;
}

std::vector<double> draw(const Distribution& distribution, std::size_t n, std::uint64_t seed) {
  RandomEngine stream = make_stream(seed, 0, StreamPurpose::assumptions);
  boost::random::uniform_01<double> uniform;
  std::vector<double> values(n);
  for (auto& value : values) value = distribution.quantile(uniform(stream));
  return values;
}

// Mean and variance of a density on [low, high] by Simpson's rule: an
// independent check of the closed forms.
std::pair<double, double> integrated_moments(const std::function<double(double)>& density, double low, double high) {
  constexpr int steps = 20000;
  const double h = (high - low) / steps;
  double mass = 0.0, first = 0.0, second = 0.0;
  for (int i = 0; i <= steps; ++i) {
    const double x = low + i * h;
    const double weight = (i == 0 || i == steps) ? 1.0 : (i % 2 == 1 ? 4.0 : 2.0);
    const double f = density(x) * weight;
    mass += f;
    first += f * x;
    second += f * x * x;
  }
  const double mean = first / mass;
  return {mean, second / mass - mean * mean};
}

// The sample's mean and variance lie within four standard errors of the
// expected ones.
void check_moments(const std::vector<double>& values, double mean, double variance) {
  const Moments m = sample_moments(values);
  const auto n = static_cast<double>(values.size());
  const double mean_error = std::sqrt(variance / n);
  const double variance_error = std::sqrt((m.fourth - m.variance * m.variance) / n);
  INFO("mean " << m.mean << " expected " << mean << "; variance " << m.variance << " expected " << variance);
  CHECK(std::abs(m.mean - mean) < 4.0 * mean_error);
  CHECK(std::abs(m.variance - variance) < 4.0 * variance_error);
}

Distribution make(DistributionFamily family, double first, double second, double third = 0.0,
                  double lowest = -std::numeric_limits<double>::infinity(),
                  double highest = std::numeric_limits<double>::infinity()) {
  Distribution d;
  d.family = family;
  d.first = first;
  d.second = second;
  d.third = third;
  d.lowest = lowest;
  d.highest = highest;
  return d;
}

constexpr std::size_t samples = 40000;

}  // namespace

TEST_CASE("each distribution family draws values with its mean and variance") {
  SECTION("normal") {
    const auto d = make(DistributionFamily::normal, 0.03, 0.01);
    check_moments(draw(d, samples, 1), 0.03, 0.0001);
  }
  SECTION("normal truncated to [min, max]") {
    const auto d = make(DistributionFamily::normal, 0.0, 0.01, 0.0, -0.005, 0.02);
    const auto values = draw(d, samples, 2);
    for (const double v : values) REQUIRE((v >= -0.005 && v <= 0.02));
    const auto [mean, variance] = integrated_moments(
        [](double x) { return std::exp(-0.5 * (x / 0.01) * (x / 0.01)); }, -0.005, 0.02);
    CHECK(d.mean() == Approx(mean).epsilon(1e-6));
    CHECK(d.variance() == Approx(variance).epsilon(1e-6));
    check_moments(values, mean, variance);
  }
  SECTION("lognormal, given by the mean and sd of the value") {
    const auto d = make(DistributionFamily::lognormal, 800.0, 120.0, 0.0, 0.0);
    const auto values = draw(d, samples, 3);
    for (const double v : values) REQUIRE(v > 0.0);
    check_moments(values, 800.0, 120.0 * 120.0);
  }
  SECTION("triangular") {
    const auto d = make(DistributionFamily::triangular, 0.015, 0.025, 0.04, 0.015, 0.04);
    const auto [mean, variance] = integrated_moments(
        [](double x) { return x < 0.025 ? (x - 0.015) / 0.01 : (0.04 - x) / 0.015; }, 0.015, 0.04);
    check_moments(draw(d, samples, 4), mean, variance);
  }
  SECTION("uniform") {
    const auto d = make(DistributionFamily::uniform, 2.0, 5.0, 0.0, 2.0, 5.0);
    check_moments(draw(d, samples, 5), 3.5, 9.0 / 12.0);
  }
  SECTION("beta, and beta stretched onto [min, max]") {
    const auto d = make(DistributionFamily::beta, 200.0, 368.0, 0.0, 0.0, 1.0);
    const double mean = 200.0 / 568.0;
    check_moments(draw(d, samples, 6), mean, mean * (1.0 - mean) / 569.0);
    const auto stretched = make(DistributionFamily::beta, 2.0, 5.0, 0.0, 10.0, 20.0);
    const auto [m, v] = integrated_moments([](double x) { const double t = (x - 10.0) / 10.0; return t * std::pow(1.0 - t, 4); }, 10.0, 20.0);
    check_moments(draw(stretched, samples, 7), m, v);
  }
}

TEST_CASE("a beta's quantile holds deep in the tail, where Boost's inverse gives up") {
  // Boost's inverse incomplete beta throws for these shapes at u = 1e-17;
  // the quantile must still be the point where the cumulative reaches u.
  const auto d = make(DistributionFamily::beta, 1.15478, 0.01, 0.0, 0.0, 1.0);
  const boost::math::beta_distribution<double> law(1.15478, 0.01);
  for (const double u : {1e-17, 1e-30, 1e-100, 1e-300}) {
    const double value = d.quantile(u);
    REQUIRE((value > 0.0 && value < 1.0));
    CHECK(boost::math::cdf(law, value) == Approx(u).epsilon(1e-9));
    CHECK(boost::math::cdf(law, std::nextafter(value, 0.0)) < u);
  }
  CHECK(d.from_normal_score(-40.0) >= 0.0);
}

TEST_CASE("correlated assumptions have the stated correlation of normal scores, and its rank correlation") {
  const std::vector<Distribution> distributions = {make(DistributionFamily::normal, 0.0, 1.0),
                                                   make(DistributionFamily::triangular, 0.0, 0.2, 1.0, 0.0, 1.0),
                                                   make(DistributionFamily::uniform, 0.0, 1.0, 0.0, 0.0, 1.0)};
  const double rho = 0.6;
  const std::vector<double> correlation = {1.0, rho, 0.0, rho, 1.0, 0.0, 0.0, 0.0, 1.0};
  const AssumptionSampler sampler(distributions, correlation);
  RandomEngine stream = make_stream(9, 0, StreamPurpose::assumptions);
  constexpr std::size_t n = 20000;
  std::vector<double> first(n), second(n), third(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto values = sampler.draw(stream);
    first[i] = values[0];
    second[i] = values[1];
    third[i] = values[2];
  }
  auto pearson = [](const std::vector<double>& a, const std::vector<double>& b) {
    const Moments ma = sample_moments(a), mb = sample_moments(b);
    double cross = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) cross += (a[i] - ma.mean) * (b[i] - mb.mean);
    return cross / static_cast<double>(a.size() - 1) / std::sqrt(ma.variance * mb.variance);
  };
  // A Gaussian copula's rank correlation is (6/pi) asin(rho/2); the standard
  // error of a sample rank correlation is below 1/sqrt(n-1).
  const double expected_rank = 6.0 / M_PI * std::asin(rho / 2.0);
  const double error = 1.0 / std::sqrt(static_cast<double>(n - 1));
  CHECK(std::abs(pearson(average_ranks(first), average_ranks(second)) - expected_rank) < 4.0 * error);
  CHECK(std::abs(pearson(average_ranks(first), average_ranks(third))) < 4.0 * error);
  CHECK(std::abs(pearson(average_ranks(second), average_ranks(third))) < 4.0 * error);
}

TEST_CASE("a correlation matrix that cannot hold is recognised") {
  CHECK(AssumptionSampler::positive_definite({1.0, 0.9, 0.9, 1.0}, 2));
  CHECK_FALSE(AssumptionSampler::positive_definite({1.0, 0.9, 0.9, 0.9, 1.0, 0.9, 0.9, -0.9, 1.0}, 3));
}

TEST_CASE("a scenario's distributions are read at their median and each replicate's draws put in their places") {
  const LoadedScenario loaded = testing::load_scenario_text(
      "extends: " + std::string(CARECAST_TEST_DATA) + "/scenarios/tiny_money.yaml\n"
      "money:\n"
      "  pay_inflation: {later: {distribution: uniform, min: 0.01, max: 0.05}}\n"
      "  income_share: {older: {value: {distribution: beta, alpha: 2, beta: 2}}}\n"
      "demand:\n"
      "  need_growth: {value: {distribution: normal, mean: 0.01, sd: 0.002, min: 0, max: 0.1}, assumption: test}\n",
      "uncertain.yaml", testing::test_models());
  REQUIRE(loaded.uncertain.size() == 3);
  CHECK(loaded.uncertain[0].label == "money.pay_inflation.later");
  CHECK(loaded.uncertain[1].label == "money.income_share.older.value");
  CHECK(loaded.uncertain[2].label == "demand.need_growth.value");
  CHECK(loaded.uncertain[0].where.line == 3);
  CHECK(loaded.inputs.money->pay_inflation.at(2030) == Approx(0.03));
  CHECK(loaded.inputs.money->income_share[0] == Approx(0.5));
  CHECK(loaded.inputs.need_growth == std::vector<double>(loaded.model->care.client_groups.size(), loaded.inputs.need_growth[0]));
  CHECK(loaded.inputs.need_growth[0] == Approx(0.01));
  // The resolved text keeps the distributions as written.
  CHECK(loaded.resolved_yaml.find("distribution: uniform") != std::string::npos);

  const ScenarioInputs drawn = loaded.bindings.applied(loaded.inputs, {0.0437, 0.61, 0.013});
  CHECK(drawn.money->pay_inflation.at(2030) == 0.0437);
  CHECK(drawn.money->pay_inflation.at(2025) == 0.03);  // a fixed year stays fixed
  CHECK(drawn.money->income_share[0] == 0.61);
  CHECK(drawn.need_growth == std::vector<double>(drawn.need_growth.size(), 0.013));
}

TEST_CASE("a child scenario's distribution replaces its parent's whole") {
  const LoadedScenario loaded = testing::load_scenario_text(
      "extends: " + std::string(CARECAST_TEST_DATA) + "/scenarios/tiny_money.yaml\n"
      "money:\n  pay_inflation: {later: {distribution: triangular, min: 0.01, mode: 0.02, max: 0.04}}\n",
      "parent.yaml", testing::test_models());
  const std::filesystem::path parent = testing::scratch_folder() / "p.yaml";
  std::ofstream(parent) << loaded.resolved_yaml;
  const LoadedScenario child = testing::load_scenario_text(
      "extends: p.yaml\nmoney:\n  pay_inflation: {later: {distribution: uniform, min: 0.0, max: 0.1}}\n", "child.yaml",
      testing::test_models());
  std::filesystem::remove(parent);
  REQUIRE(child.uncertain.size() == 1);
  CHECK(child.uncertain[0].distribution.describe() == "uniform(min 0, max 0.1)");
}

TEST_CASE("rank regression finds the inputs that drive an output, in proportion") {
  // y = 3 a + b + 0 c + noise, independent uniform inputs: the rank
  // coefficients follow the linear ones (3 : 1 : 0), and R squared is what
  // the noise leaves.
  RandomEngine stream = make_stream(5, 0, StreamPurpose::assumptions);
  boost::random::uniform_01<double> uniform;
  constexpr std::size_t n = 4000;
  std::vector<double> inputs(n * 3), output(n);
  for (std::size_t r = 0; r < n; ++r) {
    for (std::size_t c = 0; c < 3; ++c) inputs[r * 3 + c] = uniform(stream);
    output[r] = 3.0 * inputs[r * 3] + inputs[r * 3 + 1] + 0.2 * (uniform(stream) - 0.5);
  }
  const RankRegression fit = rank_regression(inputs, 3, output);
  const double error = 1.0 / std::sqrt(static_cast<double>(n));
  // For a linear model in uniform inputs, standardised coefficients are
  // 3/sqrt(10 + 0.04) and 1/sqrt(10 + 0.04); ranks of a near-linear output
  // bend them only slightly.
  const double total = std::sqrt(9.0 + 1.0 + 0.04);
  CHECK(std::abs(fit.coefficients[0] - 3.0 / total) < 4.0 * error);
  CHECK(std::abs(fit.coefficients[1] - 1.0 / total) < 4.0 * error);
  CHECK(std::abs(fit.coefficients[2]) < 4.0 * error);
  CHECK(fit.r_squared > 0.95);
  CHECK(fit.r_squared <= 1.0);
}

TEST_CASE("ties share their average rank, and a constant input gets no coefficient") {
  CHECK(average_ranks({3.0, 1.0, 3.0, 2.0}) == std::vector<double>{3.5, 1.0, 3.5, 2.0});
  const std::vector<double> inputs = {1.0, 7.0, 2.0, 7.0, 3.0, 7.0, 4.0, 7.0};
  const RankRegression fit = rank_regression(inputs, 2, {10.0, 20.0, 30.0, 40.0});
  CHECK(fit.coefficients[0] == Approx(1.0));
  CHECK(fit.coefficients[1] == 0.0);
  CHECK(fit.r_squared == Approx(1.0));
}

TEST_CASE("net spending is ranked per budget line and in total, in the third and the final year") {
  // Two lines over five years, one assumption a. In the years measured,
  // line 0 rises with a (10 a) and line 1 falls faster (5 - 20 a), so the
  // total falls; the other years run the other way, and must not count.
  SpendingSensitivity sensitivity({2024, 2025, 2026, 2027, 2028}, 2, 1);
  CHECK(sensitivity.years() == std::vector<int>{2026, 2028});
  CHECK(sensitivity.scopes() == 3);
  for (const double a : {0.3, 0.1, 0.4, 0.2}) {
    CHECK_FALSE(sensitivity.rankable());  // one assumption needs four replicates
    std::vector<double> net_spend;
    for (int year = 0; year < 5; ++year) {
      const bool measured = year == 2 || year == 4;
      net_spend.push_back(measured ? 10.0 * a : -10.0 * a);
      net_spend.push_back(measured ? 5.0 - 20.0 * a : 20.0 * a);
    }
    sensitivity.add(std::vector<double>{a}, net_spend);
  }
  CHECK(sensitivity.rankable());
  const std::vector<RankRegression> fits = sensitivity.rank();
  REQUIRE(fits.size() == 6);
  for (std::size_t year = 0; year < 2; ++year) {
    CHECK(fits[year * 3].coefficients[0] == Approx(1.0));
    CHECK(fits[year * 3 + 1].coefficients[0] == Approx(-1.0));
    CHECK(fits[year * 3 + 2].coefficients[0] == Approx(-1.0));
    CHECK(fits[year * 3 + 2].r_squared == Approx(1.0));
  }
}

TEST_CASE("a run shorter than three years is ranked in its final year only") {
  CHECK(SpendingSensitivity({2024, 2025}, 1, 2).years() == std::vector<int>{2025});
  CHECK(SpendingSensitivity({2024}, 1, 2).years() == std::vector<int>{2024});
}
