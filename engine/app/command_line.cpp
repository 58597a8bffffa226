#include "command_line.h"

#include <CLI/CLI.hpp>
#include <fmt/core.h>
#include <fmt/format.h>

#include <iostream>
#include <limits>

#include "carecast/core/error.h"
#include "carecast/core/version.h"
#include "carecast/loading/config_reader.h"
#include "carecast/loading/scenario.h"
#include "commands.h"

namespace {

using namespace carecast::app;
using carecast::InputError;

// Sizes such as 12G or 512M (powers of 1024), or a number of bytes.
void add_memory_budget(CLI::App& command, std::size_t& budget) {
  command.add_option("--memory-budget", budget, "Memory the run may use, e.g. 8G (default: 4G or half the machine's memory, whichever is less)")
      ->transform(CLI::AsSizeValue(false))
      ->check(CLI::Range(std::size_t{1} << 20, std::numeric_limits<std::size_t>::max() / 2));
}

CLI::App* add_run(CLI::App& app, RunArguments& run) {
  CLI::App* command = app.add_subcommand("run", "Run a scenario and write its results to an HDF5 file");
  command->add_option("scenario", run.scenario, "Scenario YAML file")->required();
  command->add_option("-o,--output", run.output, "Output HDF5 file")->required();
  command->add_option("--replicates", run.replicates, "Override the scenario's replicate count")
      ->check(CLI::Range(std::int64_t{1}, carecast::max_replicates));
  command->add_option("--seed", run.seed, "Override the scenario's random seed");
  command->add_option("--threads", run.threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  command->add_flag("--force", run.force, "Overwrite the output file if it exists");
  command->add_flag("--expected", run.expected,
                    "Write the expected trajectories, computed without sampling, instead of Monte Carlo replicates");
  add_memory_budget(*command, run.memory_budget);
  return command;
}

// --replicates, --threads and --force of the commands that write a report.
void add_size_and_force(CLI::App& command, std::optional<std::int64_t>& replicates, const std::string& replicates_help,
                        int& threads, bool& force) {
  command.add_option("--replicates", replicates, replicates_help)->check(CLI::Range(std::int64_t{1}, carecast::max_replicates));
  command.add_option("--threads", threads, "Worker threads (default: all cores)")->check(CLI::Range(1, 1024));
  command.add_flag("--force", force, "Overwrite the report if it exists");
}

CLI::App* add_calibrate(CLI::App& app, CalibrateArguments& calibrate) {
  CLI::App* command =
      app.add_subcommand("calibrate", "Run a scenario and compare its first years with the model's published figures");
  command->add_option("scenario", calibrate.scenario, "Scenario YAML file; with --targets, the model's folder")->required();
  command->add_option("-o,--output", calibrate.output,
                      "Markdown report to write; with --targets, the folder for the calibrated model")->required();
  command->add_option("--targets", calibrate.targets, "Fit the model's free parameters to this targets file (docs/fitting.md)");
  command->add_option("--scenario", calibrate.money_scenario,
                      "With --targets: the scenario to run the model in (money, policy); default the model alone");
  add_size_and_force(*command, calibrate.replicates, "Override the scenario's replicate count", calibrate.threads, calibrate.force);
  return command;
}

CLI::App* add_backtest(CLI::App& app, BacktestArguments& backtest) {
  CLI::App* command = app.add_subcommand(
      "backtest", "Fit a model on its early years, forecast the later ones, and report the forecast against what was published");
  command->add_option("model", backtest.model, "The model's folder, started before the years to forecast")->required();
  command->add_option("--targets", backtest.targets, "Targets file of published figures and free parameters")->required();
  command->add_option("--scenario", backtest.scenario, "The scenario to run the model in (money, policy); default the model alone");
  command->add_option("--fit-until", backtest.fit_until,
                      "An origin: the last year (financial year by its first calendar year) the fit may see (repeatable: a rolling backtest)")
      ->required();
  command->add_option("--origin-scenario", backtest.origin_scenarios,
                      "YEAR=FILE: the ex-ante scenario from origin YEAR on, what was expected then (repeatable)");
  command->add_option("--conditional", backtest.conditional,
                      "A scenario of what happened (inflation, wages) to rerun each origin's forecast in: the conditional backtest");
  command->add_option("--covid-year", backtest.covid_years, "A year disturbed by COVID-19, summarised apart (repeatable)");
  command->add_option("--leave-out", backtest.leave_out,
                      "A quantity whose figures are neither fitted nor scored, e.g. one the scenario does not price (repeatable)");
  command->add_option("-o,--output", backtest.output, "Markdown report to write")->required();
  command->add_option("--record", backtest.record,
                      "Also write the backtest's record (YAML) for a model to name, so a briefing can say how far to trust it");
  add_size_and_force(*command, backtest.replicates, "Monte Carlo replicates of the forecast (default 200)", backtest.threads,
                     backtest.force);
  return command;
}

CLI::App* add_report(CLI::App& app, ReportArguments& report) {
  CLI::App* command = app.add_subcommand("report", "Write a run's briefing: one self-contained HTML file");
  command->add_option("run", report.run, "Run file (HDF5) written by carecast run")->required();
  command->add_option("--compare", report.compare, "A second run file to set beside the first");
  command->add_option("-o,--output", report.output, "HTML file to write")->required();
  command->add_flag("--force", report.force, "Overwrite the HTML file if it exists");
  return command;
}

CLI::App* add_export(CLI::App& app, ExportArguments& exported) {
  CLI::App* command = app.add_subcommand("export", "Write a run as tidy CSV files and/or an Excel workbook");
  command->add_option("run", exported.run, "Run file (HDF5) written by carecast run")->required();
  command->add_option("--csv", exported.csv, "Folder for the CSV files (made if missing)");
  command->add_option("--xlsx", exported.xlsx, "Excel workbook to write");
  command->add_flag("--replicates", exported.replicates, "With --csv: every replicate's values too, in replicates/");
  command->add_flag("--force", exported.force, "Overwrite files that exist");
  return command;
}

// CLI11 answers an unknown first word with "A subcommand is required",
// which does not say what was wrong; this names it.
std::string unknown_command_message(CLI::App& app, int argc, char** argv) {
  if (argc < 2 || argv[1][0] == '-') return {};
  const std::string word = argv[1];
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands({})) {
    if (command->get_name() == word) return {};
    names.push_back(command->get_name());
  }
  std::string message = "unknown command " + carecast::quote_input(word);
  if (const std::string hint = carecast::closest_match(word, names); !hint.empty()) {
    message += "; did you mean \"" + hint + "\"?";
  }
  return message + " (the commands are " + fmt::format("{}", fmt::join(names, ", ")) + ")";
}

}  // namespace

namespace carecast::app {

int carecast_main(int argc, char** argv, const ProcessGroup& processes) {
  CLI::App app{"carecast: forecasts the demand for and the cost of adult social care"};
  app.set_version_flag("--version", fmt::format("carecast {} ({}{})", carecast::program_version, carecast::git_revision(),
                                                carecast::built_with_mpi ? ", with MPI" : ""));
  app.require_subcommand(1);
  RunArguments run;
  CLI::App* run_app = add_run(app, run);
  std::string validate_scenario;
  CLI::App* validate_app = app.add_subcommand("validate", "Check a scenario and its model without running it");
  validate_app->add_option("scenario", validate_scenario, "Scenario YAML file")->required();
  CalibrateArguments calibrate;
  CLI::App* calibrate_app = add_calibrate(app, calibrate);
  BacktestArguments backtest;
  CLI::App* backtest_app = add_backtest(app, backtest);
  ReportArguments report;
  CLI::App* report_app = add_report(app, report);
  ExportArguments exported;
  CLI::App* export_app = add_export(app, exported);
  std::string compare_a, compare_b;
  CLI::App* compare_app = app.add_subcommand("compare", "Print the headline differences between two runs, year by year");
  compare_app->add_option("a", compare_a, "Run file A")->required();
  compare_app->add_option("b", compare_b, "Run file B, compared with A")->required();

  if (const std::string unknown = unknown_command_message(app, argc, argv); !unknown.empty()) {
    if (processes.leader()) std::cerr << "carecast: error: " << unknown << "\n";
    return exit_bad_input;
  }
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
    if (*export_app) return export_command(exported);
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

}  // namespace carecast::app
