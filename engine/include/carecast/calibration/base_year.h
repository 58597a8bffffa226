#pragma once
// Base-year reproduction: `carecast calibrate SCENARIO -o REPORT.md` runs a
// scenario and sets its simulated figures against the published figures of
// the model's calibration.yaml, a targets file in the language of the fit
// (docs/fitting.md), as a Markdown report. Nothing here knows any council.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "carecast/calibration/query.h"
#include "carecast/calibration/targets.h"
#include "carecast/output/layout.h"
#include "carecast/parallel/runner.h"

namespace carecast {

struct BaseYearRequest {
  std::filesystem::path scenario;
  std::filesystem::path output;  // the Markdown report
  std::optional<std::int64_t> replicates;  // instead of the scenario's count
  RunOptions run;  // threads and progress
  bool force = false;
  std::string command;  // as typed, for the report
};

struct BaseYearSummary {
  std::size_t figures = 0;
  std::size_t within_tolerance = 0;
};

// Loads the scenario and its model's calibration.yaml, runs the replicates
// and writes the report (complete or not at all).
BaseYearSummary calibrate_base_year(const BaseYearRequest& request);

struct CalibrationRow {
  std::string figure;
  std::string source;
  std::string note;
  double published = 0.0;
  double target = 0.0;
  double mean = 0.0;
  double p5 = 0.0;
  double p95 = 0.0;
  double tolerance = 0.1;
  double relative_error() const { return target != 0.0 ? (mean - target) / target : 0.0; }
  bool within() const { return relative_error() <= tolerance && relative_error() >= -tolerance; }
};

// Resolves every target against the run's layout: a quantity, dimension or
// label the run does not have, or a year it does not simulate, is an
// InputError naming the target's file, line and key.
std::vector<ResolvedTarget> resolve_base_year(const TargetsFile& targets, const OutputLayout& layout);

// Each target's mean and 5th-95th percentiles over the store's replicates.
std::vector<CalibrationRow> evaluate_calibration(const std::vector<ResolvedTarget>& targets, const ReplicateStore& store);

// The report: a table of every row, then each figure's source and note.
// Rows named "HEADING: label" in a run with the same source and note are
// listed once under HEADING.
std::string calibration_markdown(const std::string& heading, const std::string& provenance,
                                 const std::vector<CalibrationRow>& rows);

}  // namespace carecast
