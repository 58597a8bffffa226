// The money sections of the briefing: net spend against budget, the MTFP
// bridge, and spend by setting and budget line.

#include <fmt/core.h>

#include <algorithm>

#include "briefing_sections.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/run_figures.h"

namespace carecast::report::briefing {
namespace {

constexpr double million = 1e6;
const std::string no_money = "Spending, the budget and the bridge (this run's scenario has no money section)";

ChartSpec money_chart(const Context& context, const std::string& title, const std::string& description) {
  ChartSpec spec;
  spec.title = title;
  spec.description = description;
  spec.categories = context.year_labels;
  spec.value_prefix = "£";
  spec.value_suffix = "m";
  spec.value_axis_label = "£m, cash";
  return spec;
}

std::string millions_cell(double pounds) { return with_thousands(pounds / million, 1); }

}  // namespace

// The first and last years' net spend against the budget, in words; a run
// in the expected mode has one path, so no range and no chance to give.
std::string headline_words(const Context& context, const LabelledArray& total, const LabelledArray& budget,
                           const std::vector<double>& overspend) {
  const std::size_t last = context.years.size() - 1;
  const auto statistic = [&](const char* name, std::size_t y) { return pounds_millions(total.at({total.axes()[0].index_of(name), y})); };
  if (context.run.info().expected()) {
    return fmt::format(
        "In {} net spend on adult social care is expected to be {} against a budget of {}; by {}, {} against {}. This "
        "run is in the expected mode, so it gives no range and no chance of an overspend.",
        context.year_labels[0], statistic("mean", 0), pounds_millions(budget.at({0})), context.year_labels[last],
        statistic("mean", last), pounds_millions(budget.at({last})));
  }
  return fmt::format(
      "In {} net spend on adult social care is expected to be {} (90% range {} to {}) against a budget of {}; the "
      "chance of spending more than the budget is {}. By {} the expected net spend is {} (90% range {} to {}) against "
      "{}, with a {} chance of an overspend.",
      context.year_labels[0], statistic("mean", 0), statistic("p5", 0), statistic("p95", 0), pounds_millions(budget.at({0})),
      percent(overspend[0]), context.year_labels[last], statistic("mean", last), statistic("p5", last),
      statistic("p95", last), pounds_millions(budget.at({last})), percent(overspend[last]));
}

std::string headline_section(const Context& context) {
  const RunReader& run = context.run;
  if (!run.has_money()) return section("headline", "Net spend against budget", absent(no_money));
  const LabelledArray total = bands(run, QuantityId::net_spend, {"year"});
  const LabelledArray budget = mean_of(run, QuantityId::budget, {"year"});
  const std::vector<double> overspend = total_overspend_probability(run);
  const auto statistic = [&](const LabelledArray& array, const char* name, std::size_t y) {
    return array.at({array.axes()[0].index_of(name), y});
  };

  std::string body = paragraph(headline_words(context, total, budget, overspend));

  body +=
      figure(fan_chart(money_chart(context, "Net spend against budget, all budget lines",
                                   "Median net spend per financial year with its 50% and 90% ranges, and the budget"),
                       {fan_of("Net spend", total, million)}, {series_of(quantity_name(QuantityId::budget), budget, million)}),
             "Net spend per year, all budget lines: median, middle 50% and 90% range, against the budget (dashed).");

  HtmlTable table;
  table.caption = "Net spend, all budget lines (£m, cash)";
  table.header = {"Year", "Budget", "Mean", "p5", "p25", "p50", "p75", "p95", "P(overspend)"};
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    std::vector<std::string> row{context.year_labels[y], millions_cell(budget.at({y}))};
    for (const char* name : {"mean", "p5", "p25", "p50", "p75", "p95"}) {
      row.push_back(millions_cell(statistic(total, name, y)));
    }
    row.push_back(percent(overspend[y]));
    table.rows.push_back(row);
  }
  body += table.render();

  body += "<h3>By budget line</h3>\n<div class=\"grid\">\n";
  const LabelledArray per_line = bands(run, QuantityId::net_spend, {"year", "budget_line"});
  const LabelledArray line_budget = mean_of(run, QuantityId::budget, {"year", "budget_line"});
  const Axis& lines = per_line.axis("budget_line");
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const std::string name = display_name(lines.labels[l]);
    ChartSpec spec = money_chart(context, name + ": net spend against budget", "Median, 50% and 90% ranges, budget");
    spec.width = 340;
    spec.height = 220;
    spec.legend = false;
    body += figure(fan_chart(spec, {fan_of(name, per_line.select("budget_line", l), million)},
                             {series_of(quantity_name(QuantityId::budget), line_budget.select("budget_line", l), million)}),
                   name);
  }
  body += "</div>\n";

  const LabelledArray occurred = run.summary(QuantityId::overspend_occurred).select("statistic", "mean");
  HtmlTable chances;
  chances.caption = "Chance of an overspend, by budget line (share of replicates above budget)";
  chances.header = {"Year"};
  for (const std::string& line : lines.labels) chances.header.push_back(display_name(line));
  chances.header.push_back("All lines");
  const auto rows = rows_per_year(
      context, occurred, "budget_line", [](double p) { return percent(p); }, false);
  for (std::size_t y = 0; y < rows.size(); ++y) {
    std::vector<std::string> row = rows[y];
    row.push_back(percent(overspend[y]));
    chances.rows.push_back(row);
  }
  body += chances.render();
  return section("headline", "Net spend against budget", body);
}

// What the model leaves unexplained of the council's base, by line, in the
// first year: shown beside the bridge it is carried in.
std::string reconciliation_table(const Context& context) {
  const RunReader& run = context.run;
  if (!run.has_summary(QuantityId::unreconciled)) return "";
  const LabelledArray unreconciled = mean_of(run, QuantityId::unreconciled, {"year", "budget_line"});
  const LabelledArray budget = mean_of(run, QuantityId::budget, {"year", "budget_line"});
  const Axis& lines = unreconciled.axis("budget_line");
  HtmlTable table;
  table.caption = "The base year reconciled: what the model does not explain, " + context.year_labels[0];
  table.header = {"Budget line", "Unreconciled (£000)", "Share of the line's budget"};
  for (std::size_t l = 0; l < lines.size(); ++l) {
    const double amount = unreconciled.at({0, l});
    const double line_budget = budget.at({0, l});
    table.rows.push_back({display_name(lines.labels[l]), pounds_thousands(amount),
                          line_budget != 0.0 ? percent(amount / line_budget) : "-"});
  }
  return table.render() +
         paragraph("The model prices the base caseload and the line's named costs outside care packages and sets them "
                   "against the council's base budget with its own adjustments (virements, structural deficit, "
                   "rebase). The unreconciled amount is what is left: positive where the model explains less than the "
                   "budget holds, negative where it explains more. It is computed, not assumed, and carried into "
                   "every year at contract prices.",
                   "note");
}

std::string bridge_section(const Context& context) {
  const RunReader& run = context.run;
  const std::string title = "Medium Term Financial Plan bridge";
  if (!run.has_summary(QuantityId::mtfp_bridge)) return section("bridge", title, absent(no_money));
  const LabelledArray bridge = run.summary(QuantityId::mtfp_bridge).select("statistic", "mean");
  const Axis& lines = bridge.axis("budget_line");
  const std::vector<std::string> components = bridge_columns(bridge.axis("bridge_component"));
  std::string body = paragraph(
      "Each year's net budget is built as the council builds it: the year before's net spending (the revised base), "
      "plus pay inflation, contract inflation and growth in demand, the rebase of the first year, and the change in "
      "savings and policy effects delivered. Means over replicates, in £000; negative figures reduce the budget.");

  const std::size_t shown = std::min<std::size_t>(3, context.years.size());
  std::vector<WaterfallStep> steps;
  for (std::size_t y = 0; y < shown; ++y) {
    HtmlTable table;
    table.caption = context.year_labels[y] + " (£000)";
    table.header = {"Budget line"};
    for (const std::string& id : components) table.header.push_back(bridge_column_name(id));
    std::vector<double> totals(components.size(), 0.0);
    for (std::size_t l = 0; l < lines.size(); ++l) {
      std::vector<std::string> row{display_name(lines.labels[l])};
      for (std::size_t c = 0; c < components.size(); ++c) {
        const double value = bridge.at_labels({{"year", bridge.axis("year").labels[y]},
                                               {"budget_line", lines.labels[l]},
                                               {"bridge_component", components[c]}});
        totals[c] += value;
        row.push_back(pounds_thousands(value));
      }
      table.rows.push_back(row);
    }
    std::vector<std::string> total_row{"Total"};
    for (double total : totals) total_row.push_back(pounds_thousands(total));
    table.rows.push_back(total_row);
    table.total_rows = {lines.size()};
    table.css_class = "wide";
    body += table.render();

    for (std::size_t c = 0; c < components.size(); ++c) {
      const std::string& id = components[c];
      if (id == "base") {
        if (y == 0) steps.push_back({"Base " + financial_year(context.years[0] - 1), totals[c] / million, true});
      } else if (id == "net") {
        steps.push_back({"Net " + context.year_labels[y], totals[c] / million, true});
      } else if (totals[c] != 0.0) {
        steps.push_back({bridge_column_name(id), totals[c] / million, false});
      }
    }
  }
  ChartSpec spec = money_chart(context, "MTFP bridge, all budget lines",
                               "The base budget carried through each year's changes to the next year's net budget");
  body +=
      figure(waterfall_chart(spec, steps), "The bridge for all budget lines over the first " + std::to_string(shown) +
                                               " years: each year's changes carry the net budget from the base (£m, "
                                               "means; the axis does not start at zero).");
  body += reconciliation_table(context);
  return section("bridge", title, body);
}

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

  HtmlTable lines;
  lines.caption = "From gross spending to net spend, all budget lines (£m, means)";
  lines.header = {"Year",        "Gross on care packages", "Client income", "Net on care packages", "Other costs",
                  "Unreconciled", "Net spend",              "Grants received"};
  const LabelledArray gross = mean_of(run, QuantityId::spend_gross, {"year"});
  const LabelledArray income = mean_of(run, QuantityId::spend_income, {"year"});
  const LabelledArray packages = mean_of(run, QuantityId::spend_net, {"year"});
  const LabelledArray other = mean_of(run, QuantityId::other_costs, {"year"});
  const LabelledArray net = mean_of(run, QuantityId::net_spend, {"year"});
  const bool grants = run.has_summary(QuantityId::grants);
  const LabelledArray received = grants ? mean_of(run, QuantityId::grants, {"year"}) : LabelledArray();
  const bool reconciled = run.has_summary(QuantityId::unreconciled);
  const LabelledArray unreconciled = reconciled ? mean_of(run, QuantityId::unreconciled, {"year"}) : LabelledArray();
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    lines.rows.push_back({context.year_labels[y], millions_cell(gross.at({y})), millions_cell(income.at({y})),
                          millions_cell(packages.at({y})), millions_cell(other.at({y})),
                          reconciled ? millions_cell(unreconciled.at({y})) : "-", millions_cell(net.at({y})),
                          grants ? millions_cell(received.at({y})) : "-"});
  }
  body += lines.render();
  body += paragraph(
      "Net spend is net spending on care packages plus other costs (named costs outside care packages, less the "
      "lines' health and other income) and the unreconciled amount where the scenario carries it, less savings "
      "delivered; grants are shown as received and are not netted off.",
      "note");
  return section("spend", title, body);
}

}  // namespace carecast::report::briefing
