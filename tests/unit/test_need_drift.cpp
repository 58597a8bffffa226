// Model error in need (`demand.need_drift`): each replicate's need follows a
// random walk about its trend. The walk's yearly log changes have the stated
// spread and need's multiplier has mean 1 in every year (so the expected
// mode stays the mean); the walk multiplies requests; each replicate records
// where its walk ends as an assumption, so the ranking of what drives the
// spread sees it; and the spread is read and checked at its key.

#include <catch2/catch.hpp>

#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <set>

#include "carecast/calibration/query.h"
#include "carecast/output/layout.h"
#include "carecast/run/simulation.h"
#include "carecast/simulation/policy.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::string tiny_head = "title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 6\nreplicates: 4\nseed: 5\n";

LoadedScenario tiny_with(const std::string& demand) {
  return testing::load_scenario_text(tiny_head + demand, "drift.yaml", testing::test_models());
}

struct Moments {
  double mean = 0.0;
  double variance = 0.0;
};

Moments moments_of(const std::vector<double>& values) {
  Moments result;
  for (const double v : values) result.mean += v;
  result.mean /= static_cast<double>(values.size());
  for (const double v : values) result.variance += (v - result.mean) * (v - result.mean);
  result.variance /= static_cast<double>(values.size() - 1);
  return result;
}

}  // namespace

TEST_CASE("need's random walk has the stated yearly spread, and its multiplier has mean 1 in every year") {
  const double drift = 0.1;
  const int steps = 6;
  const std::size_t paths = 20000;
  std::vector<std::vector<double>> logs(steps + 1);
  std::vector<std::vector<double>> multipliers(steps + 1);
  for (std::size_t replicate = 0; replicate < paths; ++replicate) {
    RandomEngine stream = make_stream(11, replicate, StreamPurpose::need_drift);
    const auto path = need_drift_path({drift, 0.0}, steps, stream);
    REQUIRE(path.size() == 2);
    CHECK(path[1] == std::vector<double>(steps + 1, 0.0));  // no drift for a group with none
    CHECK(path[0][0] == 0.0);
    for (int k = 0; k <= steps; ++k) {
      logs[static_cast<std::size_t>(k)].push_back(path[0][static_cast<std::size_t>(k)]);
      multipliers[static_cast<std::size_t>(k)].push_back(std::exp(path[0][static_cast<std::size_t>(k)]));
    }
  }
  const double n = static_cast<double>(paths);
  for (int k = 1; k <= steps; ++k) {
    const Moments log_change = moments_of(logs[static_cast<std::size_t>(k)]);
    const Moments multiplier = moments_of(multipliers[static_cast<std::size_t>(k)]);
    const double variance = k * drift * drift;
    INFO("after " << k << " years: log variance " << log_change.variance << ", multiplier mean " << multiplier.mean);
    // Four standard errors: of a normal sample's variance, sqrt(2 / (n - 1))
    // of it; of the mean, the sample's own sd over sqrt(n).
    CHECK(std::abs(log_change.variance - variance) < 4.0 * variance * std::sqrt(2.0 / (n - 1.0)));
    CHECK(std::abs(log_change.mean + 0.5 * variance) < 4.0 * std::sqrt(variance / n));
    CHECK(std::abs(multiplier.mean - 1.0) < 4.0 * std::sqrt(multiplier.variance / n));
  }
}

TEST_CASE("the walk multiplies need on top of its trend, year by year") {
  const std::vector<std::vector<double>> path = {{0.0, 0.2, -0.1, 0.05}, {0.0, 0.0, 0.0, 0.0}};
  for (int year = 2024; year <= 2026; ++year) {
    const int steps = year - 2024 + 1;
    const CarePolicy policy = policy_for_year({}, {}, {0.03, 0.0}, path, 2024, year, 2);
    CHECK(policy.need_multiplier[0] == Approx(std::pow(1.03, steps) * std::exp(path[0][static_cast<std::size_t>(steps)])));
    CHECK(policy.need_multiplier[1] == 1.0);
  }
  // Before the first year (the caseload's base year) need has not moved.
  CHECK(policy_for_year({}, {}, {0.03, 0.0}, path, 2024, 2022, 2).need_multiplier[0] == 1.0);
}

TEST_CASE("a scenario's need drift loads by client group and is refused outside its range at the key") {
  CHECK(tiny_with("").inputs.need_drift == std::vector<double>{0.0, 0.0});
  CHECK_FALSE(tiny_with("").drifts_need());
  const LoadedScenario grouped = tiny_with(
      "demand:\n  need_drift:\n"
      "    - {client_group: older_people, value: 0.04, derived: test}\n"
      "    - {client_group: younger_adults, value: 0.02, derived: test}\n");
  CHECK(grouped.inputs.need_drift == std::vector<double>{0.04, 0.02});
  CHECK(grouped.drifts_need());
  CHECK(tiny_with("demand: {need_drift: {value: 0.03, assumption: test}}\n").inputs.need_drift == std::vector<double>{0.03, 0.03});
  const std::string negative = testing::error_of([] { tiny_with("demand: {need_drift: {value: -0.01, assumption: test}}\n"); });
  CHECK(negative.ends_with("drift.yaml:7:30: demand.need_drift.value: expected a standard deviation of need's yearly change "
                           "between 0 and 0.5, got -0.01"));
  CHECK(testing::error_of([] {
          tiny_with("demand:\n  need_drift:\n    - {client_group: older_people, value: 0.04, derived: test}\n");
        }).find("client group younger_adults has no drift") != std::string::npos);
}

TEST_CASE("each replicate records where its walk of need ends, and the walk moves its requests") {
  const LoadedScenario plain = tiny_with("");
  const LoadedScenario drifting = tiny_with("demand: {need_drift: {value: 0.1, assumption: test}}\n");
  const Simulation without(plain);
  const Simulation with(drifting);
  const Dimension& assumptions = with.layout().dimension("assumption");
  REQUIRE(assumptions.labels == std::vector<std::string>{"demand.need_drift.older_people", "demand.need_drift.younger_adults"});
  const auto requests = resolve_query(parse_query("requests{year: 2029}", "test"), with.layout(), "test");
  std::set<double> ends;
  for (std::int64_t replicate = 0; replicate < 4; ++replicate) {
    ReplicateValues drifted;
    ReplicateValues steady;
    with.run_replicate(replicate, drifted);
    without.run_replicate(replicate, steady);
    const auto& recorded = drifted.arrays[with.layout().quantity_index("assumptions")];
    REQUIRE(recorded.size() == 2);
    for (const double end : recorded) {
      CHECK(end > 0.0);
      ends.insert(end);
    }
    CHECK(evaluate_query(requests, drifted) != evaluate_query(requests, steady));
    // The same replicate draws the same walk.
    ReplicateValues again;
    with.run_replicate(replicate, again);
    CHECK(again.arrays == drifted.arrays);
  }
  CHECK(ends.size() == 8);
  // The expected mode has no drift: its record is need's mean multiplier, 1.
  ReplicateValues expected;
  with.run_expected(expected);
  CHECK(expected.arrays[with.layout().quantity_index("assumptions")] == std::vector<double>{1.0, 1.0});
}

TEST_CASE("a walk of need from given scores is the walk a stream of those scores gives") {
  const int steps = 5;
  RandomEngine stream = make_stream(3, 0, StreamPurpose::need_drift);
  const auto from_stream = need_drift_path({0.2, 0.05}, steps, stream);
  RandomEngine again = make_stream(3, 0, StreamPurpose::need_drift);
  boost::random::normal_distribution<double> standard_normal;
  std::vector<double> scores(2 * steps);
  for (double& score : scores) score = standard_normal(again);
  CHECK(need_drift_path({0.2, 0.05}, steps, scores) == from_stream);
  // Each group takes `steps` scores in turn: the second group's first
  // change is the sixth score's.
  CHECK(from_stream[1][1] == 0.05 * scores[5] - 0.5 * 0.05 * 0.05);
}
