// The workbook's sheets, each built from the run as a table of cells.

#include <algorithm>

#include "carecast/report/assumptions.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/run_figures.h"
#include "carecast/report/workbook.h"

namespace carecast::report::sheets {
namespace {

const std::string no_money = "This run's scenario has no money section: spending is not recorded in this run file.";
const std::vector<std::string> file_statistics = {"mean", "p5", "p50", "p95"};

std::vector<SheetColumn> year_columns() {
  return {{"Year", CellStyle::year, 7}, {"Financial year", CellStyle::text, 10}};
}

std::vector<SheetCell> year_cells(const Axis& years, std::size_t y) {
  return {static_cast<double>(years.numbers.at(y)), financial_year(years.numbers.at(y))};
}

// Columns naming each dimension of `summary` after its leading statistic.
std::vector<SheetColumn> dimension_columns(const LabelledArray& summary) {
  std::vector<SheetColumn> columns;
  for (std::size_t k = 1; k < summary.axes().size(); ++k) {
    const Axis& axis = summary.axes()[k];
    if (axis.name == "year") {
      for (SheetColumn& column : year_columns()) columns.push_back(column);
    } else {
      columns.push_back({display_name(axis.name), CellStyle::text, 22});
    }
  }
  return columns;
}

std::vector<SheetColumn> statistic_columns(const std::vector<std::string>& statistics, const std::string& what,
                                           CellStyle style) {
  std::vector<SheetColumn> columns;
  for (const std::string& statistic : statistics) {
    columns.push_back({what + ", " + (statistic == "mean" ? std::string("mean") : statistic), style, 14});
  }
  return columns;
}

// One row per cell of `summary` (leading axis "statistic"): its labels, then
// the statistics asked for.
std::vector<std::vector<SheetCell>> tidy_rows(const LabelledArray& summary,
                                              const std::vector<std::string>& statistics) {
  const Axis& stats = summary.axes().front();
  const std::size_t cells = summary.values().size() / stats.size();
  std::vector<std::vector<SheetCell>> rows;
  std::vector<std::size_t> index(summary.axes().size() - 1, 0);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    std::vector<SheetCell> row;
    for (std::size_t k = 0; k < index.size(); ++k) {
      const Axis& axis = summary.axes()[k + 1];
      if (axis.name == "year") {
        for (SheetCell& year : year_cells(axis, index[k])) row.push_back(year);
      } else {
        row.emplace_back(display_name(axis.labels[index[k]]));
      }
    }
    for (const std::string& statistic : statistics) {
      row.emplace_back(summary.values()[stats.index_of(statistic) * cells + cell]);
    }
    rows.push_back(std::move(row));
    for (std::size_t k = index.size(); k-- > 0;) {
      if (++index[k] < summary.axes()[k + 1].size()) break;
      index[k] = 0;
    }
  }
  return rows;
}

// Appends the statistics of a second summary with the same dimensions.
void append_statistics(std::vector<std::vector<SheetCell>>& rows, const LabelledArray& summary,
                       const std::vector<std::string>& statistics) {
  const std::vector<std::vector<SheetCell>> more = tidy_rows(summary, statistics);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    rows[r].insert(rows[r].end(), more[r].end() - static_cast<std::ptrdiff_t>(statistics.size()), more[r].end());
  }
}

// The column of `axis` among dimension_columns(summary).
std::size_t column_of(const LabelledArray& summary, const std::string& axis) {
  const std::size_t position = summary.axis_position(axis);
  const bool year_before = summary.has_axis("year") && summary.axis_position("year") < position;
  return position - 1 + (year_before ? 1 : 0);  // the year takes two columns
}

// Drops the rows of settings not in `settings`: those without beds or
// capacity are zero throughout and would only bury the rest.
void keep_settings(SheetTable& table, std::size_t column, const std::vector<std::string>& settings) {
  std::vector<std::string> shown;
  for (const std::string& setting : settings) shown.push_back(display_name(setting));
  std::erase_if(table.rows, [&](const std::vector<SheetCell>& row) {
    return std::find(shown.begin(), shown.end(), std::get<std::string>(row[column])) == shown.end();
  });
}

SheetTable absent_sheet(const std::string& name, const std::string& why) { return {name, {}, {}, why}; }

}  // namespace

SheetTable mtfp_bridge(const RunReader& run) {
  const std::string name = "MTFP bridge";
  if (!run.has_summary("mtfp_bridge")) return absent_sheet(name, no_money);
  const LabelledArray bridge = run.summary("mtfp_bridge").select("statistic", "mean");
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
        const double value = bridge.at_labels(
            {{"year", years.labels[y]}, {"budget_line", lines.labels[l]}, {"bridge_component", components[c]}});
        totals[c] += value;
        row.emplace_back(value);
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
  const LabelledArray per_line = bands(run, "net_spend", {"year", "budget_line"});
  const LabelledArray total = bands(run, "net_spend", {"year"});
  const LabelledArray budget = mean_of(run, "budget", {"year", "budget_line"});
  const LabelledArray occurred = run.summary("overspend_occurred").select("statistic", "mean");
  const std::vector<double> total_overspend = total_overspend_probability(run);
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
  for (std::size_t y = 0; y < years.size(); ++y) {
    double total_budget = 0.0;
    for (std::size_t l = 0; l < lines.size(); ++l) {
      std::vector<SheetCell> row = year_cells(years, y);
      row.emplace_back(display_name(lines.labels[l]));
      for (std::size_t s = 0; s < statistics.size(); ++s) row.emplace_back(per_line.at({s, y, l}));
      total_budget += budget.at({y, l});
      row.emplace_back(budget.at({y, l}));
      row.emplace_back(occurred.at({y, l}));
      table.rows.push_back(std::move(row));
    }
    std::vector<SheetCell> row = year_cells(years, y);
    row.emplace_back("All budget lines");
    for (std::size_t s = 0; s < statistics.size(); ++s) row.emplace_back(total.at({s, y}));
    row.emplace_back(total_budget);
    row.emplace_back(total_overspend[y]);
    table.rows.push_back(std::move(row));
  }
  return table;
}

SheetTable spend_by_setting(const RunReader& run) {
  const std::string name = "Spend by setting";
  if (!run.has_money()) return absent_sheet(name, no_money);
  const LabelledArray gross = run.summary("spend_gross");
  SheetTable table{name, dimension_columns(gross), tidy_rows(gross, {"mean"}), ""};
  append_statistics(table.rows, run.summary("spend_income"), {"mean"});
  append_statistics(table.rows, run.summary("spend_net"), {"mean"});
  for (const char* what : {"Gross spending, mean (£)", "Client income, mean (£)", "Net spending, mean (£)"}) {
    table.columns.push_back({what, CellStyle::pounds, 15});
  }
  return table;
}

SheetTable bed_nights(const RunReader& run) {
  const LabelledArray nights = run.summary("bed_nights");
  SheetTable table{"Bed nights", dimension_columns(nights), tidy_rows(nights, file_statistics), ""};
  for (SheetColumn& column : statistic_columns(file_statistics, "Nights", CellStyle::count))
    table.columns.push_back(column);
  keep_settings(table, column_of(nights, "setting"), settings_with_beds(run));
  return table;
}

SheetTable homecare_hours(const RunReader& run) {
  const LabelledArray delivered = run.summary("homecare_hours");
  SheetTable table{"Homecare hours", dimension_columns(delivered), tidy_rows(delivered, file_statistics), ""};
  append_statistics(table.rows, run.summary("unmet_homecare_hours"), file_statistics);
  for (SheetColumn& column : statistic_columns(file_statistics, "Hours delivered", CellStyle::count)) {
    table.columns.push_back(column);
  }
  for (SheetColumn& column : statistic_columns(file_statistics, "Hours unmet", CellStyle::count)) {
    table.columns.push_back(column);
  }
  return table;
}

SheetTable assumptions(const RunReader& run) {
  const ScenarioAssumptions listed = read_assumptions(run);
  SheetTable table{
      "Assumptions", {{"Assumption", CellStyle::text, 40}, {"Value", CellStyle::wrapped_text, 34}}, {}, ""};
  const bool drawn = run.has_summary("assumptions");
  const LabelledArray summary = drawn ? run.summary("assumptions") : LabelledArray();
  if (drawn) {
    for (SheetColumn& column : statistic_columns({"mean", "p5", "p95"}, "Drawn", CellStyle::ratio)) {
      table.columns.push_back(column);
    }
  }
  table.columns.push_back({"Source", CellStyle::wrapped_text, 70});
  table.columns.push_back({listed.recorded ? "Where" : "Where (not recorded in this run file)", CellStyle::text, 30});
  for (const AssumptionRow& row : listed.rows) {
    std::vector<SheetCell> cells{row.key, row.value};
    if (drawn) {
      for (const char* statistic : {"mean", "p5", "p95"}) {
        if (summary.axis("assumption").contains(row.key)) {
          cells.emplace_back(summary.at_labels({{"statistic", statistic}, {"assumption", row.key}}));
        } else {
          cells.emplace_back(std::string());
        }
      }
    }
    cells.emplace_back(row.source);
    cells.emplace_back(row.location);
    table.rows.push_back(std::move(cells));
  }
  return table;
}

SheetTable sensitivity(const RunReader& run) {
  const std::string name = "Sensitivity";
  if (!run.exists("/analysis/variance_share")) {
    return absent_sheet(name, "The sensitivity ranking of the assumptions: not recorded in this run file.");
  }
  const Axis scopes = run.dimension("spend_scope");
  SheetTable table{name, year_columns(), {}, ""};
  for (const SheetColumn& column : std::vector<SheetColumn>{{"Spend", CellStyle::text, 22},
                                                            {"Assumption", CellStyle::text, 40},
                                                            {"Share of the variance", CellStyle::share, 12},
                                                            {"Rank-regression coefficient", CellStyle::ratio, 14},
                                                            {"R² of the rank regression", CellStyle::share, 12}}) {
    table.columns.push_back(column);
  }
  for (const std::string& scope : scopes.labels) {
    for (const SensitivityRanking& ranking : read_sensitivity(run, scope)) {
      for (const auto& entry : ranking.entries) {
        table.rows.push_back({static_cast<double>(ranking.year), financial_year(ranking.year), display_name(scope),
                              entry.assumption, entry.variance_share, entry.coefficient, ranking.r_squared});
      }
    }
  }
  return table;
}

SheetTable grants(const RunReader& run) {
  if (!run.has_summary("grants")) return absent_sheet("Grants", no_money);
  const LabelledArray received = run.summary("grants");
  SheetTable table{"Grants", dimension_columns(received), tidy_rows(received, {"mean"}), ""};
  table.columns.push_back({"Received, mean (£)", CellStyle::pounds, 15});
  return table;
}

SheetTable clients(const RunReader& run) {
  const LabelledArray people = run.summary("clients");
  SheetTable table{"Clients", dimension_columns(people), tidy_rows(people, file_statistics), ""};
  for (SheetColumn& column : statistic_columns(file_statistics, "Clients at year end", CellStyle::decimal)) {
    table.columns.push_back(column);
  }
  return table;
}

SheetTable capacity(const RunReader& run) {
  const LabelledArray occupancy = run.summary("occupancy");
  SheetTable table{"Capacity", dimension_columns(occupancy), tidy_rows(occupancy, {"mean"}), ""};
  append_statistics(table.rows, run.summary("occupied_places"), {"mean"});
  append_statistics(table.rows, run.summary("out_of_area_placements"), {"mean"});
  table.columns.push_back({"Occupancy, mean", CellStyle::share, 12});
  table.columns.push_back({"Places occupied, mean", CellStyle::decimal, 12});
  table.columns.push_back({"Placements out of county, mean", CellStyle::decimal, 14});
  std::vector<std::string> used;
  const LabelledArray by_setting = occupancy.select("statistic", "mean").sum_all_but({"setting"});
  const LabelledArray placed = mean_of(run, "out_of_area_placements", {"setting"});
  for (std::size_t s = 0; s < by_setting.values().size(); ++s) {
    if (by_setting.values()[s] > 0.0 || placed.values()[s] > 0.0) used.push_back(by_setting.axes()[0].labels[s]);
  }
  keep_settings(table, column_of(occupancy, "setting"), used);
  return table;
}

SheetTable about(const RunReader& run) {
  const RunInfo& info = run.info();
  SheetTable table{"About this run", {{"", CellStyle::header, 22}, {"", CellStyle::wrapped_text, 80}}, {}, ""};
  table.columns[0].header = "Field";
  table.columns[1].header = "Value";
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"Scenario", info.title},
      {"Scenario file", info.scenario_file},
      {"Model", info.model_name + " " + info.model_version},
      {"Years", financial_year(info.first_year) + " to " + financial_year(info.last_year)},
      {"Replicates", std::to_string(info.replicates)},
      {"Seed", std::to_string(info.seed)},
      {"Run file", info.path.filename().string()},
      {"Created (UTC)", info.created_utc},
      {"carecast version", info.carecast_version},
      {"Git revision", info.git_revision},
      {"Scenario SHA-256", info.scenario_sha256},
      {"Statistics", "mean over replicates; p5, p25, p50, p75, p95: type-7 percentiles across replicates"},
      {"Money", "cash prices, pounds; financial years April to March"}};
  for (const auto& [field, value] : fields) table.rows.push_back({field, value});
  return table;
}

}  // namespace carecast::report::sheets
