// `carecast calibrate MODEL --targets`: the fit recovers multipliers from
// targets the model itself generated, keeps to the bounds (and says when a
// parameter sits on one), writes a calibrated copy of the model whose files
// load back with the fitted figures, and rejects a query naming a value the
// model lacks. `carecast backtest` fits on the early years of such targets
// and sets the later ones against its forecast.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "carecast/loading/model_loader.h"
#include "carecast/calibration/backtest.h"
#include "carecast/calibration/calibrate.h"
#include "carecast/calibration/model_adjustment.h"
#include "carecast/calibration/query.h"
#include "carecast/loading/scenario.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::filesystem::path tiny_folder = testing::test_models() / "tiny";

std::filesystem::path scratch_folder() {
  const auto folder = std::filesystem::temp_directory_path() / ("carecast-fit-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(folder);
  return folder;
}

// The queries the generated targets use.
const std::vector<std::string> queries = {
    "requests{year: 2025}", "requests{year: 2027}", "clients{year: 2026, setting: homecare}",
    "clients{year: 2027, setting: residential}", "deaths{year: 2026, setting: residential}",
    "deaths{year: 2027, setting: residential}", "admissions{year: 2026, setting: residential}",
    "clients{year: 2027, setting: supported_living, district: Redditch}"};

const char* parameters_text(double death_max) {
  static std::string text;
  text = "parameters:\n"
         "  - {name: need, multiplies: request_rate, min: 0.5, max: 2, reason: test}\n"
         "  - {name: care_home_deaths, multiplies: death_rate, setting: residential, min: 0.5, max: " +
         std::to_string(death_max) + ", reason: test}\n";
  return text.c_str();
}

// Targets holding the expected values of the model with need x1.25 and
// residential deaths x0.8.
std::filesystem::path generated_targets(double death_max) {
  const LoadedScenario loaded = testing::load_scenario_text(
      "title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 4\nreplicates: 4\nseed: 5\n", "tiny.yaml", testing::test_models());
  std::vector<FreeParameter> truth(2);
  truth[0].effect = ParameterEffect::request_rate;
  truth[1].effect = ParameterEffect::death_rate;
  truth[1].setting = loaded.model->care.setting_index("residential");
  LoadedScenario adjusted = loaded;
  adjusted.model = std::make_shared<const Model>(adjusted_model(*loaded.model, truth, {1.25, 0.8}));
  const Simulation simulation(adjusted);
  ReplicateValues values;
  simulation.run_expected(values);
  std::ostringstream text;
  text << "title: generated\ntargets:\n";
  for (std::size_t k = 0; k < queries.size(); ++k) {
    const ResolvedQuery query = resolve_query(parse_query(queries[k], "test"), simulation.layout(), "test");
    text << "  - {name: t" << k << ", query: \"" << queries[k] << "\", value: " << evaluate_query(query, values)
         << ", tolerance: 0.02, weight: 1, source: generated}\n";
  }
  text << parameters_text(death_max);
  const auto file = scratch_folder() / "targets.yaml";
  std::ofstream(file) << text.str();
  return file;
}

CalibrationRequest request_for(const std::filesystem::path& targets, const std::string& output) {
  CalibrationRequest request;
  request.model = tiny_folder;
  request.targets = targets;
  request.output = scratch_folder() / output;
  request.check_replicates = 8;
  request.threads = 2;
  request.force = true;
  request.command = "test";
  return request;
}

}  // namespace

TEST_CASE("calibration recovers the multipliers that generated its targets and writes a model that loads them") {
  const auto request = request_for(generated_targets(2.0), "recovered");
  const CalibrationSummary summary = calibrate_model(request);
  CHECK(summary.fitted == static_cast<int>(queries.size()));
  CHECK(summary.parameters_on_bound == 0);

  const auto base = load_model(tiny_folder, "tiny");
  const auto calibrated = load_model(request.output, "calibrated");
  const int residential = base->care.setting_index("residential");
  for (std::size_t g = 0; g < base->care.request_rate.size(); ++g) {
    for (std::size_t a = 0; a < base->care.request_rate[g].size(); ++a) {
      CHECK(calibrated->care.request_rate[g][a] == Approx(1.25 * base->care.request_rate[g][a]).epsilon(0.01));
    }
  }
  for (std::size_t g = 0; g < base->care.client_groups.size(); ++g) {
    const auto& before = base->care.moves[static_cast<std::size_t>(residential)][g][50];
    const auto& after = calibrated->care.moves[static_cast<std::size_t>(residential)][g][50];
    REQUIRE(before.size() == after.size());
    for (std::size_t m = 0; m < before.size(); ++m) {
      const double factor = before[m].to == move_death ? 0.8 : 1.0;
      CHECK(after[m].per_year == Approx(factor * before[m].per_year).epsilon(0.01));
    }
  }
  const std::string report = testing::text_of(request.output / "calibration-report.md");
  CHECK(report.find("| t7 |") != std::string::npos);
  CHECK(report.find("sits on its bound") == std::string::npos);
  // The original model is untouched.
  CHECK(load_model(tiny_folder, "tiny")->care.request_rate == base->care.request_rate);
}

TEST_CASE("calibration keeps parameters within their bounds and says when one sits on a bound") {
  const auto request = request_for(generated_targets(0.7), "bounded");
  const CalibrationSummary summary = calibrate_model(request);
  CHECK(summary.parameters_on_bound == 1);
  const auto base = load_model(tiny_folder, "tiny");
  const auto calibrated = load_model(request.output, "calibrated");
  const int residential = base->care.setting_index("residential");
  for (std::size_t m = 0; m < base->care.moves[static_cast<std::size_t>(residential)][0][50].size(); ++m) {
    const auto& before = base->care.moves[static_cast<std::size_t>(residential)][0][50][m];
    if (before.to != move_death) continue;
    CHECK(calibrated->care.moves[static_cast<std::size_t>(residential)][0][50][m].per_year == Approx(0.7 * before.per_year));
  }
  CHECK(testing::text_of(request.output / "calibration-report.md").find("care_home_deaths sits on its bound") != std::string::npos);
}

TEST_CASE("a target naming a value the model lacks is refused with its location and the values there are") {
  const auto file = scratch_folder() / "bad-targets.yaml";
  std::ofstream(file) << "targets:\n"
                         "  - {name: nowhere, query: \"clients{district: Atlantis, year: 2025}\", value: 10, tolerance: 0.1, "
                         "weight: 1, source: test}\n"
                      << parameters_text(2.0);
  const auto request = request_for(file, "refused");
  std::filesystem::remove_all(request.output);
  try {
    calibrate_model(request);
    FAIL("no error");
  } catch (const InputError& error) {
    const std::string message = error.what();
    CHECK(message.find("bad-targets.yaml:2") != std::string::npos);
    CHECK(message.find("district \"Atlantis\" is not in this model's runs") != std::string::npos);
    CHECK(message.find("Bromsgrove") != std::string::npos);
  }
  CHECK_FALSE(std::filesystem::exists(request.output));
}

TEST_CASE("calibrating a model whose tables lie outside its folder copies the tables it changes and leaves the originals") {
  // A variant model in the way models/worcestershire-2019 is one: its
  // requests table is another folder's.
  const auto root = scratch_folder() / "variant-root";
  std::filesystem::remove_all(root);
  // The folder carries the model's name, as the loader expects.
  std::filesystem::create_directories(root / "tiny");
  std::filesystem::copy(tiny_folder / "data", root / "shared", std::filesystem::copy_options::recursive);
  std::string yaml = testing::text_of(tiny_folder / "model.yaml");
  const std::string models = std::filesystem::canonical(tiny_folder / "../../../../models").string() + "/";
  for (std::size_t at; (at = yaml.find("../../../../models/")) != std::string::npos;) yaml.replace(at, 19, models);
  for (std::size_t at; (at = yaml.find("file: data/")) != std::string::npos;) yaml.replace(at, 11, "file: ../shared/");
  std::ofstream(root / "tiny" / "model.yaml") << yaml;
  const std::string shared_requests = testing::text_of(root / "shared" / "requests.csv");

  auto request = request_for(generated_targets(2.0), "variant-calibrated");
  request.model = root / "tiny";
  calibrate_model(request);
  CHECK(testing::text_of(root / "shared" / "requests.csv") == shared_requests);
  CHECK(testing::text_of(request.output / "calibrated" / "requests.csv").find("calibrated by carecast calibrate") != std::string::npos);
  CHECK(testing::text_of(request.output / "model.yaml").find("file: calibrated/requests.csv") != std::string::npos);
  const auto base = load_model(root / "tiny", "variant");
  const auto calibrated = load_model(request.output, "calibrated");
  CHECK(calibrated->care.request_rate[0][70] == Approx(1.25 * base->care.request_rate[0][70]).epsilon(0.01));
  std::filesystem::remove_all(root);
}

TEST_CASE("a backtest fits on the years up to its cut-off and sets the later figures against its forecast") {
  BacktestRequest request;
  request.model = tiny_folder;
  request.targets = generated_targets(2.0);
  request.fit_until = 2026;
  request.covid_years = {2027};
  request.output = scratch_folder() / "backtest.md";
  request.replicates = 40;
  request.threads = 2;
  request.force = true;
  request.command = "test";
  const BacktestSummary summary = backtest_model(request);
  // Four of the generated figures are of 2025-2026, four of 2027.
  CHECK(summary.fitted == 4);
  CHECK(summary.checked == 4);
  // The targets are the model's own expected values at need x1.25 and
  // deaths x0.8: once the fit finds those, the forecast holds them.
  CHECK(summary.inside_band == 4);
  const std::string report = testing::text_of(request.output);
  CHECK(report.find("fitted to the 4 published figures of the years up to 2026/27 only") != std::string::npos);
  CHECK(report.find("| t1 | 2027/28 (COVID) |") != std::string::npos);
  CHECK(report.find("| t0 | 2025/26 |") != std::string::npos);

  // A cut-off outside the run is refused and nothing is written.
  request.fit_until = 2030;
  request.output = scratch_folder() / "refused.md";
  CHECK_THROWS_AS(backtest_model(request), InputError);
  CHECK_FALSE(std::filesystem::exists(request.output));
}
