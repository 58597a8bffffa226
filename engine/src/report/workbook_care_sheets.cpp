// The workbook's care sheets: bed nights, homecare hours, clients, capacity.

#include "carecast/report/run_figures.h"
#include "workbook_tidy.h"

namespace carecast::report::sheets {

SheetTable bed_nights(const RunReader& run) {
  const LabelledArray nights = run.summary(QuantityId::bed_nights);
  SheetTable table{"Bed nights", dimension_columns(nights), tidy_rows(nights, file_statistics), ""};
  for (SheetColumn& column : statistic_columns(file_statistics, "Nights", CellStyle::count)) {
    table.columns.push_back(column);
  }
  keep_settings(table, column_of(nights, "setting"), settings_with_beds(run));
  return table;
}

SheetTable homecare_hours(const RunReader& run) {
  const LabelledArray delivered = run.summary(QuantityId::homecare_hours);
  SheetTable table{"Homecare hours", dimension_columns(delivered), tidy_rows(delivered, file_statistics), ""};
  append_statistics(table.rows, run.summary(QuantityId::unmet_homecare_hours), file_statistics);
  for (SheetColumn& column : statistic_columns(file_statistics, "Hours delivered", CellStyle::count)) {
    table.columns.push_back(column);
  }
  for (SheetColumn& column : statistic_columns(file_statistics, "Hours unmet", CellStyle::count)) {
    table.columns.push_back(column);
  }
  return table;
}

SheetTable clients(const RunReader& run) {
  const LabelledArray people = run.summary(QuantityId::clients);
  SheetTable table{"Clients", dimension_columns(people), tidy_rows(people, file_statistics), ""};
  for (SheetColumn& column : statistic_columns(file_statistics, "Clients at year end", CellStyle::decimal)) {
    table.columns.push_back(column);
  }
  return table;
}

SheetTable capacity(const RunReader& run) {
  const LabelledArray occupancy = run.summary(QuantityId::occupancy);
  SheetTable table{"Capacity", dimension_columns(occupancy), tidy_rows(occupancy, {"mean"}), ""};
  append_statistics(table.rows, run.summary(QuantityId::occupied_places), {"mean"});
  append_statistics(table.rows, run.summary(QuantityId::out_of_area_placements), {"mean"});
  table.columns.push_back({"Occupancy, mean", CellStyle::share, 12});
  table.columns.push_back({"Places occupied, mean", CellStyle::decimal, 12});
  table.columns.push_back({"Placements out of county, mean", CellStyle::decimal, 14});
  std::vector<std::string> used;
  const LabelledArray by_setting = occupancy.select("statistic", "mean").sum_all_but({"setting"});
  const LabelledArray placed = mean_of(run, QuantityId::out_of_area_placements, {"setting"});
  for (std::size_t s = 0; s < by_setting.values().size(); ++s) {
    if (by_setting.values()[s] > 0.0 || placed.values()[s] > 0.0) used.push_back(by_setting.axes()[0].labels[s]);
  }
  keep_settings(table, column_of(occupancy, "setting"), used);
  return table;
}

}  // namespace carecast::report::sheets
