#pragma once
// Tidy CSV of a run: one file per quantity, one row per value, a column per
// dimension, a column per statistic (or one `value` column), and the units.
// RFC 4180: comma-separated, CRLF line ends, a header row, fields quoted when
// they hold a comma, a quote or a line break, quotes doubled; numbers in the
// shortest form that reads back to the same double. pandas.read_csv and
// Excel read it as it is.
//
// Files: NAME.csv for every quantity in /summary (mean, p5, p50, p95), and
// in net_spend, budget, overspend and overspend_occurred a budget line
// "all lines" per year, its statistics over each replicate's sum across lines;
// scenario.csv, the scenario's assumptions with their sources;
// sufficiency.csv and homecare_sufficiency.csv, the market's sufficiency by
// year and district (report/sufficiency.h), means; published.csv, the
// council's figures for past years the run carries (/published); for each
// dataset in /analysis, analysis_NAME.csv; and with replicates,
// replicates/NAME.csv for every quantity in /replicates.

#include <ostream>
#include <string>
#include <vector>

#include "carecast/core/csv_text.h"
#include "carecast/report/labelled_array.h"
#include "carecast/report/run_reader.h"

namespace carecast::report {

// `array` as tidy rows. When its first axis is "statistic", each statistic
// becomes a column; otherwise the values go in a column named `value`.
void write_tidy_csv(std::ostream& out, const LabelledArray& array);

// One file of an export: its path relative to the folder and what it holds.
struct CsvFile {
  enum class Kind { summary, replicates, analysis, scenario, sufficiency, published };
  std::string path;
  Kind kind;
  std::string dataset;  // the quantity, /analysis dataset or sufficiency file; empty for the scenario
};

// The files an export of `run` writes, in writing order.
std::vector<CsvFile> csv_files(const RunReader& run, bool replicates);

void write_csv_file(std::ostream& out, const RunReader& run, const CsvFile& file);

}  // namespace carecast::report
