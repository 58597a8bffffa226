// The workbook's sheets about the run: its assumptions, their sensitivity,
// and where the numbers come from.

#include "carecast/report/assumptions.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/run_figures.h"
#include "workbook_tidy.h"

namespace carecast::report::sheets {

SheetTable assumptions(const RunReader& run) {
  const ScenarioAssumptions listed = read_assumptions(run);
  SheetTable table{"Assumptions",
                   {{"Assumption", CellStyle::text, 40},
                    {"Value", CellStyle::wrapped_text, 34},
                    {"Source", CellStyle::wrapped_text, 70},
                    {listed.recorded ? "Where" : "Where (not recorded in this run file)", CellStyle::text, 30}},
                   {},
                   ""};
  for (const AssumptionRow& row : listed.rows) {
    table.rows.push_back({row.key, row.value, row.citation(), row.location});
  }
  return table;
}

SheetTable uncertain_assumptions(const RunReader& run) {
  const std::string name = "Uncertain assumptions";
  const std::vector<DrawnAssumption> drawn = read_drawn_assumptions(run);
  if (drawn.empty())
    return absent_sheet(name, "Assumptions drawn afresh in each replicate: not recorded in this run file.");
  SheetTable table{
      name,
      {{"Assumption", CellStyle::text, 40}, {"Drawn from", CellStyle::text, 40}, {"Where", CellStyle::text, 30}},
      {},
      ""};
  for (SheetColumn& column : statistic_columns(file_statistics, "Drawn", CellStyle::ratio)) {
    table.columns.push_back(column);
  }
  for (const DrawnAssumption& assumption : drawn) {
    table.rows.push_back({assumption.key, assumption.distribution, assumption.location, assumption.mean, assumption.p5,
                          assumption.p50, assumption.p95});
  }
  return table;
}

SheetTable sensitivity(const RunReader& run) {
  const std::string name = "Sensitivity";
  if (!run.has_analysis(QuantityId::variance_share)) {
    return absent_sheet(name, "The sensitivity ranking of the assumptions: not recorded in this run file.");
  }
  const Axis scopes = run.dimension("spend_scope");
  SheetTable table{name, year_columns(), {}, ""};
  for (const SheetColumn& column : std::vector<SheetColumn>{{"Spend", CellStyle::text, 22},
                                                            {"Assumption", CellStyle::text, 40},
                                                            {"Drawn from", CellStyle::text, 36},
                                                            {"Share of the variance", CellStyle::share, 12},
                                                            {"Rank-regression coefficient", CellStyle::ratio, 14},
                                                            {"R² of the rank regression", CellStyle::share, 12}}) {
    table.columns.push_back(column);
  }
  for (const std::string& scope : scopes.labels) {
    for (const SensitivityRanking& ranking : read_sensitivity(run, scope)) {
      for (const auto& entry : ranking.entries) {
        table.rows.push_back({static_cast<double>(ranking.year), financial_year(ranking.year), display_name(scope),
                              entry.assumption, entry.distribution, entry.variance_share, entry.coefficient,
                              ranking.r_squared});
      }
    }
  }
  return table;
}

SheetTable about(const RunReader& run) {
  const RunInfo& info = run.info();
  SheetTable table{"About this run", {{"", CellStyle::header, 22}, {"", CellStyle::wrapped_text, 80}}, {}, ""};
  table.columns[0].header = "Field";
  table.columns[1].header = "Value";
  const std::vector<std::pair<std::string, std::string>> fields = {
      {"Scenario", info.title},
      {"Scenario file", info.scenario_file_name()},
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
