// Replicates are bit-identical whatever the thread count and whichever
// replicates are run together.

#include <catch2/catch.hpp>

#include "carecast/parallel/runner.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;

TEST_CASE("results do not depend on the number of threads") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(5, 24));
  const Simulation simulation(loaded);
  const ReplicateStore one = run_replicates(simulation, 0, 24, {1, {}});
  for (int threads : {2, 8}) {
    const ReplicateStore many = run_replicates(simulation, 0, 24, {threads, {}});
    for (std::size_t q = 0; q < one.arrays.size(); ++q) REQUIRE(one.arrays[q] == many.arrays[q]);
  }
}

TEST_CASE("a replicate's values do not depend on which other replicates run") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(3, 10));
  const Simulation simulation(loaded);
  const ReplicateStore all = run_replicates(simulation, 0, 10, {2, {}});
  const ReplicateStore part = run_replicates(simulation, 6, 3, {1, {}});
  for (std::size_t q = 0; q < all.arrays.size(); ++q) {
    const std::size_t cells = simulation.layout().size(q);
    for (std::int64_t r = 6; r < 9; ++r) {
      const double* a = all.replicate_values(q, r, cells);
      const double* b = part.replicate_values(q, r, cells);
      REQUIRE(std::equal(a, a + cells, b));
    }
  }
  // Different replicates do differ: the streams are really per replicate.
  const std::size_t cells = simulation.layout().size(0);
  const double* first = all.replicate_values(0, 0, cells);
  const double* second = all.replicate_values(0, 1, cells);
  CHECK_FALSE(std::equal(first, first + cells, second));
}

TEST_CASE("progress is reported once per replicate") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(1, 7));
  const Simulation simulation(loaded);
  std::vector<std::int64_t> seen;
  run_replicates(simulation, 0, 7, {2, [&](std::int64_t done, std::int64_t total) {
                                      CHECK(total == 7);
                                      seen.push_back(done);
                                    }});
  std::sort(seen.begin(), seen.end());
  CHECK(seen == std::vector<std::int64_t>{1, 2, 3, 4, 5, 6, 7});
}

TEST_CASE("a sampling design gives the same replicates whatever the thread count, and runs differ by design") {
  const std::string text = "extends: " + std::string(CARECAST_TEST_DATA) +
                           "/scenarios/tiny_money.yaml\nreplicates: 16\nsampling: latin_hypercube\n"
                           "money:\n  pay_inflation: {later: {distribution: triangular, min: 0.01, mode: 0.02, max: 0.04}}\n";
  const LoadedScenario loaded = testing::load_scenario_text(text, "design.yaml", testing::test_models());
  REQUIRE(loaded.scenario.sampling == SamplingMethod::latin_hypercube);
  const Simulation simulation(loaded);
  const ReplicateStore one = run_replicates(simulation, 0, 16, {1, {}});
  const ReplicateStore many = run_replicates(simulation, 0, 16, {2, {}});
  for (std::size_t q = 0; q < one.arrays.size(); ++q) REQUIRE(one.arrays[q] == many.arrays[q]);

  LoadedScenario plain = loaded;
  plain.scenario.sampling = SamplingMethod::random;
  const ReplicateStore independent = run_replicates(Simulation(plain), 0, 16, {1, {}});
  std::size_t differing = 0;
  for (std::size_t q = 0; q < one.arrays.size(); ++q) differing += one.arrays[q] != independent.arrays[q];
  CHECK(differing > 0);
}

TEST_CASE("a directed Sobol' design with a walk of need gives the same replicates whatever the thread count and run") {
  const std::string text = "extends: " + std::string(CARECAST_TEST_DATA) +
                           "/scenarios/tiny_money.yaml\nreplicates: 16\nsampling: directed_sobol\n"
                           "money:\n  pay_inflation: {later: {distribution: triangular, min: 0.01, mode: 0.02, max: 0.04}}\n"
                           "demand: {need_drift: {value: 0.1, assumption: test}}\n";
  const LoadedScenario loaded = testing::load_scenario_text(text, "directed.yaml", testing::test_models());
  REQUIRE(loaded.scenario.sampling == SamplingMethod::directed_sobol);
  REQUIRE(loaded.drifts_need());
  const Simulation simulation(loaded);
  const ReplicateStore one = run_replicates(simulation, 0, 16, {1, {}});
  const ReplicateStore many = run_replicates(simulation, 0, 16, {2, {}});
  for (std::size_t q = 0; q < one.arrays.size(); ++q) REQUIRE(one.arrays[q] == many.arrays[q]);
  // Another process finds the same directions: a second simulation of the
  // scenario gives the same replicates.
  const ReplicateStore again = run_replicates(Simulation(loaded), 0, 16, {2, {}});
  for (std::size_t q = 0; q < one.arrays.size(); ++q) REQUIRE(one.arrays[q] == again.arrays[q]);

  // Turned and unturned, the same Sobol' points give other replicates.
  LoadedScenario unturned = loaded;
  unturned.scenario.sampling = SamplingMethod::sobol;
  const ReplicateStore plain = run_replicates(Simulation(unturned), 0, 16, {1, {}});
  const std::size_t assumptions = simulation.layout().quantity_index("assumptions");
  CHECK(one.arrays[assumptions] != plain.arrays[assumptions]);
}
