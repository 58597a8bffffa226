// The workbook's money sheets: the MTFP bridge, net spend with its bands
// and overspends, spend by setting, inflation sensitivity, grants.

#include "carecast/report/finance_format.h"
#include "carecast/report/run_figures.h"
#include "workbook_tidy.h"

namespace carecast::report::sheets {

namespace {

// Cells under a £000 header hold thousands of pounds, not pounds shown
// divided: a formula or Power BI reads the stored value.
constexpr double pounds_per_thousand = 1000.0;

}  // namespace

SheetTable mtfp_bridge(const RunReader& run) {
  const std::string name = "MTFP bridge";
  if (!run.has_summary(QuantityId::mtfp_bridge)) return absent_sheet(name, no_money);
  const LabelledArray bridge = run.summary(QuantityId::mtfp_bridge).select("statistic", "mean");
  const Axis& years = bridge.axis("year");
  const Axis& lines = bridge.axis("budget_line");
  const std::vector<std::string> components = bridge_columns(bridge.axis("bridge_component"));
  SheetTable table{name, year_columns(), {}, ""};
  table.columns.push_back({"Budget line", CellStyle::text, 24});
  for (const std::string& component : components) {
    table.columns.push_back({bridge_column_name(component) + " (£000)", CellStyle::thousands, 13});
  }
  for (std::size_t y = 0; y < years.size(); ++y) {
    std::vector<double> totals(components.size(), 0.0);
    for (std::size_t l = 0; l < lines.size(); ++l) {
      std::vector<SheetCell> row = year_cells(years, y);
      row.emplace_back(display_name(lines.labels[l]));
      for (std::size_t c = 0; c < components.size(); ++c) {
        const double thousands = bridge.at_labels({{"year", years.labels[y]},
                                                   {"budget_line", lines.labels[l]},
                                                   {"bridge_component", components[c]}}) /
                                 pounds_per_thousand;
        totals[c] += thousands;
        row.emplace_back(thousands);
      }
      table.rows.push_back(std::move(row));
    }
    std::vector<SheetCell> total = year_cells(years, y);
    total.emplace_back("All budget lines");
    total.insert(total.end(), totals.begin(), totals.end());
    table.rows.push_back(std::move(total));
  }
  return table;
}

SheetTable net_spend(const RunReader& run) {
  const std::string name = "Net spend";
  if (!run.has_money()) return absent_sheet(name, no_money);
  const LabelledArray per_line = bands(run, QuantityId::net_spend, {"year", "budget_line"});
  const LabelledArray total = bands(run, QuantityId::net_spend, {"year"});
  const LabelledArray budget = mean_of(run, QuantityId::budget, {"year", "budget_line"});
  const LabelledArray occurred = run.summary(QuantityId::overspend_occurred).select("statistic", "mean");
  const LabelledArray expected = run.summary(QuantityId::overspend).select("statistic", "mean");
  const std::vector<double> total_overspend = total_overspend_probability(run);
  const std::vector<double> total_expected = total_expected_overspend(run);
  const Axis& years = per_line.axis("year");
  const Axis& lines = per_line.axis("budget_line");
  const Axis& statistics = per_line.axes().front();

  SheetTable table{name, year_columns(), {}, ""};
  table.columns.push_back({"Budget line", CellStyle::text, 24});
  for (const std::string& statistic : statistics.labels) {
    table.columns.push_back({"Net spend, " + statistic + " (£)", CellStyle::pounds, 15});
  }
  table.columns.push_back({"Budget (£)", CellStyle::pounds, 15});
  table.columns.push_back({"Chance of an overspend", CellStyle::share, 12});
  table.columns.push_back({"Expected overspend (£)", CellStyle::pounds, 15});
  for (std::size_t y = 0; y < years.size(); ++y) {
    double total_budget = 0.0;
    for (std::size_t l = 0; l < lines.size(); ++l) {
      std::vector<SheetCell> row = year_cells(years, y);
      row.emplace_back(display_name(lines.labels[l]));
      for (std::size_t s = 0; s < statistics.size(); ++s) row.emplace_back(per_line.at({s, y, l}));
      total_budget += budget.at({y, l});
      row.emplace_back(budget.at({y, l}));
      row.emplace_back(occurred.at({y, l}));
      row.emplace_back(expected.at({y, l}));
      table.rows.push_back(std::move(row));
    }
    std::vector<SheetCell> row = year_cells(years, y);
    row.emplace_back("All budget lines");
    for (std::size_t s = 0; s < statistics.size(); ++s) row.emplace_back(total.at({s, y}));
    row.emplace_back(total_budget);
    row.emplace_back(total_overspend[y]);
    row.emplace_back(total_expected[y]);
    table.rows.push_back(std::move(row));
  }
  return table;
}

SheetTable spend_by_setting(const RunReader& run) {
  const std::string name = "Spend by setting";
  if (!run.has_money()) return absent_sheet(name, no_money);
  const LabelledArray gross = run.summary(QuantityId::spend_gross);
  SheetTable table{name, dimension_columns(gross), tidy_rows(gross, {"mean"}), ""};
  append_statistics(table.rows, run.summary(QuantityId::spend_income), {"mean"});
  append_statistics(table.rows, run.summary(QuantityId::spend_net), {"mean"});
  for (const char* what : {"Gross spending, mean (£)", "Client income, mean (£)", "Net spending, mean (£)"}) {
    table.columns.push_back({what, CellStyle::pounds, 15});
  }
  return table;
}

SheetTable inflation_sensitivity(const RunReader& run) {
  const std::string name = "Inflation sensitivity";
  if (!run.has_money()) return absent_sheet(name, no_money);
  if (!run.has_summary(QuantityId::spend_per_inflation_point)) {
    return absent_sheet(name, "Net spend per point of inflation: not recorded in this run file.");
  }
  const LabelledArray effect = run.summary(QuantityId::spend_per_inflation_point);
  SheetTable table{name, dimension_columns(effect), tidy_rows(effect, {"mean"}), ""};
  table.columns.push_back({"Net spend added by 1 point more inflation, mean (£)", CellStyle::pounds, 15});
  return table;
}

SheetTable grants(const RunReader& run) {
  if (!run.has_summary(QuantityId::grants)) return absent_sheet("Grants", no_money);
  const LabelledArray received = run.summary(QuantityId::grants);
  SheetTable table{"Grants", dimension_columns(received), tidy_rows(received, {"mean"}), ""};
  table.columns.push_back({"Received, mean (£)", CellStyle::pounds, 15});
  return table;
}

}  // namespace carecast::report::sheets
