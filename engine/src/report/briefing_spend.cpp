// The briefing's spend section: net spend on care packages by setting and
// by budget line, how gross spending comes to net spend (every row adds
// up), and the pounds a point more of pay, contract or care wage inflation
// adds.

#include <algorithm>

#include "briefing_sections.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/run_figures.h"

namespace carecast::report::briefing {
namespace {

constexpr double million = 1e6;

// Gross less income gives net on care packages; that, other costs, the
// unreconciled amount where carried, less savings, gives net spend. Income
// and savings are shown negative so that each row adds up as it reads.
std::string gross_to_net_table(const Context& context) {
  const RunReader& run = context.run;
  const bool carried = run.info().unreconciled_mode == "carry" && run.has_summary(QuantityId::unreconciled);
  const bool savings = run.has_summary(QuantityId::savings_delivered);
  HtmlTable table;
  table.caption = "From gross spending to net spend, all budget lines (£m, means)";
  table.header = {"Year", "Gross on care packages", "Client income", "Net on care packages", "Other costs and income"};
  if (carried) table.header.push_back("Unreconciled, carried");
  if (savings) table.header.push_back("Savings delivered");
  table.header.push_back("Net spend");
  table.header.push_back("Grants received (not netted off)");
  const LabelledArray gross = mean_of(run, QuantityId::spend_gross, {"year"});
  const LabelledArray income = mean_of(run, QuantityId::spend_income, {"year"});
  const LabelledArray packages = mean_of(run, QuantityId::spend_net, {"year"});
  const LabelledArray other = mean_of(run, QuantityId::other_costs, {"year"});
  const LabelledArray net = mean_of(run, QuantityId::net_spend, {"year"});
  const LabelledArray unreconciled = carried ? mean_of(run, QuantityId::unreconciled, {"year"}) : LabelledArray();
  const LabelledArray delivered = savings ? mean_of(run, QuantityId::savings_delivered, {"year"}) : LabelledArray();
  const bool grants = run.has_summary(QuantityId::grants);
  const LabelledArray received = grants ? mean_of(run, QuantityId::grants, {"year"}) : LabelledArray();
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    std::vector<std::string> row{context.year_labels[y], millions_cell(gross.at({y})), millions_cell(-income.at({y})),
                                 millions_cell(packages.at({y})), millions_cell(other.at({y}))};
    if (carried) row.push_back(millions_cell(unreconciled.at({y})));
    if (savings) row.push_back(millions_cell(-delivered.at({y})));
    row.push_back(millions_cell(net.at({y})));
    row.push_back(grants ? millions_cell(received.at({y})) : "-");
    table.rows.push_back(std::move(row));
  }
  table.css_class = "wide";
  return table.render() +
         paragraph(
             "Gross spending on care packages less client income (shown negative) is net spending on care "
             "packages; with the lines' other costs (named costs outside care packages less their health and "
             "other income)" +
                 std::string(carried ? ", the unreconciled part of the base budget" : "") +
                 " and less the savings delivered (shown negative), it is net spend. Each row adds up, to "
                 "rounding. Grants are shown as received and are not netted off.",
             "note");
}

// £ per percentage point of pay, contract and (where the scenario has an
// index for them) care wage inflation, all lines.
std::string inflation_point_table(const Context& context) {
  const RunReader& run = context.run;
  if (!run.has_summary(QuantityId::spend_per_inflation_point)) return "";
  const LabelledArray effect = mean_of(run, QuantityId::spend_per_inflation_point, {"year", "inflation_change"});
  const Axis& changes = effect.axis("inflation_change");
  const std::string first = context.year_labels[0];
  std::vector<std::pair<std::string, std::string>> indexes{{"pay", "Pay"}, {"contract", "Contract"}};
  if (changes.contains("care_wage_from_first_year")) {
    if (!all_zero(effect.select("inflation_change", "care_wage_from_first_year"))) {
      indexes.emplace_back("care_wage", "Care wages");
    }
  }
  HtmlTable table;
  table.caption = "Net spend that 1 percentage point more inflation adds, all budget lines (£m, means)";
  table.header = {"Year"};
  for (const auto& [id, name] : indexes) {
    table.header.push_back(name + ": that year alone");
    table.header.push_back(name + ": every year from " + first);
  }
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    std::vector<std::string> row{context.year_labels[y]};
    for (const auto& [id, name] : indexes) {
      for (const std::string& when : {id + "_in_year", id + "_from_first_year"}) {
        row.push_back(with_thousands(effect.at({y, changes.index_of(when)}) / million, 2));
      }
    }
    table.rows.push_back(std::move(row));
  }
  table.css_class = "wide";
  return table.render() +
         paragraph(
             "From what the model prices: the spending moved by pay inflation (pay-indexed settings and "
             "staffing), by contract inflation (fees, in the share that is not care staff pay where the scenario "
             "indexes care wages apart, and contract-indexed costs and income) and by care wage inflation (the "
             "labour share of fees). A point more in one year raises prices for good, so it adds about as much, "
             "growing with spending, to every later year; a point more in every year compounds. Unit costs are in "
             "the scenario's price year, so a point more in that year or before lowers the years before it instead.",
             "note");
}

}  // namespace

std::string spend_section(const Context& context) {
  const RunReader& run = context.run;
  const std::string title = "Spend by setting and budget line";
  if (!run.has_money()) return section("spend", title, absent(no_money));
  std::string body;

  const LabelledArray by_setting = mean_of(run, QuantityId::spend_net, {"year", "setting"});
  std::vector<Series> settings = series_per_label(by_setting, "setting", million);
  std::erase_if(settings, [](const Series& series) {
    return std::all_of(series.values.begin(), series.values.end(), [](double v) { return v == 0.0; });
  });
  body += figure(stacked_columns(money_chart(context, "Net spend on care packages by setting",
                                             "Mean net spend on care packages per year, stacked by care setting"),
                                 settings),
                 "Net spend on care packages (gross less client income) by setting, means (£m).");
  HtmlTable table;
  table.caption = "Net spend on care packages by setting (£m, means)";
  table.header = {"Year"};
  for (const std::string& setting : by_setting.axis("setting").labels) table.header.push_back(display_name(setting));
  table.header.push_back("Total");
  table.rows = rows_per_year(context, by_setting, "setting", millions_cell);
  table.css_class = "wide";
  body += table.render();

  const LabelledArray by_line = mean_of(run, QuantityId::net_spend, {"year", "budget_line"});
  body += figure(stacked_columns(money_chart(context, "Net spend by budget line",
                                             "Mean net spend per year, stacked by budget line"),
                                 series_per_label(by_line, "budget_line", million)),
                 "Net spend by budget line, means (£m).");

  body += gross_to_net_table(context);
  body += inflation_point_table(context);
  return section("spend", title, body);
}

}  // namespace carecast::report::briefing
