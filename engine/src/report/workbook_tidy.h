#pragma once
// The pieces the workbook's sheets are built from: year columns, a column per
// dimension, and one row per cell of a summary. Private to the report code.

#include <string>
#include <vector>

#include "carecast/report/labelled_array.h"
#include "carecast/report/workbook.h"

namespace carecast::report::sheets {

extern const std::string no_money;
// The statistics of the run file's summary.
extern const std::vector<std::string> file_statistics;

// "Year" (2024) and "Financial year" (2024/25).
std::vector<SheetColumn> year_columns();
std::vector<SheetCell> year_cells(const Axis& years, std::size_t y);

// Columns naming each dimension of `summary` after its leading statistic.
std::vector<SheetColumn> dimension_columns(const LabelledArray& summary);
// "What, mean", "What, p5", ...
std::vector<SheetColumn> statistic_columns(const std::vector<std::string>& statistics, const std::string& what,
                                           CellStyle style);
// The column of `axis` among dimension_columns(summary).
std::size_t column_of(const LabelledArray& summary, const std::string& axis);

// One row per cell of `summary` (leading axis "statistic"): its labels, then
// the statistics asked for.
std::vector<std::vector<SheetCell>> tidy_rows(const LabelledArray& summary, const std::vector<std::string>& statistics);
// Appends the statistics of a second summary with the same dimensions.
void append_statistics(std::vector<std::vector<SheetCell>>& rows, const LabelledArray& summary,
                       const std::vector<std::string>& statistics);

// Drops the rows of settings not in `settings`: those without beds or
// capacity are zero throughout and would only bury the rest.
void keep_settings(SheetTable& table, std::size_t column, const std::vector<std::string>& settings);

// A sheet that says only why its data is missing.
SheetTable absent_sheet(const std::string& name, const std::string& why);

}  // namespace carecast::report::sheets
