// Replicates streamed to the run file: handed on in replicate order by any
// number of threads, written a chunk at a time, and summarised by reading
// them back in blocks of cells or from the writer's own copy, give exactly
// what the replicates kept in memory give.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <stdexcept>

#include "carecast/output/hdf5_file.h"
#include "carecast/output/run_file.h"
#include "carecast/output/statistics.h"
#include "carecast/parallel/runner.h"
#include "carecast/run/sensitivity_collector.h"
#include "carecast/run/simulation.h"
#include "carecast/uncertainty/sensitivity.h"
#include "test_support.h"

using namespace carecast;

namespace {

// The county's baseline (money and uncertain assumptions, so the file has
// /analysis) over four years; 150 replicates are two whole chunks of 64 and
// a partial one.
constexpr std::int64_t streamed_replicates = 150;

LoadedScenario baseline_for(int horizon, std::int64_t replicates) {
  return testing::load_scenario_text("extends: " + std::string(CARECAST_SOURCE_DIR) + "/scenarios/baseline.yaml\nhorizon: " +
                                     std::to_string(horizon) + "\nreplicates: " + std::to_string(replicates) + "\n");
}

std::filesystem::path temporary_file(const std::string& name) {
  return std::filesystem::temp_directory_path() / ("carecast-" + name + "-" + std::to_string(::getpid()) + ".h5");
}

void write_streamed(const std::filesystem::path& path, const LoadedScenario& loaded, const Simulation& simulation,
                    int threads, std::size_t summary_block_bytes, SummarySource source, int summary_threads) {
  RunFileWriter writer(path, loaded, simulation.layout(), loaded.scenario.replicates, summary_block_bytes, "monte_carlo", source,
                       summary_threads > 1);
  SensitivityCollector sensitivity(loaded.scenario, simulation.layout());
  run_replicates(simulation, 0, loaded.scenario.replicates, {threads, {}},
                 [&](std::int64_t replicate, const ReplicateValues& values) {
                   writer.append(replicate, values);
                   sensitivity.add(values);
                 });
  writer.finish(sensitivity.ranking(), summary_threads);
}

}  // namespace

TEST_CASE("a streamed run file holds the replicates and summaries of the same run kept in memory") {
  const LoadedScenario loaded = baseline_for(4, streamed_replicates);
  const Simulation simulation(loaded);
  const OutputLayout& layout = simulation.layout();
  const ReplicateStore store = run_replicates(simulation, 0, streamed_replicates, {1, {}});
  // Room for two blocks of 3 cells of 150 replicates: every quantity of
  // more than 3 cells is summarised in several blocks, the last one
  // partial. Read back from the file, each block is summarised while the
  // next is read (two threads) or in turn (one); from the writer's copy,
  // the blocks are shared among one, two or five threads. With more than
  // one, chunks are written in the background.
  const SummarySource source = GENERATE(SummarySource::file, SummarySource::memory);
  const int summary_threads = GENERATE(1, 2, 5);
  INFO("summaries from memory: " << (source == SummarySource::memory) << ", threads: " << summary_threads);
  const std::size_t seven_cells = 7 * streamed_replicates * sizeof(double);
  const auto path = temporary_file("streamed");
  write_streamed(path, loaded, simulation, 8, seven_cells, source, summary_threads);

  const hdf5::File file = hdf5::File::open_read_only(path);
  CHECK(file.read_integer_attribute("/", "replicates") == std::vector<std::int64_t>{streamed_replicates});
  std::size_t quantities_in_several_blocks = 0;
  for (std::size_t q = 0; q < layout.quantities().size(); ++q) {
    const std::string& name = layout.quantities()[q].name;
    INFO(name);
    const std::size_t cells = layout.size(q);
    REQUIRE(file.read_doubles("/replicates/" + name) == store.arrays[q]);
    REQUIRE(file.read_doubles("/summary/" + name) == summarise(store.arrays[q].data(), streamed_replicates, cells));
    if (cells > 3) ++quantities_in_several_blocks;
  }
  CHECK(quantities_in_several_blocks > 10);
  // The replicates differ from one another, so order matters to the check.
  const std::size_t population = layout.quantity_index("population");
  const std::size_t cells = layout.size(population);
  CHECK_FALSE(std::equal(store.arrays[population].begin(), store.arrays[population].begin() + static_cast<std::ptrdiff_t>(cells),
                         store.arrays[population].begin() + static_cast<std::ptrdiff_t>(cells)));

  // The sensitivity ranking, collected as the replicates were handed on, is
  // that of the replicates in memory: net spending in total in the last
  // year against the drawn assumptions.
  const std::size_t assumptions = layout.quantity_index("assumptions");
  const std::size_t net = layout.quantity_index("net_spend");
  const std::size_t lines = layout.dimension("budget_line").size();
  const std::size_t net_cells = layout.size(net);
  std::vector<double> total(streamed_replicates, 0.0);
  for (std::size_t r = 0; r < total.size(); ++r) {
    for (std::size_t l = 0; l < lines; ++l) total[r] += store.arrays[net][r * net_cells + net_cells - lines + l];
  }
  const RankRegression expected = rank_regression(store.arrays[assumptions], layout.size(assumptions), total);
  std::vector<std::size_t> shape;
  const std::vector<double> coefficients = file.read_doubles("/analysis/rank_regression_coefficient", &shape);
  REQUIRE(shape == std::vector<std::size_t>{2, lines + 1, layout.size(assumptions)});
  const std::vector<double> last_total(coefficients.end() - static_cast<std::ptrdiff_t>(expected.coefficients.size()),
                                       coefficients.end());
  CHECK(last_total == expected.coefficients);
  std::filesystem::remove(path);
}

TEST_CASE("replicates are handed on in order whatever the thread count, beyond the reorder window") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(2, 60));
  const Simulation simulation(loaded);
  const ReplicateStore one = run_replicates(simulation, 0, 60, {1, {}});
  for (const int threads : {2, 8}) {
    std::int64_t expected = 20;
    run_replicates(simulation, 20, 40, {threads, {}}, [&](std::int64_t replicate, const ReplicateValues& values) {
      REQUIRE(replicate == expected);
      for (std::size_t q = 0; q < values.arrays.size(); ++q) {
        const double* kept = one.replicate_values(q, replicate, values.arrays[q].size());
        REQUIRE(std::equal(values.arrays[q].begin(), values.arrays[q].end(), kept));
      }
      ++expected;
    });
    CHECK(expected == 60);
  }
}

TEST_CASE("a failure while handing on a replicate stops the run and is rethrown") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(1, 40));
  const Simulation simulation(loaded);
  std::int64_t handed_on = 0;
  CHECK_THROWS_WITH(run_replicates(simulation, 0, 40, {4, {}},
                                   [&](std::int64_t replicate, const ReplicateValues&) {
                                     if (replicate == 5) throw std::runtime_error("disk full");
                                     ++handed_on;
                                   }),
                    "disk full");
  CHECK(handed_on == 5);
}

TEST_CASE("replicates appended out of order are refused") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(1, 3));
  const Simulation simulation(loaded);
  const auto path = temporary_file("out-of-order");
  RunFileWriter writer(path, loaded, simulation.layout(), 3);
  ReplicateValues values;
  simulation.run_replicate(1, values);
  CHECK_THROWS_WITH(writer.append(1, values), "run file: replicate 1 appended where 0 was due");
  std::filesystem::remove(path);
}

TEST_CASE("a streamed run's memory does not grow with its replicates beyond a column per cell") {
  const LoadedScenario loaded = baseline_for(2, 2);
  const Simulation simulation(loaded);
  const OutputLayout& layout = simulation.layout();
  const auto growth = [&](std::size_t (*memory_bytes)(const OutputLayout&, std::int64_t)) {
    return (memory_bytes(layout, 1'000'000) - memory_bytes(layout, 1000)) / 999'000;
  };
  // The writer's growth is a sorted column and the summary block's columns
  // (bounded); the sensitivity ranking's the drawn assumptions and the net
  // spending it ranks, and its work while ranking: a few doubles per
  // replicate each, far less than a replicate's values.
  CHECK(growth(RunFileWriter::memory_bytes) < layout.total_size() * sizeof(double) / 10);
  const std::size_t assumptions = layout.size(layout.quantity_index("assumptions"));
  CHECK(growth(SensitivityCollector::memory_bytes) >= assumptions * sizeof(double));
  CHECK(growth(SensitivityCollector::memory_bytes) < layout.total_size() * sizeof(double) / 10);
  CHECK(store_bytes(layout, 1'000'000) > 10 * (RunFileWriter::memory_bytes(layout, 1'000'000) +
                                              SensitivityCollector::memory_bytes(layout, 1'000'000)));
}
