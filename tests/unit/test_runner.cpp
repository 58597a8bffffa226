// Replicates are bit-identical whatever the thread count and whichever
// replicates are run together.

#include <catch2/catch.hpp>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <vector>

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

namespace {

// A task that records how it is prepared: how often each piece and the
// finish ran, and whether a replicate started before the finish.
class PreparedTask : public ReplicateTask {
 public:
  PreparedTask(const OutputLayout& layout, std::int64_t pieces, std::int64_t failing = -1)
      : layout_(&layout), pieces_(pieces), failing_(failing), prepared_(static_cast<std::size_t>(pieces)) {}

  const OutputLayout& layout() const override { return *layout_; }
  std::int64_t preparation_size() const override { return finishes_ > 0 ? 0 : pieces_; }
  void prepare(std::int64_t piece, std::unique_ptr<WorkerState>& /*state*/) const override {
    if (piece == failing_) throw std::runtime_error("piece failed");
    ++prepared_[static_cast<std::size_t>(piece)];
  }
  void finish_preparation() const override {
    for (const auto& count : prepared_) each_piece_once_ = each_piece_once_ && count == 1;
    ++finishes_;
  }
  void run_replicate(std::int64_t /*replicate*/, ReplicateValues& values, std::unique_ptr<WorkerState>& /*state*/) const override {
    values.reset(*layout_);
    if (finishes_ == 0) started_early_ = true;
  }

  int finishes() const { return finishes_; }
  bool each_piece_once() const { return each_piece_once_; }
  bool started_early() const { return started_early_; }

 private:
  const OutputLayout* layout_;
  std::int64_t pieces_;
  std::int64_t failing_;
  mutable std::vector<std::atomic<int>> prepared_;
  mutable std::atomic<int> finishes_{0};
  mutable std::atomic<bool> each_piece_once_{true};
  mutable std::atomic<bool> started_early_{false};
};

}  // namespace

TEST_CASE("the runner prepares a task once, spread over its threads, before the first replicate") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(1, 4));
  const Simulation simulation(loaded);
  for (const int threads : {1, 2, 8}) {
    const PreparedTask task(simulation.layout(), 13);
    run_replicates(task, 0, 6, {threads, {}});
    CHECK(task.finishes() == 1);
    CHECK(task.each_piece_once());
    CHECK_FALSE(task.started_early());
    // Prepared already: not again.
    run_replicates(task, 0, 6, {threads, {}});
    CHECK(task.finishes() == 1);
  }
  const PreparedTask failing(simulation.layout(), 5, 3);
  CHECK_THROWS_WITH(run_replicates(failing, 0, 6, {2, {}}), "piece failed");
  CHECK(failing.finishes() == 0);
  CHECK_FALSE(failing.started_early());
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
  // The runner makes the pilot before the first replicate, on one thread
  // or spread over several; another process makes its own and finds the
  // same directions.
  const Simulation simulation(loaded);
  // The centre, the one uncertain assumption, and each client group's walk.
  REQUIRE(simulation.preparation_size() == 2 + static_cast<std::int64_t>(loaded.model->care.client_groups.size()));
  const ReplicateStore one = run_replicates(simulation, 0, 16, {1, {}});
  CHECK(simulation.preparation_size() == 0);
  for (const int threads : {2, 3}) {
    const ReplicateStore many = run_replicates(Simulation(loaded), 0, 16, {threads, {}});
    for (std::size_t q = 0; q < one.arrays.size(); ++q) REQUIRE(one.arrays[q] == many.arrays[q]);
  }
  // Replicate by replicate without a runner, the first replicate makes it.
  const Simulation alone(loaded);
  ReplicateValues values;
  for (const std::int64_t replicate : {11, 0}) {
    alone.run_replicate(replicate, values);
    for (std::size_t q = 0; q < one.arrays.size(); ++q) {
      const std::size_t cells = simulation.layout().size(q);
      const double* expected = one.replicate_values(q, replicate, cells);
      REQUIRE(std::equal(expected, expected + cells, values.arrays[q].begin()));
    }
  }
  CHECK(alone.preparation_size() == 0);
  // The pilot's care events are not the run's: running the same replicates
  // again, with no pilot, counts as many again.
  const Simulation counted(loaded);
  run_replicates(counted, 0, 4, {2, {}});
  const std::uint64_t first_run = counted.care_events();
  CHECK(first_run > 0);
  run_replicates(counted, 0, 4, {2, {}});
  CHECK(counted.care_events() == 2 * first_run);

  // Turned and unturned, the same Sobol' points give other replicates.
  LoadedScenario unturned = loaded;
  unturned.scenario.sampling = SamplingMethod::sobol;
  const ReplicateStore plain = run_replicates(Simulation(unturned), 0, 16, {1, {}});
  const std::size_t assumptions = simulation.layout().quantity_index("assumptions");
  CHECK(one.arrays[assumptions] != plain.arrays[assumptions]);
}
