#pragma once
// Base-year reproduction: a model's published figures (models/NAME/
// calibration.yaml) set against the simulation, as a Markdown report. Each
// target names an output quantity, the labels to keep (every other label is
// summed), optionally a denominator measure and a scale, and the published
// value with its source. Nothing here knows any council.

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "carecast/output/layout.h"
#include "carecast/parallel/runner.h"

namespace carecast {

struct Measure {
  std::vector<std::string> quantities;  // summed; they must share the dimensions named in `where`
  std::map<std::string, std::vector<std::string>> where;  // dimension -> labels kept (years as text)
  double scale = 1.0;
};

struct CalibrationTarget {
  std::string name;
  std::string source;
  std::string note;  // how the published figure was brought to the base year, or why it differs
  Measure measure;
  bool has_denominator = false;
  Measure denominator;
  std::string by;  // a dimension to report label by label, or empty
  bool per_total = false;  // the denominator is the total over `by` (a share), not the same label
  std::map<std::string, double> published;  // by label ("" when not by a dimension)
  double published_scale = 1.0;  // applied to the published figure to give the base-year target
  double tolerance = 0.10;
};

struct CalibrationFile {
  std::string title;
  std::vector<CalibrationTarget> targets;
};

CalibrationFile read_calibration_file(const std::filesystem::path& path, const std::string& display_name);

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

// Evaluates every target on the replicates (errors name the target when a
// quantity, dimension or label does not exist).
std::vector<CalibrationRow> evaluate_calibration(const CalibrationFile& file, const OutputLayout& layout,
                                                 const ReplicateStore& store);

std::string calibration_markdown(const std::string& heading, const std::string& provenance,
                                 const std::vector<CalibrationRow>& rows);

}  // namespace carecast
