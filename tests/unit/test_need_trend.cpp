// Need growth beyond demography by client group, and the fit of it as a
// trend: a scenario's `demand.need_growth` per client group loads into the
// right groups and multiplies only their requests; a fit frees a trend
// (`trend: need_growth`) and recovers, within its standard error, the 3% a
// year that generated noisy targets, and writes the lines a scenario needs
// to carry it; a targets file's mistakes about trends are refused at the key.

#include <catch2/catch.hpp>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "carecast/calibration/calibrate.h"
#include "carecast/calibration/query.h"
#include "carecast/calibration/target_fit.h"
#include "carecast/loading/model_loader.h"
#include "carecast/run/simulation.h"
#include "carecast/simulation/care_rules.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::string tiny_head = "title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 6\nreplicates: 4\nseed: 5\n";
const std::string by_group = "demand:\n  need_growth:\n"
                             "    - {client_group: older_people, value: 0.03, assumption: test}\n"
                             "    - {client_group: [younger_adults], value: 0, assumption: test}\n";

LoadedScenario tiny_with(const std::string& demand) {
  return testing::load_scenario_text(tiny_head + demand, "trend.yaml", testing::test_models());
}

// The tiny model without capacity limits: one group's care never changes
// where another's people are placed.
LoadedScenario unbounded(LoadedScenario loaded) {
  auto model = std::make_shared<Model>(*loaded.model);
  for (auto& by_district : model->care.capacity) {
    for (double& places : by_district) places = std::numeric_limits<double>::infinity();
  }
  loaded.model = model;
  return loaded;
}

ReplicateValues expected_of(const LoadedScenario& loaded) {
  ReplicateValues values;
  Simulation(loaded).run_expected(values);
  return values;
}

double query_value(const LoadedScenario& loaded, const ReplicateValues& values, const std::string& text) {
  const Simulation simulation(loaded);
  return evaluate_query(resolve_query(parse_query(text, "test"), simulation.layout(), "test"), values);
}

std::filesystem::path scratch_folder() {
  const auto folder = testing::scratch_folder() / "trend";
  std::filesystem::create_directories(folder);
  return folder;
}

const std::string trend_parameters =
    "parameters:\n"
    "  - {name: need, multiplies: request_rate, min: 0.5, max: 2, reason: test}\n"
    "  - {name: trend_older, trend: need_growth, client_group: older_people, min: -0.05, max: 0.1, reason: test}\n"
    "  - {name: trend_younger, trend: need_growth, client_group: [younger_adults], min: -0.05, max: 0.1, reason: test}\n";

// Requests of each group in every year and clients of two settings, from
// the expected run with older people's need growing 3% a year, each set off
// by a fixed relative error of about 2%.
std::filesystem::path noisy_trend_targets() {
  const LoadedScenario truth = tiny_with(by_group);
  const ReplicateValues values = expected_of(truth);
  const double errors[] = {0.021, -0.013, 0.004, -0.027, 0.018, -0.006, 0.011, -0.019, 0.025, 0.002, -0.015, 0.009,
                           -0.022, 0.016, -0.003, 0.013, -0.011, 0.007, -0.024, 0.020, 0.001, -0.008, 0.017, -0.014};
  std::ostringstream text;
  text << "title: generated with a trend\ntargets:\n";
  int k = 0;
  for (int year = 2024; year <= 2029; ++year) {
    for (const std::string& query : {"requests{year: " + std::to_string(year) + ", client_group: older_people}",
                                     "requests{year: " + std::to_string(year) + ", client_group: younger_adults}",
                                     "clients{year: " + std::to_string(year) + ", setting: homecare}",
                                     "clients{year: " + std::to_string(year) + ", setting: residential}"}) {
      text << "  - {name: t" << k << ", query: \"" << query << "\", value: " << query_value(truth, values, query) * (1.0 + errors[k])
           << ", tolerance: 0.05, source: generated}\n";
      ++k;
    }
  }
  text << trend_parameters;
  const auto file = scratch_folder() / "trend-targets.yaml";
  std::ofstream(file) << text.str();
  return file;
}

}  // namespace

TEST_CASE("need growth by client group loads into its groups, and one number still serves every group") {
  const LoadedScenario grouped = tiny_with(by_group);
  CHECK(grouped.inputs.need_growth == std::vector<double>{0.03, 0.0});
  CHECK(tiny_with("demand: {need_growth: {value: 0.02, assumption: test}}\n").inputs.need_growth == std::vector<double>{0.02, 0.02});
  CHECK(tiny_with("").inputs.need_growth == std::vector<double>{0.0, 0.0});
  // A distribution feeds only the groups its entry names.
  const LoadedScenario drawn = tiny_with(
      "demand:\n  need_growth:\n"
      "    - {client_group: younger_adults, value: {distribution: normal, mean: 0.01, sd: 0.01, min: -0.02, max: 0.05}, assumption: test}\n"
      "    - {client_group: older_people, value: 0.03, assumption: test}\n");
  REQUIRE(drawn.uncertain.size() == 1);
  CHECK(drawn.uncertain[0].label == "demand.need_growth[0].value");
  CHECK(drawn.bindings.applied(drawn.inputs, {0.047}).need_growth == std::vector<double>{0.03, 0.047});
}

TEST_CASE("each client group's request rate is multiplied by its own compounded growth") {
  const auto model = load_model(testing::test_models() / "tiny", "tiny");
  const CarePolicy policy = policy_for_year({}, {}, {0.1, 0.0}, {}, 2024, 2026, 2);
  CHECK(policy.need_multiplier == std::vector<double>{1.1 * 1.1 * 1.1, 1.0});
  CareRules plain(model->care);
  CareRules growing(model->care);
  growing.set_policy(policy);
  std::vector<double> weights;
  const auto everyone = [](int) { return 1000.0; };
  for (int group = 0; group < 2; ++group) {
    const double before = plain.request_weights(0, group, everyone, weights);
    CHECK(before > 0.0);
    CHECK(growing.request_weights(0, group, everyone, weights) == before * policy.need_multiplier[static_cast<std::size_t>(group)]);
  }
}

TEST_CASE("in the expected mode, need growth for one group leaves the other group's requests as they were") {
  const LoadedScenario plain = unbounded(tiny_with(""));
  const LoadedScenario grouped = unbounded(tiny_with(by_group));
  const ReplicateValues without = expected_of(plain);
  const ReplicateValues with = expected_of(grouped);
  for (int year = 2024; year <= 2029; ++year) {
    const std::string younger = "requests{year: " + std::to_string(year) + ", client_group: younger_adults}";
    const std::string older = "requests{year: " + std::to_string(year) + ", client_group: older_people}";
    CHECK(query_value(grouped, with, younger) == Approx(query_value(plain, without, younger)).epsilon(1e-12));
    // More older people in care leave slightly fewer to ask, so the growth
    // shows a little below its compounded 3%.
    const double ratio = query_value(grouped, with, older) / query_value(plain, without, older);
    CHECK(ratio <= std::pow(1.03, year - 2023) + 1e-12);
    CHECK(ratio >= 0.99 * std::pow(1.03, year - 2023));
  }
  // The same growth for every group, written either way, is the same run.
  const ReplicateValues single = expected_of(tiny_with("demand: {need_growth: {value: 0.03, assumption: test}}\n"));
  const ReplicateValues listed = expected_of(tiny_with(
      "demand:\n  need_growth:\n    - {client_group: [older_people, younger_adults], value: 0.03, assumption: test}\n"));
  CHECK(single.arrays == listed.arrays);
}

TEST_CASE("a fit recovers a 3% need trend within its standard error and writes the scenario lines that carry it") {
  const auto targets_file = noisy_trend_targets();
  const auto base = load_model(testing::test_models() / "tiny", "tiny");
  const TargetsFile targets = read_targets(targets_file, "trend-targets.yaml", *base);
  const TargetFit fitter(base, fitting_scenario(testing::test_models() / "tiny", base, targets, std::nullopt, 4), targets);
  const std::vector<bool> use(targets.targets.size(), true);
  const LeastSquaresResult fit = fitter.fit(use);
  const std::optional<ParameterUncertainty> uncertainty = fitter.uncertainty(use, fit.solution);
  REQUIRE(uncertainty);
  REQUIRE(uncertainty->unavailable.empty());
  const double truth[] = {1.0, 0.03, 0.0};
  for (std::size_t k = 0; k < 3; ++k) {
    INFO(targets.parameters[k].name << " fitted " << fit.solution[k] << " (se " << uncertainty->standard_errors[k] << ")");
    // The errors are about 2%: the standard error is small but not nothing,
    // and the truth lies within three of it.
    CHECK(uncertainty->standard_errors[k] > 1e-4);
    CHECK(std::abs(fit.solution[k] - truth[k]) <= 3.0 * uncertainty->standard_errors[k]);
  }
  CHECK(uncertainty->standard_errors[1] < 0.01);
  // The overall need level and the trends both move requests: they are correlated.
  CHECK(std::abs(uncertainty->correlation[0 * 3 + 1]) > 0.1);

  CalibrationRequest request;
  request.model = testing::test_models() / "tiny";
  request.targets = targets_file;
  request.output = scratch_folder() / "trend-calibrated";
  request.check_replicates = 8;
  request.threads = 2;
  request.force = true;
  request.command = "test";
  calibrate_model(request);
  const std::string report = testing::text_of(request.output / "calibration-report.md");
  CHECK(report.find("## Parameter uncertainty") != std::string::npos);
  char error_text[32];
  std::snprintf(error_text, sizeof error_text, "| %.4f |", uncertainty->standard_errors[1]);
  CHECK(report.find(error_text) != std::string::npos);
  const auto yaml_start = report.find("```yaml\n");
  REQUIRE(yaml_start != std::string::npos);
  const std::string lines = report.substr(yaml_start + 8, report.find("```", yaml_start + 8) - yaml_start - 8);
  // The lines load as a scenario's demand section, each trend a distribution
  // about its fitted value.
  const LoadedScenario carried = tiny_with(lines);
  CHECK(carried.uncertain.size() == 2);
  CHECK(carried.inputs.need_growth[0] == Approx(fit.solution[1]).margin(1e-4));
  CHECK(carried.inputs.need_growth[1] == Approx(fit.solution[2]).margin(1e-4));
  CHECK(carried.uncertain[0].distribution.second == Approx(uncertainty->standard_errors[1]).margin(1e-4));
  // The calibrated model's files hold no trend: its request rates are the
  // base's times the fitted level alone.
  const auto calibrated = load_model(request.output, "calibrated");
  CHECK(calibrated->care.request_rate[0][60] == Approx(fit.solution[0] * base->care.request_rate[0][60]).epsilon(1e-4));
}

TEST_CASE("a targets file's need trend parameters are checked at their key") {
  const auto base = load_model(testing::test_models() / "tiny", "tiny");
  auto error_for = [&](const std::string& parameter) {
    const auto file = scratch_folder() / "bad-trend.yaml";
    std::ofstream(file) << "targets:\n  - {name: t, query: \"requests{year: 2024}\", value: 10, tolerance: 0.1, source: test}\n"
                        << "parameters:\n" << parameter;
    return testing::error_of([&] { read_targets(file, "bad-trend.yaml", *base); });
  };
  CHECK(error_for("  - {name: p, trend: need_growth, multiplies: request_rate, min: 0, max: 0.1, reason: r}\n") ==
        "bad-trend.yaml:4:22: parameters[0].trend: give either multiplies (a multiplier of the model's figures) or trend: "
        "need_growth (a yearly growth of need beyond demography), not both or neither");
  CHECK(error_for("  - {name: p, trend: need_growth, setting: homecare, min: 0, max: 0.1, reason: r}\n") ==
        "bad-trend.yaml:4:44: parameters[0].setting: a need trend acts on the requests of every setting; it takes no setting");
  CHECK(error_for("  - {name: p, trend: need_growth, min: 0, max: 0.1, reason: r}\n"
                  "  - {name: q, trend: need_growth, client_group: older_people, min: 0, max: 0.1, reason: r}\n") ==
        "bad-trend.yaml:5:49: parameters[1].client_group: the need trend of client group older_people is already freed by "
        "another parameter");
  CHECK(error_for("  - {name: p, trend: need_growth, client_group: [older_people, elderly], min: 0, max: 0.1, reason: r}\n") ==
        "bad-trend.yaml:4:64: parameters[0].client_group: unknown client group \"elderly\"");
  CHECK(error_for("  - {name: p, trend: need_growth, min: 0, max: 2, reason: r}\n").find("parameters[0].max") != std::string::npos);
}

TEST_CASE("a targets file takes another's targets of the quantities it names, without the years it skips") {
  const auto base = load_model(testing::test_models() / "tiny", "tiny");
  const auto folder = scratch_folder();
  std::ofstream(folder / "published.yaml")
      << "targets:\n"
         "  - {name: a, query: \"requests{year: 2024}\", value: 10, tolerance: 0.1, source: s}\n"
         "  - {name: b, query: \"requests{year: 2025}\", value: 10, tolerance: 0.1, source: s}\n"
         "  - {name: c, query: \"bed_nights{year: 2024}\", value: 10, tolerance: 0.1, source: s}\n"
         "  - {name: d, query: \"admissions{year: 2024}\", per: \"requests{year: 2025}\", value: 0.1, tolerance: 0.1, source: s}\n"
         "parameters:\n  - {name: p, multiplies: request_rate, min: 0.5, max: 2, reason: r}\n";
  std::ofstream(folder / "chosen.yaml") << "targets_from: {file: published.yaml, quantities: [requests, admissions], skip_years: [2025]}\n"
                                           "targets:\n  - {name: e, query: \"clients{year: 2026}\", value: 5, tolerance: 0.1, source: s}\n";
  const TargetsFile chosen = read_targets(folder / "chosen.yaml", "chosen.yaml", *base);
  REQUIRE(chosen.targets.size() == 2);
  CHECK(chosen.targets[0].name == "a");
  CHECK(chosen.targets[0].where.file == "published.yaml");
  CHECK(chosen.targets[1].name == "e");
  CHECK(chosen.parameters.empty());
  std::ofstream(folder / "twice.yaml") << "targets_from: {file: chosen.yaml}\n";
  CHECK(testing::error_of([&] { read_targets(folder / "twice.yaml", "twice.yaml", *base); }) ==
        "twice.yaml:1:22: targets_from.file: chosen.yaml takes its targets from another file itself; name that one");
}
