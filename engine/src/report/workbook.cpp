#include "carecast/report/workbook.h"

namespace carecast::report {

std::vector<SheetTable> workbook_tables(const RunReader& run) {
  return {sheets::mtfp_bridge(run),
          sheets::net_spend(run),
          sheets::spend_by_setting(run),
          sheets::bed_nights(run),
          sheets::homecare_hours(run),
          sheets::assumptions(run),
          sheets::uncertain_assumptions(run),
          sheets::sensitivity(run),
          sheets::inflation_sensitivity(run),
          sheets::grants(run),
          sheets::clients(run),
          sheets::capacity(run),
          sheets::sufficiency(run),
          sheets::homecare_sufficiency(run),
          sheets::about(run)};
}

void write_workbook(const std::vector<SheetTable>& tables, const std::string& title,
                    const std::filesystem::path& path) {
  XlsxWorkbook workbook(path, title);
  for (const SheetTable& table : tables) {
    workbook.add_sheet(table.name);
    if (!table.absent.empty()) {
      workbook.set_column_width(0, 100);
      workbook.write(0, 0, table.absent, CellStyle::wrapped_text);
      continue;
    }
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      workbook.set_column_width(c, table.columns[c].width);
      workbook.write(0, c, table.columns[c].header, CellStyle::header);
    }
    for (std::size_t r = 0; r < table.rows.size(); ++r) {
      for (std::size_t c = 0; c < table.rows[r].size(); ++c) {
        const SheetCell& cell = table.rows[r][c];
        if (const double* number = std::get_if<double>(&cell)) {
          workbook.write(r + 1, c, *number, table.columns[c].style);
        } else {
          workbook.write(r + 1, c, std::get<std::string>(cell), table.columns[c].style);
        }
      }
    }
    workbook.freeze_rows(1);
    if (!table.rows.empty()) workbook.add_filter(0, table.rows.size(), table.columns.size() - 1);
  }
  workbook.close();
}

}  // namespace carecast::report
