// The run file round-trips: values, summaries, attributes and dimension scales.

#include <catch2/catch.hpp>

#include <hdf5.h>
#include <hdf5_hl.h>

#include <unistd.h>

#include <filesystem>

#include "carecast/core/version.h"
#include "carecast/output/hdf5_file.h"
#include "carecast/output/run_file.h"
#include "carecast/output/statistics.h"
#include "carecast/parallel/runner.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;

namespace {

std::string scale_name(hid_t file, const std::string& dataset, unsigned index) {
  const hid_t data = H5Dopen2(file, dataset.c_str(), H5P_DEFAULT);
  std::string name;
  H5DSiterate_scales(data, index, nullptr,
                     [](hid_t, unsigned, hid_t scale, void* out) -> herr_t {
                       char buffer[256] = {};
                       H5DSget_scale_name(scale, buffer, sizeof buffer);
                       *static_cast<std::string*>(out) = buffer;
                       return 1;
                     },
                     &name);
  H5Dclose(data);
  return name;
}

}  // namespace

TEST_CASE("a run file holds every replicate, its summary, labelled dimensions and provenance") {
  const LoadedScenario loaded = testing::load_scenario_text(testing::small_scenario(3, 5));
  const Simulation simulation(loaded);
  const ReplicateStore store = run_replicates(simulation, 0, 5, {});
  const auto path = std::filesystem::temp_directory_path() / ("carecast-roundtrip-" + std::to_string(::getpid()) + ".h5");
  RunFileWriter writer(path, loaded, simulation.layout(), 5);
  run_replicates(simulation, 0, 5, {}, [&](std::int64_t replicate, const ReplicateValues& values) { writer.append(replicate, values); });
  writer.finish();

  const hdf5::File file = hdf5::File::open_read_only(path);
  CHECK(file.read_string_attribute("/", "file_type") == run_file_type);
  CHECK(file.read_string_attribute("/", "scenario_yaml") == loaded.resolved_yaml);
  CHECK(file.read_string_attribute("/", "scenario_sha256") == loaded.sha256);
  CHECK(file.read_string_attribute("/", "carecast_version") == program_version);
  CHECK(file.read_integers("/year") == std::vector<std::int64_t>{2024, 2025, 2026});
  CHECK(file.read_strings("/district") == loaded.model->district_names());
  CHECK(file.read_strings("/statistic") == std::vector<std::string>{"mean", "p5", "p50", "p95"});
  CHECK(file.read_strings("/summary/district") == loaded.model->district_names());

  const std::size_t q = simulation.layout().quantity_index("population");
  std::vector<std::size_t> shape;
  CHECK(file.read_doubles("/replicates/population", &shape) == store.arrays[q]);
  CHECK(shape == std::vector<std::size_t>{5, 3, 6, 2, 9});
  const std::vector<double> summary = file.read_doubles("/summary/population", &shape);
  CHECK(shape == std::vector<std::size_t>{4, 3, 6, 2, 9});
  CHECK(summary == summarise(store.arrays[q].data(), 5, simulation.layout().size(q)));

  const hid_t raw = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  const std::vector<std::string> expected = {"statistic", "year", "district", "sex", "age_band"};
  for (unsigned k = 0; k < expected.size(); ++k) CHECK(scale_name(raw, "/summary/population", k) == expected[k]);
  CHECK(scale_name(raw, "/replicates/population", 0) == "replicate");
  H5Fclose(raw);
  std::filesystem::remove(path);
}

TEST_CASE("a money run without grants writes an empty grants dataset that reads back") {
  const LoadedScenario loaded = testing::load_scenario_text(
      "extends: " + std::string(CARECAST_TEST_DATA) + "/scenarios/tiny_money.yaml\nmoney:\n  grants: []\n", "no_grants.yaml",
      testing::test_models());
  const Simulation simulation(loaded);
  const std::size_t grants = simulation.layout().quantity_index("grants");
  REQUIRE(simulation.layout().size(grants) == 0);
  const auto path = std::filesystem::temp_directory_path() / ("carecast-no-grants-" + std::to_string(::getpid()) + ".h5");
  RunFileWriter writer(path, loaded, simulation.layout(), 3);
  run_replicates(simulation, 0, 3, {}, [&](std::int64_t replicate, const ReplicateValues& values) { writer.append(replicate, values); });
  writer.finish();

  const hdf5::File file = hdf5::File::open_read_only(path);
  std::vector<std::size_t> shape;
  CHECK(file.read_doubles("/replicates/grants", &shape).empty());
  CHECK(shape.front() == 3);
  CHECK(std::find(shape.begin(), shape.end(), std::size_t{0}) != shape.end());
  CHECK(file.read_doubles("/replicates/net_spend", &shape).size() == 3 * simulation.layout().size(simulation.layout().quantity_index("net_spend")));
  std::filesystem::remove(path);
}

TEST_CASE("the writer writes the sensitivity ranking it is given, and refuses one that does not fit the assumptions") {
  LoadedScenario loaded = load_scenario(std::filesystem::path(CARECAST_TEST_DATA) / "scenarios" / "golden.yaml",
                                        {testing::test_models()});
  loaded.override_replicates(1);
  const Simulation simulation(loaded);
  const std::size_t assumptions = simulation.layout().dimension("assumption").size();
  ReplicateValues values;
  simulation.run_replicate(0, values);
  // One year measured, two scopes: coefficients 1, 2, ... and their squares.
  SensitivityArrays ranking{{2026}, {"older", "total"}, {}, {}, {0.5, 0.25}};
  for (std::size_t k = 0; k < 2 * assumptions; ++k) {
    ranking.coefficients.push_back(static_cast<double>(k + 1));
    ranking.variance_shares.push_back(static_cast<double>((k + 1) * (k + 1)));
  }
  const auto path = std::filesystem::temp_directory_path() / ("carecast-analysis-" + std::to_string(::getpid()) + ".h5");
  SensitivityArrays short_one = ranking;
  short_one.coefficients.pop_back();
  {
    RunFileWriter writer(path, loaded, simulation.layout(), 1);
    writer.append(0, values);
    CHECK_THROWS_WITH(writer.finish(short_one),
                      "run file: the sensitivity ranking does not match its years, scopes and assumptions");
  }
  RunFileWriter writer(path, loaded, simulation.layout(), 1);
  writer.append(0, values);
  writer.finish(ranking);

  const hdf5::File file = hdf5::File::open_read_only(path);
  std::vector<std::size_t> shape;
  CHECK(file.read_doubles("/analysis/variance_share", &shape) == ranking.variance_shares);
  CHECK(shape == std::vector<std::size_t>{1, 2, assumptions});
  CHECK(file.read_doubles("/analysis/rank_regression_r2", &shape) == ranking.r_squared);
  CHECK(file.read_integers("/sensitivity_year") == std::vector<std::int64_t>{2026});
  CHECK(file.read_strings("/analysis/spend_scope") == ranking.scopes);
  const hid_t raw = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  CHECK(scale_name(raw, "/analysis/rank_regression_coefficient", 2) == "assumption");
  H5Fclose(raw);
  std::filesystem::remove(path);
}
