#pragma once
// Reads a run file (docs/output-format.md) as labelled arrays, for the
// commands that turn a run into what people read. Opening checks the file
// type and the major format version and refuses other files with an
// InputError; a newer minor version is read, its additions ignored.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "carecast/model/backtest_record.h"
#include "carecast/output/hdf5_file.h"
#include "carecast/output/quantities.h"
#include "carecast/report/labelled_array.h"

namespace carecast::report {

// The stamp on a run file: what made it and from what.
struct RunInfo {
  std::filesystem::path path;
  std::vector<std::int64_t> format_version;  // [major, minor]
  std::string carecast_version;
  std::string git_revision;
  std::string created_utc;
  std::string title;
  std::string scenario_file;
  // Its name without the folder: a reader's copy should not show the
  // machine's paths (the full path stays in the run file).
  std::string scenario_file_name() const { return scenario_file.empty() ? "" : std::filesystem::path(scenario_file).filename().string(); }
  std::string scenario_yaml;
  std::string scenario_sha256;
  std::string model_name;
  std::string model_version;
  std::uint64_t seed = 0;
  std::int64_t replicates = 0;
  std::int64_t first_year = 0;
  std::int64_t last_year = 0;
  std::optional<BacktestRecord> backtest;  // how forecasts made with the run's model fared, when it says
  // "monte_carlo", or "expected": one path computed without sampling, so no
  // range and no chance (files from before the attribute are Monte Carlo).
  std::string mode = "monte_carlo";
  bool expected() const { return mode == "expected"; }
  // How the budgets after those the scenario gives are set (a BudgetRule id:
  // "given", "flat", "pay_and_contract_inflation", "growth"; empty in files
  // from before the attribute or without money), and the last year given
  // when every line gives the same years.
  std::string budget_path;
  std::optional<std::int64_t> budget_path_after;
  // "carry" when the unreconciled amount is part of net spending, "report"
  // when it is only shown; empty without a reconciliation.
  std::string unreconciled_mode;
};

class RunReader {
 public:
  explicit RunReader(const std::filesystem::path& path);

  const RunInfo& info() const { return info_; }

  bool exists(const std::string& path) const { return file_.exists(path); }
  bool has_summary(QuantityId quantity) const { return exists("/summary/" + quantity_name(quantity)); }
  bool has_money() const { return has_summary(QuantityId::net_spend); }
  bool has_analysis(QuantityId quantity) const { return exists("/analysis/" + quantity_name(quantity)); }

  // /summary/NAME (leading axis "statistic") and /replicates/NAME (leading
  // "replicate"), of a quantity of the table or of any name the file lists.
  LabelledArray summary(QuantityId quantity) const { return summary(quantity_name(quantity)); }
  LabelledArray summary(const std::string& quantity) const { return read("/summary/" + quantity); }
  LabelledArray replicates(QuantityId quantity) const { return replicates(quantity_name(quantity)); }
  LabelledArray replicates(const std::string& quantity) const { return read("/replicates/" + quantity); }
  // /analysis/NAME: the sensitivity ranking.
  LabelledArray analysis(QuantityId quantity) const { return read("/analysis/" + quantity_name(quantity)); }
  // Any numeric dataset whose dimensions carry scales named after root dimensions.
  LabelledArray read(const std::string& path) const;
  // The datasets in a group (/summary, /analysis), in name order, without
  // the group's coordinate copies of dimension labels.
  std::vector<std::string> quantities(const std::string& group) const;

  // A root dimension's labels, e.g. "year" or "budget_line".
  Axis dimension(const std::string& name) const;
  std::vector<std::string> strings(const std::string& path) const;

 private:
  // Reads through the HDF5 layer, reporting a malformed file as the user's
  // input: the file named, what was being read, exit code 2.
  template <typename Action>
  auto reading(const std::string& what, Action&& action) const;
  Axis read_dimension(const std::string& name) const;

  hdf5::File file_;
  RunInfo info_;
};

// The years of the run, as numbers.
std::vector<std::int64_t> years(const RunReader& run);

}  // namespace carecast::report
