// The population follows the ONS projection in expectation: the plan matches
// the projection exactly, and the Monte Carlo mean lands within 4 standard
// errors of it.

#include <catch2/catch.hpp>

#include <cmath>

#include "carecast/parallel/runner.h"
#include "carecast/simulation/population.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;

TEST_CASE("the expected path equals the projection, single years below 90 and the 90+ total") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(15, 1));
  const PopulationData& data = loaded.model->population;
  const PopulationPlan plan(data, 6, 2039);
  for (int year : {2023, 2024, 2030, 2039}) {
    for (int d = 0; d < 6; ++d) {
      for (int s = 0; s < sex_count; ++s) {
        for (int age = 18; age < 90; ++age) {
          REQUIRE(plan.expected(year, d, s, age) == data.projection.at(year, d, s, age));
        }
        double open = 0.0;
        for (int age = 90; age <= 100; ++age) open += plan.expected(year, d, s, age);
        REQUIRE(open == Approx(data.projection.at(year, d, s, 90)).epsilon(1e-12));
      }
    }
  }
}

TEST_CASE("the base year splits 90+ across single ages without losing anyone") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(1, 1));
  const PopulationData& data = loaded.model->population;
  const PopulationPlan plan(data, 6, 2025);
  PopulationState state(plan);
  RandomEngine random = make_stream(1, 0, StreamPurpose::demography);
  state.initialise(random);
  double base_adults = 0.0;
  for (int d = 0; d < 6; ++d) {
    for (int s = 0; s < sex_count; ++s) {
      std::int64_t open = 0;
      for (int age = 90; age <= 100; ++age) open += state.count(d, s, age);
      CHECK(open == std::llround(data.base.at(2022, d, s, 90)));
      for (int age = 18; age <= 90; ++age) base_adults += data.base.at(2022, d, s, age);
    }
  }
  CHECK(static_cast<double>(state.total()) == base_adults);
  CHECK(state.total() == 490413);  // ONS mid-2022 adults (../shared/data/README.md)
}

TEST_CASE("Monte Carlo means of adults by district and of deaths converge to the expected path") {
  // 400 replicates; each district total's standard error is estimated from
  // the replicates themselves, and the test allows 4 of them.
  constexpr int replicates = 400;
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(8, replicates));
  const Simulation simulation(loaded);
  const ReplicateStore store = run_replicates(simulation, 0, replicates, {});
  const OutputLayout& layout = simulation.layout();
  const std::size_t population = layout.quantity_index("population");
  const std::size_t deaths = layout.quantity_index("population_deaths");
  const std::size_t cells = layout.size(population);
  const std::size_t bands = layout.dimension("age_band").size();
  const PopulationPlan plan(loaded.model->population, 6, 2032);

  for (int y : {0, 7}) {
    const int year = 2024 + y;
    for (int d = 0; d < 6; ++d) {
      double expected_people = 0.0;
      double expected_deaths = 0.0;
      for (int s = 0; s < sex_count; ++s) {
        for (int age = 18; age <= 100; ++age) {
          expected_people += plan.expected(year, d, s, age);
          expected_deaths += plan.expected(year, d, s, age) * plan.death_probability(s, age);
        }
      }
      for (auto [quantity, expected] : {std::pair{population, expected_people}, std::pair{deaths, expected_deaths}}) {
        double sum = 0.0, sum_squares = 0.0;
        for (int r = 0; r < replicates; ++r) {
          const double* values = store.replicate_values(quantity, r, cells);
          double total = 0.0;
          for (std::size_t k = 0; k < sex_count * bands; ++k) total += values[(static_cast<std::size_t>(y) * 6 + static_cast<std::size_t>(d)) * sex_count * bands + k];
          sum += total;
          sum_squares += total * total;
        }
        const double mean = sum / replicates;
        const double standard_error = std::sqrt((sum_squares / replicates - mean * mean) / (replicates - 1));
        INFO("year " << year << " district " << d << " quantity " << quantity << " mean " << mean
                     << " expected " << expected << " se " << standard_error);
        CHECK(std::abs(mean - expected) < 4 * standard_error);
      }
    }
  }
}

TEST_CASE("counts stay whole and non-negative, and deaths never exceed the people at risk") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(1, 1));
  const PopulationPlan plan(loaded.model->population, 6, 2040);
  PopulationState state(plan);
  RandomEngine random = make_stream(3, 0, StreamPurpose::demography);
  state.initialise(random);
  while (state.year() < 2040) {
    std::vector<std::int64_t> before;
    for (int d = 0; d < 6; ++d)
      for (int s = 0; s < sex_count; ++s)
        for (int age = 18; age <= 100; ++age) before.push_back(state.count(d, s, age));
    state.advance(random);
    std::size_t k = 0;
    for (int d = 0; d < 6; ++d) {
      for (int s = 0; s < sex_count; ++s) {
        for (int age = 18; age <= 100; ++age, ++k) {
          REQUIRE(state.count(d, s, age) >= 0);
          REQUIRE(state.deaths(d, s, age) >= 0);
          REQUIRE(state.deaths(d, s, age) <= before[k]);
        }
      }
    }
  }
}

TEST_CASE("with every adult an individual, district totals and deaths converge to the expected path") {
  // The individual mode's law equals the cohort mode's; 120 replicates of four
  // years, each mean within 4 standard errors estimated from the replicates.
  constexpr int replicates = 120;
  constexpr int last_year = 2026;
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(1, 1));
  const PopulationPlan plan(loaded.model->population, 6, last_year);
  std::vector<double> people_sum(6, 0.0), people_squares(6, 0.0), deaths_sum(6, 0.0), deaths_squares(6, 0.0);
  PopulationState state(plan, PopulationMode::individuals);
  for (int r = 0; r < replicates; ++r) {
    RandomEngine random = make_stream(11, static_cast<std::uint64_t>(r), StreamPurpose::demography);
    state.initialise(random);
    REQUIRE(state.individuals() == static_cast<std::size_t>(state.total()));
    while (state.year() < last_year - 1) state.advance(random);
    // The last step: deaths during it by age at its start, then the adults after it.
    state.advance(random);
    REQUIRE(state.individuals() == static_cast<std::size_t>(state.total()));
    for (int d = 0; d < 6; ++d) {
      double people = 0.0, deaths = 0.0;
      for (int s = 0; s < sex_count; ++s) {
        for (int age = 18; age <= 100; ++age) {
          REQUIRE(state.count(d, s, age) >= 0);
          people += static_cast<double>(state.count(d, s, age));
          deaths += static_cast<double>(state.deaths(d, s, age));
        }
      }
      people_sum[d] += people;
      people_squares[d] += people * people;
      deaths_sum[d] += deaths;
      deaths_squares[d] += deaths * deaths;
    }
  }
  auto within = [&](double sum, double squares, double expected) {
    const double mean = sum / replicates;
    const double standard_error = std::sqrt((squares / replicates - mean * mean) / (replicates - 1));
    INFO("mean " << mean << " expected " << expected << " se " << standard_error);
    CHECK(standard_error > 0.0);
    CHECK(std::abs(mean - expected) < 4 * standard_error);
  };
  for (int d = 0; d < 6; ++d) {
    double expected_people = 0.0, expected_deaths = 0.0;
    for (int s = 0; s < sex_count; ++s) {
      for (int age = 18; age <= 100; ++age) {
        expected_people += plan.expected(last_year, d, s, age);
        expected_deaths += plan.expected(last_year - 1, d, s, age) * plan.death_probability(s, age);
      }
    }
    INFO("district " << d);
    within(people_sum[d], people_squares[d], expected_people);
    within(deaths_sum[d], deaths_squares[d], expected_deaths);
  }
}
