#include "carecast/calibration/base_year.h"

#include <cmath>
#include <sstream>

#include "carecast/core/error.h"
#include "carecast/output/statistics.h"

namespace carecast {
namespace {

std::string format_number(double value) {
  std::ostringstream out;
  const double magnitude = std::abs(value);
  out.setf(std::ios::fixed);
  out.precision(magnitude >= 100 ? 0 : magnitude >= 1 ? 1 : 3);
  out << value;
  std::string text = out.str();
  const std::size_t point = text.find('.');
  const std::size_t digits_end = point == std::string::npos ? text.size() : point;
  const std::size_t first = text[0] == '-' ? 1 : 0;
  std::string grouped;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > first && i < digits_end && (digits_end - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(text[i]);
  }
  return grouped;
}

// A row's name up to ": label", under which its source is listed.
std::string heading_of(const CalibrationRow& row) { return row.figure.substr(0, row.figure.find(": ")); }

}  // namespace

std::vector<ResolvedTarget> resolve_base_year(const TargetsFile& targets, const OutputLayout& layout) {
  std::vector<ResolvedTarget> resolved;
  for (std::size_t k = 0; k < targets.targets.size(); ++k) {
    const PublishedTarget& target = targets.targets[k];
    const std::string context = target.where.to_string() + ": targets[" + std::to_string(k) + "]";
    resolved.push_back(resolve_target(target, layout, context));
    if (!resolved.back().outside.empty()) throw InputError(context + ": " + resolved.back().outside);
  }
  return resolved;
}

std::vector<CalibrationRow> evaluate_calibration(const std::vector<ResolvedTarget>& targets, const ReplicateStore& store) {
  std::vector<CalibrationRow> rows;
  for (const ResolvedTarget& resolved : targets) {
    std::vector<double> values;
    for (std::int64_t r = 0; r < store.count; ++r) values.push_back(measure(resolved, store, store.first + r));
    const PublishedTarget& target = *resolved.target;
    CalibrationRow row;
    row.figure = target.name;
    row.source = target.source;
    row.note = target.note;
    row.published = target.published;
    row.target = target.value;
    row.tolerance = target.tolerance;
    const std::vector<double> summary = summarise(values.data(), values.size(), 1);
    row.mean = summary[0];
    row.p5 = summary[1];
    row.p95 = summary[3];
    rows.push_back(row);
  }
  return rows;
}

std::string calibration_markdown(const std::string& heading, const std::string& provenance,
                                 const std::vector<CalibrationRow>& rows) {
  std::ostringstream out;
  out << "# " << heading << "\n\n" << provenance << "\n\n";
  out << "| figure | published | base-year target | simulated mean (5%-95%) | error | within |\n";
  out << "|---|---:|---:|---:|---:|---|\n";
  int outside = 0;
  for (const auto& row : rows) {
    std::ostringstream error;
    error.setf(std::ios::fixed);
    error.precision(1);
    error << (row.relative_error() >= 0 ? "+" : "") << 100.0 * row.relative_error() << "%";
    const std::string tolerance = "±" + std::to_string(static_cast<int>(std::lround(100 * row.tolerance))) + "%";
    out << "| " << row.figure << " | " << format_number(row.published) << " | " << format_number(row.target) << " | "
        << format_number(row.mean) << " (" << format_number(row.p5) << "-" << format_number(row.p95) << ") | "
        << error.str() << " | " << (row.within() ? "yes" : "**no**") << " (" << tolerance << ") |\n";
    if (!row.within()) ++outside;
  }
  out << "\n" << rows.size() - static_cast<std::size_t>(outside) << " of " << rows.size() << " figures within tolerance.\n\n";
  out << "## Sources and notes\n\n";
  const CalibrationRow* listed = nullptr;
  for (const auto& row : rows) {
    if (listed && heading_of(*listed) == heading_of(row) && listed->source == row.source && listed->note == row.note) continue;
    listed = &row;
    out << "- **" << heading_of(row) << "**: " << row.source;
    if (!row.note.empty()) out << " " << row.note;
    out << "\n";
  }
  return out.str();
}

}  // namespace carecast
