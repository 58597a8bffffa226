#pragma once
// The program's subcommands, one function each: the parsed arguments handed
// to the engine, and what it did printed. Errors are thrown to main, which
// maps them to exit codes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "carecast/parallel/process_group.h"

namespace carecast::app {

inline constexpr int exit_ok = 0;
inline constexpr int exit_internal = 1;
inline constexpr int exit_bad_input = 2;

struct RunArguments {
  std::string scenario;
  std::string output;
  std::optional<std::int64_t> replicates;
  std::optional<std::string> seed;  // as typed: read by the scenario's rule
  int threads = 0;
  bool force = false;
  bool expected = false;
  std::size_t memory_budget = 0;  // bytes; 0: the default budget
};

struct CalibrateArguments {
  std::string scenario;  // or, with --targets, the model's folder
  std::string output;
  std::optional<std::string> targets;
  std::optional<std::string> money_scenario;
  std::optional<std::int64_t> replicates;
  int threads = 0;
  bool force = false;
};

struct BacktestArguments {
  std::string model;
  std::string targets;
  std::optional<std::string> scenario;
  std::vector<int> fit_until;
  std::optional<std::string> conditional;
  std::vector<std::string> origin_scenarios;  // YEAR=FILE
  std::vector<int> covid_years;
  std::vector<std::string> leave_out;
  std::string output;
  std::optional<std::string> record;
  std::optional<std::int64_t> replicates;
  int threads = 0;
  bool force = false;
};

struct ReportArguments {
  std::string run;
  std::optional<std::string> compare;
  std::string output;
  bool force = false;
};

struct ExportArguments {
  std::string run;
  std::optional<std::string> csv;
  std::optional<std::string> xlsx;
  bool replicates = false;
  bool force = false;
};

// Under MPI every rank loads the scenario (and fails on bad input alike);
// only rank 0 touches the output and prints.
int run_command(const RunArguments& arguments, const ProcessGroup& processes);
// calibrate SCENARIO -o REPORT: set the first year against the model's
// published figures; with --targets, fit_command.
int calibrate_command(const CalibrateArguments& arguments);
// calibrate MODEL --targets FILE -o FOLDER: fit the model's free parameters.
int fit_command(const CalibrateArguments& arguments);
// backtest MODEL --targets FILE --fit-until YEAR -o REPORT: fit on the early
// years, forecast the later ones, and report the forecast against them.
int backtest_command(const BacktestArguments& arguments);
int report_command(const ReportArguments& arguments);
int compare_command(const std::string& a, const std::string& b);
int export_command(const ExportArguments& arguments);
int validate_command(const std::string& scenario);

}  // namespace carecast::app
