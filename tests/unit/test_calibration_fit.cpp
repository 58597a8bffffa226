// `carecast calibrate MODEL --targets`: the fit recovers multipliers from
// targets the model itself generated, keeps to the bounds (and says when a
// parameter sits on one), writes a calibrated copy of the model whose files
// load back with the fitted figures, and rejects a query naming a value the
// model lacks. `carecast backtest` fits on the early years of such targets
// and sets the later ones against its forecast.

#include <catch2/catch.hpp>

#include <boost/random/normal_distribution.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>

#include "carecast/loading/model_loader.h"
#include "carecast/calibration/backtest.h"
#include "carecast/calibration/calibrate.h"
#include "carecast/calibration/model_adjustment.h"
#include "carecast/calibration/query.h"
#include "carecast/calibration/target_fit.h"
#include "carecast/core/random.h"
#include "carecast/loading/backtest_record_loader.h"
#include "carecast/loading/scenario.h"
#include "carecast/run/simulation.h"
#include "carecast/uncertainty/assumption_sampler.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::filesystem::path tiny_folder = testing::test_models() / "tiny";

std::filesystem::path scratch_folder() {
  const auto folder = testing::scratch_folder() / "fit";
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
  truth[0].effect = RateEffect::request_rate;
  truth[1].effect = RateEffect::death_rate;
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
  request.fit_until = {2026};
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
  CHECK(report.find("From 2026/27 (ex ante in \"Calibration of tiny\"): fitted to the 4 figures of the years to 2026/27") !=
        std::string::npos);
  CHECK(report.find("| t1 | 2027/28 (COVID) |") != std::string::npos);
  CHECK(report.find("| t0 | 2025/26 |") != std::string::npos);
  // Each layer of the band (chance, and parameters, and model error) says
  // how often its middle 50% and 90% held the forecast figures.
  CHECK(report.find("| and parameters | and model error (full band, ex ante) |") != std::string::npos);
  // The figures are the model's own: whichever measure is left out, the
  // other three pin both parameters down and the refit predicts it.
  CHECK(report.find("model error 0.0%, the root mean square over measures of what the fit missed on each measure it saw when "
                    "left out of it (`requests` 0.0%, `clients` 0.0%, `deaths` 0.0%, `admissions` 0.0%)") != std::string::npos);
  CHECK(report.find("| COVID year(s), all origins | 4 | 4 of 4 (100%) / 4 of 4 (100%) | ") != std::string::npos);

  // A quantity left out is neither fitted nor scored, and says why.
  request.leave_out = {"deaths"};
  const BacktestSummary without_deaths = backtest_model(request);
  CHECK(without_deaths.fitted == 3);
  CHECK(without_deaths.checked == 3);
  CHECK(testing::text_of(request.output).find("| t5 | left out of the scores by the command (--leave-out) |") != std::string::npos);
  // Three figures for two parameters: leaving one out leaves too few to
  // refit, so the model error is the fit's residual spread, and it says so.
  CHECK(testing::text_of(request.output).find("the fit's residual standard deviation (no measure could be left out)") !=
        std::string::npos);
  request.leave_out.clear();

  // Its record: the forecast years' figures outside the COVID years, which
  // here are none, so there is nothing to record and nothing is written.
  request.record = scratch_folder() / "record.yaml";
  request.output = scratch_folder() / "recorded.md";
  std::filesystem::remove(*request.record);
  CHECK_THROWS_AS(backtest_model(request), InputError);
  CHECK_FALSE(std::filesystem::exists(*request.record));
  CHECK_FALSE(std::filesystem::exists(request.output));
  // Without a COVID year the four figures of 2027 are recorded, each held.
  request.covid_years.clear();
  const BacktestSummary recorded = backtest_model(request);
  const BacktestRecord record = read_backtest_record(*request.record, "record.yaml");
  CHECK(record.origin_year == 2026);
  CHECK(record.first_year == 2027);
  CHECK(record.last_year == 2027);
  CHECK(record.figures == 4);
  CHECK(record.held_ninety == recorded.inside_band);
  // The model's own figures, forecast from 40 replicates: a few per cent off
  // at most (Monte Carlo error on small counts).
  CHECK(record.median_absolute_error < 0.05);
  // Beside the naive forecasts, one year ahead: the model, fitted to its own
  // figures, forecasts them better than 4% a year would (its own growth over
  // one year is not 4%), so its skill against that rule is positive.
  const std::string with_benchmarks = testing::text_of(request.output);
  const auto row = with_benchmarks.find("\n| 1 | 4 | ");
  REQUIRE(row != std::string::npos);
  const std::string cells = with_benchmarks.substr(row + 1, with_benchmarks.find('\n', row + 1) - row - 1);
  INFO(cells);
  CHECK(cells.find("| +0.") != std::string::npos);
  CHECK(record.report == request.output.string());
  request.record.reset();
  request.covid_years = {2027};

  // A cut-off outside the run is refused and nothing is written.
  request.fit_until = {2030};
  request.output = scratch_folder() / "refused.md";
  CHECK_THROWS_AS(backtest_model(request), InputError);
  CHECK_FALSE(std::filesystem::exists(request.output));
}

// The cells of the markdown row that starts with `start` after `from`.
std::vector<std::string> row_cells(const std::string& text, const std::string& from, const std::string& start) {
  const auto row = text.find("\n" + start, text.find(from));
  REQUIRE(row != std::string::npos);
  std::istringstream line(text.substr(row + 2, text.find('\n', row + 1) - row - 2));
  std::vector<std::string> cells;
  for (std::string cell; std::getline(line, cell, '|');) cells.push_back(cell.substr(1, cell.size() - 2));
  return cells;
}

TEST_CASE("a rolling backtest fits at every origin, counts errors by years ahead, and reruns each forecast given what happened") {
  BacktestRequest request;
  request.model = tiny_folder;
  request.targets = generated_targets(2.0);
  request.fit_until = {2026, 2025};
  // What happened: need grew 5% a year beyond demography, which the
  // generated figures (and so the fit) know nothing of.
  const auto happened = scratch_folder() / "happened.yaml";
  std::ofstream(happened) << "title: grown\nmodel: tiny\nstart_year: 2024\nhorizon: 4\nreplicates: 4\nseed: 1\n"
                             "demand:\n  need_growth: 0.05\n";
  request.conditional = happened;
  request.output = scratch_folder() / "rolling.md";
  request.record = scratch_folder() / "rolling.yaml";
  request.replicates = 40;
  request.threads = 2;
  request.force = true;
  request.command = "test";
  const BacktestSummary summary = backtest_model(request);
  // From 2025/26 the fit sees t0 and forecasts the 3 figures of 2026 (one
  // year ahead) and the 4 of 2027 (two); from 2026/27 it sees those of 2025
  // and 2026 and forecasts the 4 of 2027 one year ahead.
  CHECK(summary.checked == 11);
  const BacktestRecord record = read_backtest_record(*request.record, "rolling.yaml");
  CHECK(record.origin_year == 2025);
  CHECK(record.last_origin_year == 2026);
  CHECK(record.figures == 11);
  CHECK(record.one_year_ahead_figures == 7);
  CHECK(record.held_ninety == summary.inside_band);
  const std::string report = testing::text_of(request.output);
  CHECK(row_cells(report, "Errors by years ahead", "| 1 |")[1] == "7");
  CHECK(row_cells(report, "Errors by years ahead", "| 2 |")[1] == "4");
  CHECK(row_cells(report, "How often the published figure", "| from 2025/26 |")[1] == "7");
  CHECK(row_cells(report, "How often the published figure", "| **all origins** |")[1] == "11");
  // Fitted to the model's own figures, the ex-ante forecast of requests in
  // 2027/28 from 2026/27 is close; given need growth of 5% a year from
  // 2024/25 it is about 1.05^3 - 1 = 16% or more too high.
  const std::vector<std::string> requests = row_cells(report, "## From 2026/27", "| t1 | 2027/28 |");
  REQUIRE(requests.size() == 10);
  CHECK(std::abs(std::stod(requests[4]) / 100.0) < 0.03);
  CHECK(std::stod(requests[8]) / 100.0 > 0.14);

  // With 2026 a COVID year, the fit from 2026/27 sees no more than the fit
  // from 2025/26, so it reuses that fit and forecast and says so.
  request.conditional.reset();
  request.record.reset();
  request.covid_years = {2026};
  backtest_model(request);
  CHECK(testing::text_of(request.output).find("the same figures as from 2025/26, so the same fit and forecast") != std::string::npos);

  // An ex-ante scenario of its own from 2026/27 (here the one with need
  // growth): that origin reuses the fit but runs its forecast there, so its
  // requests of 2027/28 err high while the forecast from 2025/26 does not.
  request.origin_scenarios = {{2026, happened}};
  backtest_model(request);
  const std::string own = testing::text_of(request.output);
  CHECK(own.find("the same figures as from 2025/26, so the same fit, its forecast run in this origin's ex-ante scenario") !=
        std::string::npos);
  CHECK(std::stod(row_cells(own, "## From 2026/27", "| t1 | 2027/28 |")[4]) / 100.0 > 0.14);
  CHECK(std::abs(std::stod(row_cells(own, "## From 2025/26", "| t1 | 2027/28 |")[4]) / 100.0) < 0.03);
  // A scenario for a year that is not an origin is refused.
  request.origin_scenarios = {{2024, happened}};
  CHECK_THROWS_AS(backtest_model(request), InputError);
}

TEST_CASE("the fit's approximate posterior recovers known parameters and their spread from figures the model generated") {
  // Figures of the model with need x1.25 and residential deaths x0.8, each
  // published with an independent 3% error, 40 times over: the fitted values
  // scatter about the truth as their standard errors say.
  const LoadedScenario loaded = testing::load_scenario_text(
      "title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 4\nreplicates: 4\nseed: 5\n", "tiny.yaml", testing::test_models());
  const auto base = load_model(tiny_folder, "tiny");
  std::vector<FreeParameter> truth(2);
  truth[0].effect = RateEffect::request_rate;
  truth[1].effect = RateEffect::death_rate;
  truth[1].setting = base->care.setting_index("residential");
  const double true_values[] = {1.25, 0.8};
  LoadedScenario adjusted = loaded;
  adjusted.model = std::make_shared<const Model>(adjusted_model(*base, truth, {true_values[0], true_values[1]}));
  const Simulation simulation(adjusted);
  ReplicateValues values;
  simulation.run_expected(values);
  std::vector<double> exact;
  for (const std::string& query : queries) {
    exact.push_back(evaluate_query(resolve_query(parse_query(query, "test"), simulation.layout(), "test"), values));
  }
  constexpr int datasets = 40;
  constexpr double noise = 0.03;
  RandomEngine stream = make_stream(2024, 0, StreamPurpose::assumptions);
  boost::random::normal_distribution<double> standard_normal;
  std::vector<std::vector<double>> estimates(2), errors(2);
  int covered[2] = {0, 0};
  for (int d = 0; d < datasets; ++d) {
    std::ostringstream text;
    text << "title: noisy\ntargets:\n";
    for (std::size_t k = 0; k < queries.size(); ++k) {
      text << "  - {name: t" << k << ", query: \"" << queries[k] << "\", value: " << exact[k] * (1.0 + noise * standard_normal(stream))
           << ", tolerance: 0.05, source: generated}\n";
    }
    text << parameters_text(2.0);
    const auto file = scratch_folder() / "noisy-targets.yaml";
    std::ofstream(file) << text.str();
    const TargetsFile targets = read_targets(file, "noisy-targets.yaml", *base);
    const TargetFit fitter(base, fitting_scenario(tiny_folder, base, targets, std::nullopt, 4), targets);
    const std::vector<bool> use(targets.targets.size(), true);
    const LeastSquaresResult fit = fitter.fit(use);
    const std::optional<ParameterUncertainty> uncertainty = fitter.uncertainty(use, fit.solution);
    REQUIRE(uncertainty);
    REQUIRE(uncertainty->unavailable.empty());
    for (std::size_t k = 0; k < 2; ++k) {
      estimates[k].push_back(fit.solution[k]);
      errors[k].push_back(uncertainty->standard_errors[k]);
      if (std::abs(fit.solution[k] - true_values[k]) <= 1.96 * uncertainty->standard_errors[k]) ++covered[k];
    }
  }
  for (std::size_t k = 0; k < 2; ++k) {
    double mean = 0.0, mean_error = 0.0;
    for (int d = 0; d < datasets; ++d) {
      mean += estimates[k][static_cast<std::size_t>(d)] / datasets;
      mean_error += errors[k][static_cast<std::size_t>(d)] / datasets;
    }
    double spread = 0.0;
    for (const double estimate : estimates[k]) spread += (estimate - mean) * (estimate - mean) / (datasets - 1);
    spread = std::sqrt(spread);
    INFO("parameter " << k << ": mean " << mean << ", spread " << spread << ", mean standard error " << mean_error << ", "
                      << covered[k] << " of " << datasets << " within 1.96 standard errors");
    // Unbiased: the mean of the estimates within four of its standard errors.
    CHECK(std::abs(mean - true_values[k]) < 4.0 * spread / std::sqrt(static_cast<double>(datasets)));
    // The standard error is the spread: a sample sd of 40 has a relative
    // standard error of about 1/sqrt(2 x 39) = 0.11; four of them either side.
    CHECK(mean_error / spread > 1.0 - 4.0 / std::sqrt(2.0 * (datasets - 1)));
    CHECK(mean_error / spread < 1.0 + 4.0 / std::sqrt(2.0 * (datasets - 1)));
    // Intervals of 1.96 standard errors: the residual variance is estimated
    // from 8 figures less 2 parameters, so they hold as a t with 6 degrees of
    // freedom does, 90.2%; binomial sd sqrt(0.902 x 0.098 / 40) = 4.7
    // points, and at least four of them below.
    const double expected = 0.902;
    CHECK(covered[k] >= static_cast<int>(std::floor(datasets * (expected - 4.0 * std::sqrt(expected * (1 - expected) / datasets)))));
  }
}

TEST_CASE("a fit's parameters drawn per replicate keep their fitted centre, standard errors and correlation") {
  const LoadedScenario loaded = testing::load_scenario_text(
      "title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 2\nreplicates: 4\nseed: 9\n", "tiny.yaml", testing::test_models());
  const auto base = load_model(tiny_folder, "tiny");
  std::vector<FreeParameter> parameters(3);
  parameters[0].name = "need";
  parameters[0].effect = RateEffect::request_rate;
  parameters[0].min = 0.5;
  parameters[0].max = 2.0;
  parameters[1].name = "deaths";
  parameters[1].effect = RateEffect::death_rate;
  parameters[1].setting = base->care.setting_index("residential");
  parameters[1].min = 0.5;
  parameters[1].max = 2.0;
  parameters[2].name = "on_bound";
  parameters[2].effect = RateEffect::move_rate;
  parameters[2].min = 0.5;
  parameters[2].max = 2.0;
  const std::vector<double> values = {1.25, 0.8, 2.0};
  ParameterUncertainty uncertainty;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  uncertainty.standard_errors = {0.05, 0.08, nan};
  uncertainty.correlation = {1.0, -0.6, nan, -0.6, 1.0, nan, nan, nan, nan};
  const LoadedScenario drawn = scenario_with_fit_uncertainty(loaded, *base, parameters, values, uncertainty);
  REQUIRE(drawn.uncertain.size() == 2);
  CHECK(drawn.uncertain[0].label == "fit.need");
  CHECK(drawn.uncertain[1].label == "fit.deaths");
  CHECK(drawn.uncertain[0].distribution.second == Approx(0.05 / 1.25));
  CHECK(drawn.uncertain[1].distribution.second == Approx(0.08 / 0.8));
  REQUIRE(drawn.inputs.rate_factors.size() == 2);
  CHECK(drawn.correlation == std::vector<double>{1.0, -0.6, -0.6, 1.0});
  // The calibrated model holds the fitted values: its request rates are the
  // base's x1.25, and the factors move them about that.
  CHECK(drawn.model->care.request_rate[0][60] == Approx(1.25 * base->care.request_rate[0][60]));

  // Drawn per replicate: the factors' means, spreads and correlation, each
  // within four of its standard errors over 4,000 draws.
  const Simulation simulation(drawn);
  const std::size_t recorded = simulation.layout().quantity_index("assumptions");
  const int replicates = 4000;
  std::vector<double> need, deaths;
  std::unique_ptr<WorkerState> worker;
  for (int replicate = 0; replicate < replicates; ++replicate) {
    RandomEngine stream = make_stream(9, static_cast<std::uint64_t>(replicate), StreamPurpose::assumptions);
    AssumptionSampler sampler({drawn.uncertain[0].distribution, drawn.uncertain[1].distribution}, drawn.correlation);
    const std::vector<double> draw = sampler.draw(stream);
    need.push_back(draw[0]);
    deaths.push_back(draw[1]);
  }
  ReplicateValues one;
  simulation.run_replicate(0, one, worker);
  CHECK(one.arrays[recorded][0] == Approx(need[0]));
  CHECK(one.arrays[recorded][1] == Approx(deaths[0]));
  auto mean_of = [](const std::vector<double>& x) {
    double total = 0.0;
    for (const double v : x) total += v;
    return total / static_cast<double>(x.size());
  };
  const double n = replicates;
  const double need_mean = mean_of(need), deaths_mean = mean_of(deaths);
  double need_var = 0.0, deaths_var = 0.0, covariance = 0.0;
  for (int r = 0; r < replicates; ++r) {
    need_var += (need[r] - need_mean) * (need[r] - need_mean) / (n - 1);
    deaths_var += (deaths[r] - deaths_mean) * (deaths[r] - deaths_mean) / (n - 1);
    covariance += (need[r] - need_mean) * (deaths[r] - deaths_mean) / (n - 1);
  }
  CHECK(std::abs(need_mean - 1.0) < 4.0 * 0.04 / std::sqrt(n));
  CHECK(std::abs(deaths_mean - 1.0) < 4.0 * 0.1 / std::sqrt(n));
  CHECK(std::abs(std::sqrt(need_var) / 0.04 - 1.0) < 4.0 / std::sqrt(2.0 * (n - 1)));
  CHECK(std::abs(std::sqrt(deaths_var) / 0.1 - 1.0) < 4.0 / std::sqrt(2.0 * (n - 1)));
  const double correlation = covariance / std::sqrt(need_var * deaths_var);
  CHECK(std::abs(correlation + 0.6) < 4.0 * (1.0 - 0.36) / std::sqrt(n));
}
