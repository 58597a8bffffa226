#pragma once
// The Excel workbook of a run, for the finance officer who wants the numbers
// in a spreadsheet: sheets in the order a budget reader works through them
// (MTFP bridge, net spend, spend by setting, bed nights, homecare hours,
// assumptions, then the uncertain assumptions, sensitivity, grants, clients,
// capacity, the market's sufficiency and the run's provenance), each with a header row naming units, number formats, frozen
// headers and filters. Money is exact pounds; the bridge shows £000 as the
// council's budget tables do.

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "carecast/report/run_reader.h"
#include "carecast/report/xlsx_writer.h"

namespace carecast::report {

using SheetCell = std::variant<std::string, double>;

struct SheetColumn {
  std::string header;
  CellStyle style;
  double width;
};

struct SheetTable {
  std::string name;
  std::vector<SheetColumn> columns;
  std::vector<std::vector<SheetCell>> rows;
  std::string absent;  // when not empty, the sheet says only this
};

std::vector<SheetTable> workbook_tables(const RunReader& run);

// Writes the tables to `path` as a workbook (the caller makes it atomic).
void write_workbook(const std::vector<SheetTable>& tables, const std::string& title, const std::filesystem::path& path);

namespace sheets {
// The sheets, one function each (workbook_*_sheets.cpp).
SheetTable mtfp_bridge(const RunReader& run);
SheetTable net_spend(const RunReader& run);
SheetTable spend_by_setting(const RunReader& run);
SheetTable bed_nights(const RunReader& run);
SheetTable homecare_hours(const RunReader& run);
SheetTable assumptions(const RunReader& run);
SheetTable uncertain_assumptions(const RunReader& run);
SheetTable sensitivity(const RunReader& run);
SheetTable inflation_sensitivity(const RunReader& run);
SheetTable grants(const RunReader& run);
SheetTable clients(const RunReader& run);
SheetTable capacity(const RunReader& run);
SheetTable sufficiency(const RunReader& run);
SheetTable homecare_sufficiency(const RunReader& run);
SheetTable about(const RunReader& run);
}  // namespace sheets

}  // namespace carecast::report
