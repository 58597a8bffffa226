// The assumptions section of the briefing: every assumption with its value
// and source, and which uncertain assumptions drive the spread of spend.

#include <fmt/core.h>

#include <algorithm>
#include <filesystem>

#include "briefing_sections.h"
#include "carecast/report/assumptions.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/model_notes.h"

namespace carecast::report::briefing {
namespace {

// Tornado bars beyond this many are listed in the table only.
constexpr std::size_t tornado_bars = 15;

// Each assumption by a plain label, its sources by document title; the
// dotted key, which the workbook and CSV use, in the last column.
std::string assumption_table(const Context& context, const ScenarioAssumptions& assumptions) {
  HtmlTable table;
  table.css_class = "assumptions";
  table.caption = assumptions.recorded ? "Assumptions of the scenario" : "Assumptions as written in the scenario text";
  table.header = {"Assumption", "Value", "Source"};
  if (assumptions.recorded) table.header.push_back("Where");
  table.header.push_back("Key");
  table.text_columns = table.header.size();
  for (const AssumptionRow& row : assumptions.rows) {
    std::vector<std::string> cells{context.labels.assumption_label(row.key), row.value,
                                   with_document_titles(row.citation(), context.sources)};
    if (assumptions.recorded) cells.push_back(std::filesystem::path(row.location).filename().string());
    cells.push_back(row.key);
    table.rows.push_back(cells);
  }
  return table.render();
}

std::string drawn_table(const Context& context, const std::vector<DrawnAssumption>& drawn) {
  const auto number = [](double value) { return fmt::format("{:.4g}", value); };
  HtmlTable table;
  table.css_class = "drawn";
  table.caption = "Uncertain assumptions: what each replicate draws";
  table.header = {"Assumption", "Drawn from", "Where", "Mean", "5th percentile", "95th percentile", "Key"};
  table.text_columns = 3;
  for (const DrawnAssumption& assumption : drawn) {
    table.rows.push_back({context.labels.assumption_label(assumption.key), assumption.distribution,
                          std::filesystem::path(assumption.location).filename().string(), number(assumption.mean),
                          number(assumption.p5), number(assumption.p95), assumption.key});
  }
  return table.render();
}

std::string sensitivity(const Context& context) {
  const std::vector<SensitivityRanking> rankings = read_sensitivity(context.run, "total");
  if (rankings.empty()) return absent("The sensitivity ranking of the assumptions");
  const auto final =
      std::max_element(rankings.begin(), rankings.end(), [](const auto& a, const auto& b) { return a.year < b.year; });
  std::string html = paragraph(fmt::format(
      "Which uncertain assumptions drive the spread of total net spend in {}: each bar is the assumption's share of "
      "the variance, to the right when a higher value raises spending and to the left when it lowers it; in brackets "
      "the standardised rank-regression coefficient. The ranks explain {} of the variance (R²).",
      financial_year(final->year), percent(final->r_squared)));
  std::vector<TornadoBar> bars;
  for (const auto& entry : final->entries) {
    if (bars.size() == tornado_bars) break;
    bars.push_back({context.labels.assumption_label(entry.assumption), entry.variance_share, entry.coefficient});
  }
  ChartSpec spec;
  spec.title = "What drives the uncertainty in net spend, " + financial_year(final->year);
  spec.description = "Assumptions ranked by their share of the variance of total net spend";
  html += figure(tornado_chart(spec, bars), spec.title + ": share of the variance of total net spend.");

  for (const SensitivityRanking& ranking : rankings) {
    HtmlTable table;
    table.caption = "Total net spend, " + financial_year(ranking.year) + " (R² " + percent(ranking.r_squared) + ")";
    table.header = {"Assumption", "Drawn from", "Share of the variance", "Rank-regression coefficient"};
    table.text_columns = 2;
    for (const auto& entry : ranking.entries) {
      table.rows.push_back({context.labels.assumption_label(entry.assumption), entry.distribution, percent(entry.variance_share, 1),
                            fmt::format("{:+.2f}", entry.coefficient)});
    }
    html += table.render();
  }
  return html;
}

}  // namespace

std::string assumptions_section(const Context& context) {
  const ScenarioAssumptions assumptions = read_assumptions(context.run);
  std::string body;
  if (assumptions.recorded) {
    body += paragraph(
        "Every assumption of the scenario with its value, or the distribution it is drawn from, and "
        "the source it cites.");
  } else {
    body += absent("The table of the scenario's assumptions with their locations");
    body += paragraph(
        "Listed instead from the scenario text the run file keeps: each value with the source, "
        "derivation or assumption written beside it.");
  }
  body += assumption_table(context, assumptions);
  body += "<h3>What drives the uncertainty</h3>\n";
  const std::vector<DrawnAssumption> drawn = read_drawn_assumptions(context.run);
  body += drawn.empty() ? absent("Assumptions drawn afresh in each replicate") : drawn_table(context, drawn);
  body += sensitivity(context);
  return section("assumptions", "Assumptions and what drives the uncertainty", body);
}

}  // namespace carecast::report::briefing
