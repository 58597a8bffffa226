// The carecast program: parses the command line, calls the engine, and maps
// errors to exit codes here and nowhere else: 0 ok, 2 bad input or usage,
// 1 internal failure or a file that could not be written.

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <optional>

#include "carecast/calibration/backtest.h"
#include "carecast/calibration/base_year.h"
#include "carecast/calibration/calibrate.h"
#include "carecast/core/error.h"
#include "carecast/core/number_text.h"
#include "carecast/core/version.h"
#include "carecast/loading/scenario.h"
#include "carecast/output/pending_output.h"
#include "carecast/output/run_file.h"
#include "carecast/parallel/process_group.h"
#include "carecast/parallel/runner.h"
#include "carecast/report/briefing.h"
#include "carecast/report/comparison.h"
#include "carecast/report/export.h"
#include "carecast/run/simulation.h"

namespace {

using carecast::InputError;

constexpr int exit_ok = 0;
constexpr int exit_internal = 1;
constexpr int exit_bad_input = 2;

struct RunArguments {
  std::string scenario;
  std::string output;
  std::optional<std::int64_t> replicates;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  bool force = false;
  bool expected = false;
};

class ProgressBar {
 public:
  // Shown only when wanted and standard error is a terminal.
  explicit ProgressBar(bool wanted) : enabled_(wanted && isatty(fileno(stderr)) != 0) {}
  void update(std::int64_t done, std::int64_t total) {
    if (!enabled_) return;
    const int percent = static_cast<int>(100 * done / total);
    if (percent == last_percent_ && done != total) return;
    last_percent_ = percent;
    constexpr int width = 40;
    const int filled = width * percent / 100;
    std::fprintf(stderr, "\r[%s%s] %3d%%  %lld/%lld replicates", std::string(static_cast<std::size_t>(filled), '#').c_str(),
                 std::string(static_cast<std::size_t>(width - filled), ' ').c_str(), percent,
                 static_cast<long long>(done), static_cast<long long>(total));
    if (done == total) std::fprintf(stderr, "\n");
    std::fflush(stderr);
  }

 private:
  bool enabled_;
  int last_percent_ = -1;
};

carecast::RunOptions run_options(int threads, ProgressBar& progress) {
  carecast::RunOptions options;
  options.threads = threads;
  options.progress = [&progress](std::int64_t done, std::int64_t total) { progress.update(done, total); };
  return options;
}

// The replicate count, from the scenario or the command line, must leave a
// run's `needed_bytes` within memory.
void check_fits(const carecast::LoadedScenario& loaded, std::size_t needed_bytes, bool from_command_line) {
  const carecast::ConfigNode* node = loaded.resolved.find("replicates");
  const carecast::SourceLocation where = from_command_line || !node ? carecast::SourceLocation{} : node->where;
  carecast::check_replicates_fit(needed_bytes, loaded.scenario.replicates, where,
                                 from_command_line ? "--replicates" : "replicates");
}

// Mean adults, and adults aged 65 and over, per year for the printed
// summary, summed as the replicates arrive in replicate order.
class PopulationHeadline {
 public:
  PopulationHeadline(const carecast::LoadedScenario& loaded, const carecast::OutputLayout& layout)
      : population_(layout.quantity_index("population")),
        years_(loaded.scenario.years().size()),
        bands_(loaded.model->population.age_bands),
        adults_(years_, 0.0),
        older_(years_, 0.0) {}

  void add(const carecast::ReplicateValues& values) {
    const std::vector<double>& population = values.arrays[population_];
    const std::size_t per_year = population.size() / years_;
    for (std::size_t y = 0; y < years_; ++y) {
      const double* year = population.data() + y * per_year;
      for (std::size_t cell = 0; cell < per_year; ++cell) {
        adults_[y] += year[cell];
        if (bands_[cell % bands_.size()].first_age >= 65) older_[y] += year[cell];
      }
    }
    ++replicates_;
  }

  std::int64_t replicates() const { return replicates_; }
  double mean_adults(std::size_t year) const { return adults_[year] / static_cast<double>(replicates_); }
  double mean_older(std::size_t year) const { return older_[year] / static_cast<double>(replicates_); }

 private:
  std::size_t population_;
  std::size_t years_;
  std::vector<carecast::AgeBand> bands_;
  std::vector<double> adults_;
  std::vector<double> older_;
  std::int64_t replicates_ = 0;
};

void print_summary(const carecast::LoadedScenario& loaded, const PopulationHeadline& headline, double seconds,
                   const std::string& output) {
  const auto years = loaded.scenario.years();
  fmt::print("{}\n", loaded.scenario.title);
  fmt::print("model {} {}, {} replicates, seed {}, {:.1f} s\n", loaded.model->name, loaded.model->version,
             headline.replicates(), loaded.scenario.seed, seconds);
  fmt::print("{:>9}  {:>12}  {:>12}\n", "year", "adults", "aged 65+");
  for (std::size_t y = 0; y < years.size(); ++y) {
    if (y != 0 && y + 1 != years.size() && y % 5 != 0) continue;
    fmt::print("{:>9}  {:>12}  {:>12}\n", fmt::format("{}/{:02}", years[y], (years[y] + 1) % 100),
               carecast::with_thousands(headline.mean_adults(y)), carecast::with_thousands(headline.mean_older(y)));
  }
  fmt::print("written to {}\n", output);
}

// Under MPI every rank loads the scenario (and fails on bad input alike);
// only rank 0 touches the output and prints.
int run_command(const RunArguments& arguments, const carecast::ProcessGroup& processes) {
  carecast::LoadedScenario loaded = carecast::load_scenario(arguments.scenario);
  if (arguments.replicates) loaded.override_replicates(*arguments.replicates);
  if (arguments.seed) loaded.override_seed(*arguments.seed);
  std::optional<carecast::PendingOutput> output;
  std::optional<InputError> refused;
  if (processes.leader()) {
    try {
      output.emplace(arguments.output, arguments.force);
    } catch (const InputError& error) {
      refused = error;
    }
  }
  if (!processes.all(!refused)) {
    if (refused) throw *refused;
    return exit_bad_input;
  }
  if (processes.leader()) carecast::remove_pending_output_on_signals();

  const auto started = std::chrono::steady_clock::now();
  if (arguments.expected) loaded.override_replicates(1);
  const carecast::Simulation simulation(loaded);
  const carecast::OutputLayout& layout = simulation.layout();
  const std::int64_t replicates = loaded.scenario.replicates;
  if (arguments.expected) {
    // One set of trajectories, computed in this process: only rank 0 writes.
    if (!processes.leader()) return exit_ok;
    carecast::ReplicateValues values;
    simulation.run_expected(values);
    carecast::RunFileWriter writer(output->temporary(), loaded, layout, 1, carecast::default_summary_block_bytes, "expected");
    writer.append(0, values);
    writer.finish();
    output->commit();
    PopulationHeadline headline(loaded, layout);
    headline.add(values);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    print_summary(loaded, headline, seconds, arguments.output);
    return exit_ok;
  }
  // Every rank checks the same figure, so all refuse or none: rank 0's
  // writer and reorder window, and, across processes, the largest share
  // another rank keeps until rank 0 takes it.
  std::size_t needed = carecast::RunFileWriter::memory_bytes(layout, replicates) +
                       carecast::reorder_window_bytes(layout, arguments.threads);
  if (processes.size() > 1) needed += carecast::store_bytes(layout, (replicates + processes.size() - 1) / processes.size());
  check_fits(loaded, needed, arguments.replicates.has_value());
  const auto [first, count] = processes.share(replicates);
  ProgressBar progress(processes.leader());
  const carecast::RunOptions options = run_options(arguments.threads, progress);
  if (!processes.leader()) {
    processes.send_to_leader(carecast::run_replicates(simulation, first, count, options), layout);
    return exit_ok;
  }
  carecast::RunFileWriter writer(output->temporary(), loaded, layout, replicates);
  PopulationHeadline headline(loaded, layout);
  const carecast::ReplicateConsumer take = [&](std::int64_t replicate, const carecast::ReplicateValues& values) {
    writer.append(replicate, values);
    headline.add(values);
  };
  carecast::run_replicates(simulation, first, count, options, take);
  processes.receive_from_others(replicates, layout, take);
  writer.finish();
  output->commit();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  print_summary(loaded, headline, seconds, arguments.output);
  return exit_ok;
}

struct CalibrateArguments {
  std::string scenario;  // or, with --targets, the model's folder
  std::string output;
  std::optional<std::string> targets;
  std::optional<std::string> money_scenario;
  std::optional<std::int64_t> replicates;
  int threads = 0;
  bool force = false;
};

// calibrate MODEL --targets FILE -o FOLDER: fit the model's free parameters.
int fit_command(const CalibrateArguments& arguments) {
  carecast::CalibrationRequest request;
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
  const carecast::CalibrationSummary summary = carecast::calibrate_model(request);
  fmt::print("{} targets, {} in the simulated years, {} within tolerance; {} parameters on a bound; {:.0f} s\n", summary.targets,
             summary.fitted, summary.within_tolerance, summary.parameters_on_bound, summary.seconds);
  fmt::print("calibrated model and calibration-report.md written to {}\n", arguments.output);
  return exit_ok;
}

int calibrate_command(const CalibrateArguments& arguments) {
  if (arguments.targets) return fit_command(arguments);
  carecast::BaseYearRequest request;
  request.scenario = arguments.scenario;
  request.output = arguments.output;
  request.replicates = arguments.replicates;
  request.force = arguments.force;
  ProgressBar progress(true);
  request.run = run_options(arguments.threads, progress);
  request.command = "carecast calibrate " + arguments.scenario +
                    (arguments.replicates ? " --replicates " + std::to_string(*arguments.replicates) : "") + " -o " +
                    arguments.output + (arguments.force ? " --force" : "");
  const carecast::BaseYearSummary summary = carecast::calibrate_base_year(request);
  fmt::print("{} of {} figures within tolerance; written to {}\n", summary.within_tolerance, summary.figures, arguments.output);
  return exit_ok;
}

struct BacktestArguments {
  std::string model;
  std::string targets;
  std::optional<std::string> scenario;
  int fit_until = 0;
  std::vector<int> covid_years;
  std::string output;
  std::optional<std::int64_t> replicates;
  int threads = 0;
  bool force = false;
};

// backtest MODEL --targets FILE --fit-until YEAR -o REPORT: fit on the early
// years, forecast the later ones, and report the forecast against them.
int backtest_command(const BacktestArguments& arguments) {
  carecast::BacktestRequest request;
  request.model = arguments.model;
  if (!std::filesystem::is_directory(request.model)) {
    throw InputError(arguments.model + ": backtest takes a model's folder (e.g. models/worcestershire-2019)");
  }
  request.targets = arguments.targets;
  if (arguments.scenario) request.scenario = *arguments.scenario;
  request.fit_until = arguments.fit_until;
  request.covid_years = arguments.covid_years;
  request.output = arguments.output;
  if (arguments.replicates) request.replicates = *arguments.replicates;
  request.threads = arguments.threads;
  request.force = arguments.force;
  request.command = "carecast backtest " + arguments.model + " --targets " + arguments.targets +
                    (arguments.scenario ? " --scenario " + *arguments.scenario : "") + " --fit-until " +
                    std::to_string(arguments.fit_until);
  for (const int year : arguments.covid_years) request.command += " --covid-year " + std::to_string(year);
  if (arguments.replicates) request.command += " --replicates " + std::to_string(*arguments.replicates);
  request.command += " -o " + arguments.output;
  carecast::remove_pending_output_on_signals();
  const carecast::BacktestSummary summary = carecast::backtest_model(request);
  fmt::print("{} figures fitted; {} forecast figures compared: {} within tolerance, {} inside the 5-95% band; {:.0f} s\n",
             summary.fitted, summary.checked, summary.within_tolerance, summary.inside_band, summary.seconds);
  fmt::print("report written to {}\n", arguments.output);
  return exit_ok;
}

struct ReportArguments {
  std::string run;
  std::optional<std::string> compare;
  std::string output;
  bool force = false;
};

int report_command(const ReportArguments& arguments) {
  std::optional<std::filesystem::path> compare;
  if (arguments.compare) compare = *arguments.compare;
  carecast::report::write_briefing(arguments.run, compare, arguments.output, arguments.force);
  fmt::print("briefing written to {}\n", arguments.output);
  return exit_ok;
}

int compare_command(const std::string& a, const std::string& b) {
  fmt::print("{}", carecast::report::compare_run_files(a, b));
  return exit_ok;
}

struct ExportArguments {
  std::string run;
  std::optional<std::string> csv;
  std::optional<std::string> xlsx;
  bool replicates = false;
  bool force = false;
};

int export_command(const ExportArguments& arguments) {
  carecast::report::ExportRequest request;
  request.run = arguments.run;
  if (arguments.csv) request.csv_folder = *arguments.csv;
  if (arguments.xlsx) request.workbook = *arguments.xlsx;
  request.replicates = arguments.replicates;
  request.overwrite = arguments.force;
  carecast::report::export_run(request);
  if (arguments.csv) fmt::print("CSV files written to {}\n", *arguments.csv);
  if (arguments.xlsx) fmt::print("workbook written to {}\n", *arguments.xlsx);
  return exit_ok;
}

int validate_command(const std::string& scenario) {
  const carecast::LoadedScenario loaded = carecast::load_scenario(scenario);
  fmt::print("{}: valid ({} {} to {}, {} replicates, model {})\n", scenario, loaded.scenario.title,
             loaded.scenario.start_year, loaded.scenario.end_year(), loaded.scenario.replicates, loaded.model->name);
  return exit_ok;
}

}  // namespace

int main(int argc, char** argv) {
  const carecast::ProcessGroup processes(argc, argv);
  CLI::App app{"carecast: forecasts the demand for and the cost of adult social care"};
  app.set_version_flag("--version", fmt::format("carecast {} ({}{})", carecast::program_version, carecast::git_revision(),
                                                carecast::built_with_mpi ? ", with MPI" : ""));
  app.require_subcommand(1);

  RunArguments run;
  CLI::App* run_app = app.add_subcommand("run", "Run a scenario and write its results to an HDF5 file");
  run_app->add_option("scenario", run.scenario, "Scenario YAML file")->required();
  run_app->add_option("-o,--output", run.output, "Output HDF5 file")->required();
  run_app->add_option("--replicates", run.replicates, "Override the scenario's replicate count")
      ->check(CLI::Range(std::int64_t{1}, carecast::max_replicates));
  run_app->add_option("--seed", run.seed, "Override the scenario's random seed");
  run_app->add_option("--threads", run.threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  run_app->add_flag("--force", run.force, "Overwrite the output file if it exists");
  run_app->add_flag("--expected", run.expected,
                    "Write the expected trajectories, computed without sampling, instead of Monte Carlo replicates");

  std::string validate_scenario;
  CLI::App* validate_app = app.add_subcommand("validate", "Check a scenario and its model without running it");
  validate_app->add_option("scenario", validate_scenario, "Scenario YAML file")->required();

  CalibrateArguments calibrate;
  CLI::App* calibrate_app =
      app.add_subcommand("calibrate", "Run a scenario and compare its first years with the model's published figures");
  calibrate_app->add_option("scenario", calibrate.scenario,
                            "Scenario YAML file; with --targets, the model's folder")->required();
  calibrate_app->add_option("-o,--output", calibrate.output,
                            "Markdown report to write; with --targets, the folder for the calibrated model")->required();
  calibrate_app->add_option("--targets", calibrate.targets,
                            "Fit the model's free parameters to this targets file (docs/fitting.md)");
  calibrate_app->add_option("--scenario", calibrate.money_scenario,
                            "With --targets: the scenario to run the model in (money, policy); default the model alone");
  calibrate_app->add_option("--replicates", calibrate.replicates, "Override the scenario's replicate count")
      ->check(CLI::Range(std::int64_t{1}, carecast::max_replicates));
  calibrate_app->add_option("--threads", calibrate.threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  calibrate_app->add_flag("--force", calibrate.force, "Overwrite the report if it exists");

  BacktestArguments backtest;
  CLI::App* backtest_app = app.add_subcommand(
      "backtest", "Fit a model on its early years, forecast the later ones, and report the forecast against what was published");
  backtest_app->add_option("model", backtest.model, "The model's folder, started before the years to forecast")->required();
  backtest_app->add_option("--targets", backtest.targets, "Targets file of published figures and free parameters")->required();
  backtest_app->add_option("--scenario", backtest.scenario, "The scenario to run the model in (money, policy); default the model alone");
  backtest_app->add_option("--fit-until", backtest.fit_until, "The last year (financial year by its first calendar year) the fit may see")
      ->required();
  backtest_app->add_option("--covid-year", backtest.covid_years, "A year disturbed by COVID-19, summarised apart (repeatable)");
  backtest_app->add_option("-o,--output", backtest.output, "Markdown report to write")->required();
  backtest_app->add_option("--replicates", backtest.replicates, "Monte Carlo replicates of the forecast (default 200)")
      ->check(CLI::Range(std::int64_t{1}, carecast::max_replicates));
  backtest_app->add_option("--threads", backtest.threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  backtest_app->add_flag("--force", backtest.force, "Overwrite the report if it exists");

  ReportArguments report;
  CLI::App* report_app = app.add_subcommand("report", "Write a run's briefing: one self-contained HTML file");
  report_app->add_option("run", report.run, "Run file (HDF5) written by carecast run")->required();
  report_app->add_option("--compare", report.compare, "A second run file to set beside the first");
  report_app->add_option("-o,--output", report.output, "HTML file to write")->required();
  report_app->add_flag("--force", report.force, "Overwrite the HTML file if it exists");

  ExportArguments export_arguments;
  CLI::App* export_app = app.add_subcommand("export", "Write a run as tidy CSV files and/or an Excel workbook");
  export_app->add_option("run", export_arguments.run, "Run file (HDF5) written by carecast run")->required();
  export_app->add_option("--csv", export_arguments.csv, "Folder for the CSV files (made if missing)");
  export_app->add_option("--xlsx", export_arguments.xlsx, "Excel workbook to write");
  export_app->add_flag("--replicates", export_arguments.replicates,
                       "With --csv: every replicate's values too, in replicates/");
  export_app->add_flag("--force", export_arguments.force, "Overwrite files that exist");

  std::string compare_a, compare_b;
  CLI::App* compare_app =
      app.add_subcommand("compare", "Print the headline differences between two runs, year by year");
  compare_app->add_option("a", compare_a, "Run file A")->required();
  compare_app->add_option("b", compare_b, "Run file B, compared with A")->required();

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& success) {
    return app.exit(success);
  } catch (const CLI::ParseError& error) {
    app.exit(error);
    return exit_bad_input;
  }

  try {
    if (*run_app) return run_command(run, processes);
    if (*validate_app) return validate_command(validate_scenario);
    if (*calibrate_app) return calibrate_command(calibrate);
    if (*backtest_app) return backtest_command(backtest);
    if (*report_app) return report_command(report);
    if (*compare_app) return compare_command(compare_a, compare_b);
    if (*export_app) return export_command(export_arguments);
  } catch (const InputError& error) {
    if (processes.leader()) std::cerr << "carecast: error: " << error.what() << "\n";
    return exit_bad_input;
  } catch (const carecast::WriteError& error) {
    std::cerr << "carecast: error: " << error.what() << "\n";
    return exit_internal;
  } catch (const std::exception& error) {
    std::cerr << "carecast: internal error: " << error.what() << "\n";
    return exit_internal;
  }
  return exit_internal;
}
