#include "commands.h"

#include <fmt/core.h>

#include <algorithm>
#include <charconv>
#include <filesystem>

#include "carecast/calibration/backtest.h"
#include "carecast/calibration/base_year.h"
#include "carecast/calibration/calibrate.h"
#include "carecast/core/error.h"
#include "carecast/core/number_text.h"
#include "carecast/loading/scenario.h"
#include "carecast/report/briefing.h"
#include "carecast/report/comparison.h"
#include "carecast/report/export.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/run_figures.h"
#include "carecast/report/run_reader.h"
#include "carecast/run/run_service.h"
#include "progress_bar.h"

namespace carecast::app {
namespace {

// The first year, every fifth and the last: mean adults and those aged 65+.
void print_summary(const LoadedScenario& loaded, const RunResult& result) {
  const auto years = loaded.scenario.years();
  fmt::print("{}\n", loaded.scenario.title);
  fmt::print("model {} {}, {} replicates, seed {}, {:.1f} s\n", loaded.model->name, loaded.model->version, result.replicates,
             loaded.scenario.seed, result.seconds);
  fmt::print("{:>9}  {:>12}  {:>12}\n", "year", "adults", "aged 65+");
  for (std::size_t y = 0; y < years.size(); ++y) {
    if (y != 0 && y + 1 != years.size() && y % 5 != 0) continue;
    fmt::print("{:>9}  {:>12}  {:>12}\n", fmt::format("{}/{:02}", years[y], (years[y] + 1) % 100),
               with_thousands(result.mean_adults[y]), with_thousands(result.mean_aged_65_and_over[y]));
  }
}

// Net spend on the whole service against the budget in the first, third
// and last years, as the briefing's headline gives it, with the chance and
// the expected size of an overspend: what a finance officer reads first.
void print_money_headline(const std::string& output, bool expected) {
  const report::RunReader run(output);
  if (!run.has_money()) return;
  const report::LabelledArray net = report::bands(run, QuantityId::net_spend, {"year"});
  const report::LabelledArray budget = report::mean_of(run, QuantityId::budget, {"year"});
  const std::vector<double> chance = report::total_overspend_probability(run);
  const std::vector<double> overspend = report::total_expected_overspend(run);
  const std::vector<std::int64_t> years = report::years(run);
  const auto statistic = [&](const char* name, std::size_t y) { return net.at({net.axes()[0].index_of(name), y}); };
  fmt::print("\nnet spend, all budget lines, against the budget (cash)\n");
  if (expected) fmt::print("expected mode: one path, so no range and no chance of an overspend\n");
  fmt::print("{:>9}  {:>9}  {:>17}  {:>9}  {:>6}  {:>14}\n", "year", "net spend", "90% range", quantity_name(QuantityId::budget),
             "chance", "mean overspend");
  for (const std::size_t y : report::headline_years(years.size())) {
    const std::string range = expected ? "-" : report::pounds_millions(statistic("p5", y)) + " to " + report::pounds_millions(statistic("p95", y));
    fmt::print("{:>9}  {:>9}  {:>17}  {:>9}  {:>6}  {:>14}\n", report::financial_year(years[y]),
               report::pounds_millions(statistic("mean", y)), range, report::pounds_millions(budget.at({y})),
               expected ? "-" : report::percent(chance[y]), report::pounds_millions(overspend[y]));
  }
  fmt::print("chance: of an overspend; mean overspend: above budget, 0 where within\n");
  // The path's first clause, wrapped to the terminal's 80 columns.
  const std::string words = report::budget_path_words(run.info());
  std::string line;
  for (std::size_t at = 0; at < words.size() && words[at] != ':';) {
    const std::size_t end = std::min(words.find_first_of(" :", at), words.size());
    const std::string word = words.substr(at, end - at);
    if (!line.empty() && line.size() + 1 + word.size() > 80) {
      fmt::print("{}\n", line);
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
    at = end < words.size() && words[end] == ' ' ? end + 1 : end;
  }
  if (!line.empty()) fmt::print("{}{}\n", line, line.back() == '.' ? "" : ".");
}

}  // namespace

int run_command(const RunArguments& arguments, const ProcessGroup& processes) {
  LoadedScenario loaded = load_scenario(arguments.scenario);
  if (arguments.replicates) loaded.override_replicates(*arguments.replicates);
  if (arguments.seed) loaded.override_seed(*arguments.seed);
  ProgressBar progress(true);
  RunRequest request;
  request.output = arguments.output;
  request.overwrite = arguments.force;
  request.expected = arguments.expected;
  request.options = run_options(arguments.threads, progress);
  request.replicates_from_command_line = arguments.replicates.has_value();
  request.memory_budget = arguments.memory_budget;
  request.processes = &processes;
  const RunResult result = run_scenario(loaded, request);
  if (result.written) {
    print_summary(loaded, result);
    print_money_headline(arguments.output, arguments.expected);
    fmt::print("written to {}\n", arguments.output);
  }
  return exit_ok;
}

int fit_command(const CalibrateArguments& arguments) {
  CalibrationRequest request;
  request.model = arguments.scenario;
  if (!std::filesystem::is_directory(request.model)) {
    throw InputError(arguments.scenario + ": with --targets, calibrate takes a model's folder (e.g. models/worcestershire)");
  }
  request.targets = *arguments.targets;
  if (arguments.money_scenario) request.scenario = *arguments.money_scenario;
  request.output = arguments.output;
  if (arguments.replicates) request.check_replicates = *arguments.replicates;
  request.threads = arguments.threads;
  request.force = arguments.force;
  request.command = "carecast calibrate " + arguments.scenario + " --targets " + *arguments.targets +
                    (arguments.money_scenario ? " --scenario " + *arguments.money_scenario : "") +
                    (arguments.replicates ? " --replicates " + std::to_string(*arguments.replicates) : "") + " -o " +
                    arguments.output;
  const CalibrationSummary summary = calibrate_model(request);
  fmt::print("{} targets, {} in the simulated years, {} within tolerance; {} parameters on a bound; {:.0f} s\n", summary.targets,
             summary.fitted, summary.within_tolerance, summary.parameters_on_bound, summary.seconds);
  fmt::print("calibrated model and calibration-report.md written to {}\n", arguments.output);
  return exit_ok;
}

int calibrate_command(const CalibrateArguments& arguments) {
  if (arguments.targets) return fit_command(arguments);
  BaseYearRequest request;
  request.scenario = arguments.scenario;
  request.output = arguments.output;
  request.replicates = arguments.replicates;
  request.force = arguments.force;
  ProgressBar progress(true);
  request.run = run_options(arguments.threads, progress);
  request.command = "carecast calibrate " + arguments.scenario +
                    (arguments.replicates ? " --replicates " + std::to_string(*arguments.replicates) : "") + " -o " +
                    arguments.output + (arguments.force ? " --force" : "");
  const BaseYearSummary summary = calibrate_base_year(request);
  fmt::print("{} of {} figures within tolerance; written to {}\n", summary.within_tolerance, summary.figures, arguments.output);
  return exit_ok;
}

int backtest_command(const BacktestArguments& arguments) {
  BacktestRequest request;
  request.model = arguments.model;
  if (!std::filesystem::is_directory(request.model)) {
    throw InputError(arguments.model + ": backtest takes a model's folder (e.g. models/worcestershire-2019)");
  }
  request.targets = arguments.targets;
  if (arguments.scenario) request.scenario = *arguments.scenario;
  request.fit_until = arguments.fit_until;
  if (arguments.conditional) request.conditional = *arguments.conditional;
  for (const std::string& pair : arguments.origin_scenarios) {
    const auto equals = pair.find('=');
    int year = 0;
    const bool parsed = equals != std::string::npos && equals + 1 < pair.size() &&
                        std::from_chars(pair.data(), pair.data() + equals, year).ptr == pair.data() + equals;
    if (!parsed) throw InputError("--origin-scenario " + pair + ": give YEAR=FILE, e.g. 2021=scenarios/backtest-2021.yaml");
    request.origin_scenarios[year] = pair.substr(equals + 1);
  }
  request.covid_years = arguments.covid_years;
  request.leave_out = arguments.leave_out;
  request.output = arguments.output;
  if (arguments.replicates) request.replicates = *arguments.replicates;
  request.threads = arguments.threads;
  request.force = arguments.force;
  request.command = "carecast backtest " + arguments.model + " --targets " + arguments.targets +
                    (arguments.scenario ? " --scenario " + *arguments.scenario : "");
  for (const int year : arguments.fit_until) request.command += " --fit-until " + std::to_string(year);
  for (const std::string& pair : arguments.origin_scenarios) request.command += " --origin-scenario " + pair;
  if (arguments.conditional) request.command += " --conditional " + *arguments.conditional;
  for (const int year : arguments.covid_years) request.command += " --covid-year " + std::to_string(year);
  for (const std::string& quantity : arguments.leave_out) request.command += " --leave-out " + quantity;
  if (arguments.replicates) request.command += " --replicates " + std::to_string(*arguments.replicates);
  request.command += " -o " + arguments.output;
  if (arguments.record) {
    request.record = *arguments.record;
    request.record_report = arguments.output;
    request.command += " --record " + *arguments.record;
  }
  const BacktestSummary summary = backtest_model(request);
  fmt::print("{} figures fitted; {} forecast figures compared: {} within tolerance, {} inside the 5-95% band; {:.0f} s\n",
             summary.fitted, summary.checked, summary.within_tolerance, summary.inside_band, summary.seconds);
  fmt::print("report written to {}\n", arguments.output);
  return exit_ok;
}

int report_command(const ReportArguments& arguments) {
  std::optional<std::filesystem::path> compare;
  if (arguments.compare) compare = *arguments.compare;
  report::write_briefing(arguments.run, compare, arguments.output, arguments.force);
  fmt::print("briefing written to {}\n", arguments.output);
  return exit_ok;
}

int compare_command(const std::string& a, const std::string& b) {
  fmt::print("{}", report::compare_run_files(a, b));
  return exit_ok;
}

int export_command(const ExportArguments& arguments) {
  report::ExportRequest request;
  request.run = arguments.run;
  if (arguments.csv) request.csv_folder = *arguments.csv;
  if (arguments.xlsx) request.workbook = *arguments.xlsx;
  request.replicates = arguments.replicates;
  request.overwrite = arguments.force;
  report::export_run(request);
  if (arguments.csv) fmt::print("CSV files written to {}\n", *arguments.csv);
  if (arguments.xlsx) fmt::print("workbook written to {}\n", *arguments.xlsx);
  return exit_ok;
}

int validate_command(const std::string& scenario) {
  const LoadedScenario loaded = load_scenario(scenario);
  fmt::print("{}: valid ({} {} to {}, {} replicates, model {})\n", scenario, loaded.scenario.title, loaded.scenario.start_year,
             loaded.scenario.end_year(), loaded.scenario.replicates, loaded.model->name);
  return exit_ok;
}

}  // namespace carecast::app
