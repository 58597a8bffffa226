// The workbook's care sheets: bed nights, homecare hours, clients, capacity
// and the market's sufficiency.

#include "carecast/report/run_figures.h"
#include "carecast/report/sufficiency.h"
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
  append_statistics(table.rows, run.summary(QuantityId::capacity), {"mean"});
  table.columns.push_back({"Occupancy, mean", CellStyle::share, 12});
  table.columns.push_back({"Places occupied (homecare: hours a week delivered), mean", CellStyle::decimal, 16});
  table.columns.push_back({"Placements out of county, mean", CellStyle::decimal, 14});
  table.columns.push_back({"Capacity in force: places (homecare: hours a week), mean", CellStyle::decimal, 16});
  std::vector<std::string> used;
  const LabelledArray by_setting = occupancy.select("statistic", "mean").sum_all_but({"setting"});
  const LabelledArray placed = mean_of(run, QuantityId::out_of_area_placements, {"setting"});
  for (std::size_t s = 0; s < by_setting.values().size(); ++s) {
    if (by_setting.values()[s] > 0.0 || placed.values()[s] > 0.0) used.push_back(by_setting.axes()[0].labels[s]);
  }
  keep_settings(table, column_of(occupancy, "setting"), used);
  return table;
}

namespace {

// A row per year and district: the year, the district, then each array's value.
std::vector<std::vector<SheetCell>> rows_by_district(const std::vector<SheetCell>& leading,
                                                     const std::vector<const LabelledArray*>& arrays) {
  const Axis& years = arrays.front()->axis("year");
  const Axis& districts = arrays.front()->axis("district");
  std::vector<std::vector<SheetCell>> rows;
  for (std::size_t y = 0; y < years.size(); ++y) {
    for (std::size_t d = 0; d < districts.size(); ++d) {
      std::vector<SheetCell> row = year_cells(years, y);
      row.insert(row.end(), leading.begin(), leading.end());
      row.emplace_back(districts.labels[d]);
      for (const LabelledArray* array : arrays) row.emplace_back(array->at({y, d}));
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

}  // namespace

SheetTable sufficiency(const RunReader& run) {
  const Sufficiency market = market_sufficiency(run);
  SheetTable table{"Sufficiency", year_columns(), {}, ""};
  table.columns.push_back({"Setting", CellStyle::text, 22});
  table.columns.push_back({"District", CellStyle::text, 22});
  table.columns.push_back({"Places in force, mean", CellStyle::decimal, 12});
  table.columns.push_back({"Occupied on an average day (all funders), mean", CellStyle::decimal, 16});
  table.columns.push_back({"People waiting at year end, mean", CellStyle::decimal, 14});
  table.columns.push_back({"Places short, mean", CellStyle::decimal, 12});
  for (const PlaceSufficiency& setting : market.places) {
    for (auto& row : rows_by_district({display_name(setting.setting)},
                                      {&setting.places, &setting.occupied, &setting.waiting, &setting.short_by})) {
      table.rows.push_back(std::move(row));
    }
  }
  if (market.places.empty()) return absent_sheet(table.name, "No setting has beds or places in this run.");
  return table;
}

SheetTable homecare_sufficiency(const RunReader& run) {
  const HomecareSufficiency homecare = market_sufficiency(run).homecare;
  SheetTable table{"Homecare sufficiency", year_columns(), {}, ""};
  table.columns.push_back({"District", CellStyle::text, 22});
  table.columns.push_back({"Hours a week the workforce can supply (0: no limit), mean", CellStyle::decimal, 18});
  table.columns.push_back({"Hours a week delivered, mean", CellStyle::decimal, 14});
  table.columns.push_back({"Hours a week needed, mean", CellStyle::decimal, 14});
  table.columns.push_back({"Hours a week unmet, mean", CellStyle::decimal, 14});
  table.rows = rows_by_district({}, {&homecare.capacity, &homecare.delivered, &homecare.needed, &homecare.unmet});
  return table;
}

}  // namespace carecast::report::sheets
