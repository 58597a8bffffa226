// The run service: a scenario's run file holds the replicates the runner
// makes in memory, the means it reports are those of the file's population,
// and a run that may not start is refused before any work.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "carecast/core/error.h"
#include "carecast/output/hdf5_file.h"
#include "carecast/run/run_service.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;
namespace fs = std::filesystem;

namespace {

LoadedScenario tiny() { return load_scenario(fs::path(CARECAST_TEST_DATA) / "scenarios" / "tiny.yaml"); }

fs::path scratch_file(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / ("carecast-run-service-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  fs::remove(folder / name);
  return folder / name;
}

// Per year, the mean over replicates of the population's cells, and of
// those in age bands from 65, summed replicate by replicate in order.
struct Means {
  std::vector<double> adults, older;
};

Means population_means(const LoadedScenario& loaded, const std::vector<std::vector<double>>& replicates) {
  const std::size_t years = loaded.scenario.years().size();
  const auto& bands = loaded.model->population.age_bands;
  Means means{std::vector<double>(years, 0.0), std::vector<double>(years, 0.0)};
  for (const std::vector<double>& population : replicates) {
    const std::size_t per_year = population.size() / years;
    for (std::size_t cell = 0; cell < population.size(); ++cell) {
      means.adults[cell / per_year] += population[cell];
      if (bands[cell % per_year % bands.size()].first_age >= 65) means.older[cell / per_year] += population[cell];
    }
  }
  for (std::size_t y = 0; y < years; ++y) {
    means.adults[y] /= static_cast<double>(replicates.size());
    means.older[y] /= static_cast<double>(replicates.size());
  }
  return means;
}

}  // namespace

TEST_CASE("a run file holds the replicates run in memory, and the run reports their mean population") {
  const LoadedScenario loaded = tiny();
  const std::size_t quantity = Simulation(loaded).layout().quantity_index("population");
  std::vector<std::vector<double>> population;
  run_replicates_in_memory(loaded, loaded.scenario.replicates, 2, [&](std::int64_t replicate, const ReplicateValues& values) {
    CHECK(replicate == static_cast<std::int64_t>(population.size()));
    population.push_back(values.arrays[quantity]);
  });

  RunRequest request;
  request.output = scratch_file("run.h5");
  request.options.threads = 3;
  const RunResult result = run_scenario(loaded, request);
  CHECK(result.written);
  CHECK(result.replicates == loaded.scenario.replicates);
  CHECK(result.care_events > 0);

  const hdf5::File file = hdf5::File::open_read_only(request.output);
  CHECK(file.read_string_attribute("/", "mode") == "monte_carlo");
  std::vector<std::size_t> shape;
  const std::vector<double> stored = file.read_doubles("/replicates/population", &shape);
  REQUIRE(shape[0] == population.size());
  const std::size_t cells = stored.size() / shape[0];
  for (std::size_t r = 0; r < shape[0]; ++r) {
    REQUIRE(std::equal(population[r].begin(), population[r].end(), stored.begin() + static_cast<std::ptrdiff_t>(r * cells)));
  }
  const Means means = population_means(loaded, population);
  CHECK(result.mean_adults == means.adults);
  CHECK(result.mean_aged_65_and_over == means.older);
  CHECK(means.older.front() > 0.0);
  CHECK(means.older.front() < means.adults.front());
  fs::remove_all(request.output.parent_path());
}

TEST_CASE("an expected run writes the expected trajectories as its one replicate") {
  const LoadedScenario loaded = tiny();
  const ReplicateValues expected = run_expected_in_memory(loaded);
  RunRequest request;
  request.output = scratch_file("expected.h5");
  request.expected = true;
  const RunResult result = run_scenario(loaded, request);
  CHECK(result.replicates == 1);

  const hdf5::File file = hdf5::File::open_read_only(request.output);
  CHECK(file.read_string_attribute("/", "mode") == "expected");
  CHECK(file.read_integer_attribute("/", "replicates") == std::vector<std::int64_t>{1});
  const std::vector<double> population = file.read_doubles("/replicates/population");
  CHECK(population == expected.arrays[Simulation(loaded).layout().quantity_index("population")]);
  const Means means = population_means(loaded, {population});
  CHECK(result.mean_adults == means.adults);
  CHECK(result.mean_aged_65_and_over == means.older);
  fs::remove_all(request.output.parent_path());
}

TEST_CASE("a run that may not start is refused as bad input before any work") {
  const LoadedScenario loaded = tiny();
  RunRequest request;
  request.output = scratch_file("existing.h5");
  std::ofstream(request.output) << "previous results";
  CHECK(testing::error_of([&] { run_scenario(loaded, request); }) ==
        request.output.string() + ": already exists; use --force to overwrite it");

  // More memory than the budget, named where the count was set.
  const std::size_t two_gigabytes = std::size_t{2} << 30;
  CHECK(testing::error_of([&] { check_replicates_fit(loaded, two_gigabytes, std::size_t{1} << 30, true); }) ==
        "--replicates: this run of 20 replicates would need about 2.0 GB of memory, more than the 1.0 GB budget; lower "
        "--replicates or raise the budget with --memory-budget 3G");
  CHECK_THAT(testing::error_of([&] { check_replicates_fit(loaded, std::size_t{1} << 62, 0, false); }),
             Catch::Matchers::Matches(".*tiny\\.yaml:6:[0-9]+: replicates: this run of 20 replicates would need about "
                                      "[0-9.]+ GB of memory, more than the [0-9.]+ GB budget; lower replicates or raise the "
                                      "budget with --memory-budget [0-9]+G"));
  CHECK(testing::error_of([&] { check_replicates_fit(loaded, two_gigabytes, two_gigabytes, true); }) == "(no error)");
  fs::remove_all(request.output.parent_path());
}
