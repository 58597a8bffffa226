// The money sections of the briefing: net spend against budget and the MTFP
// bridge (spend by setting and budget line is in briefing_spend.cpp).

#include <fmt/core.h>

#include <algorithm>

#include "briefing_sections.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/run_figures.h"

namespace carecast::report::briefing {
namespace {

constexpr double million = 1e6;

}  // namespace

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

namespace {

// The whole service's net spend per year: budget, mean and percentiles,
// then the chance and the expected size of an overspend. An expected-mode
// run has one path, so no percentiles or chances: the table shows its net
// spend and how far it is above the budget.
std::string total_table(const Context& context, const LabelledArray& total, const LabelledArray& budget) {
  const bool one_path = context.run.info().expected();
  const std::vector<double> chance = total_overspend_probability(context.run);
  const std::vector<double> expected = total_expected_overspend(context.run);
  HtmlTable table;
  table.caption = "Net spend, all budget lines (£m, cash)";
  table.header = one_path ? std::vector<std::string>{"Year", "Budget", "Net spend", "Overspend"}
                          : std::vector<std::string>{"Year", "Budget", "Mean", "p5", "p25", "p50", "p75", "p95",
                                                     "P(overspend)", "Expected overspend"};
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    std::vector<std::string> row{context.year_labels[y], millions_cell(budget.at({y}))};
    for (const char* name : {"mean", "p5", "p25", "p50", "p75", "p95"}) {
      row.push_back(millions_cell(total.at({total.axes()[0].index_of(name), y})));
      if (one_path) break;
    }
    if (!one_path) row.push_back(percent(chance[y]));
    row.push_back(millions_cell(expected[y]));
    table.rows.push_back(row);
  }
  return table.render() +
         paragraph(one_path ? "Overspend: net spend above the budget, 0 where within it (one path: no range or chance)."
                            : "Expected overspend: the mean over replicates of net spend above the budget, counting a "
                              "replicate within budget as nothing; P(overspend): the share of replicates above it.",
                   "note");
}

// Each line's net spend per year as numbers beside its chart: the mean and
// the 90% range.
std::string per_line_spend_table(const Context& context, const LabelledArray& per_line) {
  const Axis& lines = per_line.axis("budget_line");
  const Axis& statistics = per_line.axes()[0];
  HtmlTable table;
  const bool one_path = context.run.info().expected();
  table.caption = one_path ? "Net spend by budget line (£m, cash)"
                           : "Net spend by budget line (£m, cash): mean and 90% range (p5 to p95)";
  table.header = {"Year"};
  for (const std::string& line : lines.labels) {
    table.header.push_back(display_name(line));
    if (!one_path) table.header.push_back("90% range");
  }
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    std::vector<std::string> row{context.year_labels[y]};
    for (std::size_t l = 0; l < lines.size(); ++l) {
      const auto at = [&](const char* name) { return per_line.at({statistics.index_of(name), y, l}); };
      row.push_back(millions_cell(at("mean")));
      if (!one_path) row.push_back(millions_cell(at("p5")) + " to " + millions_cell(at("p95")));
    }
    table.rows.push_back(row);
  }
  table.css_class = "wide";
  return table.render();
}

// Per line and for the whole service: the chance of an overspend and its
// expected size.
std::string per_line_overspend_table(const Context& context, const Axis& lines) {
  const RunReader& run = context.run;
  const LabelledArray chance = run.summary(QuantityId::overspend_occurred).select("statistic", "mean").sum_all_but({"year", "budget_line"});
  const LabelledArray expected = mean_of(run, QuantityId::overspend, {"year", "budget_line"});
  const std::vector<double> total_chance = total_overspend_probability(run);
  const std::vector<double> total_expected = total_expected_overspend(run);
  const bool one_path = run.info().expected();
  HtmlTable table;
  table.caption = one_path ? "Overspend (£m), by budget line" : "Chance of an overspend and its expected size (£m), by budget line";
  table.header = {"Year"};
  for (const std::string& line : lines.labels) {
    if (!one_path) table.header.push_back(display_name(line));
    table.header.push_back(one_path ? display_name(line) : "Expected (£m)");
  }
  if (!one_path) table.header.push_back("All lines");
  table.header.push_back(one_path ? "All lines" : "Expected (£m)");
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    std::vector<std::string> row{context.year_labels[y]};
    for (std::size_t l = 0; l < lines.size(); ++l) {
      if (!one_path) row.push_back(percent(chance.at({y, l})));
      row.push_back(millions_cell(expected.at({y, l})));
    }
    if (!one_path) row.push_back(percent(total_chance[y]));
    row.push_back(millions_cell(total_expected[y]));
    table.rows.push_back(row);
  }
  table.css_class = "wide";
  return table.render();
}

}  // namespace

std::string headline_section(const Context& context) {
  const RunReader& run = context.run;
  if (!run.has_money()) return section("headline", "Net spend against budget", absent(no_money));
  const LabelledArray total = bands(run, QuantityId::net_spend, {"year"});
  const LabelledArray budget = mean_of(run, QuantityId::budget, {"year"});

  std::string body = paragraph(headline_words(context, total, budget, total_overspend_probability(run)));
  const std::string path = budget_path_words(run.info());
  if (!path.empty()) body += paragraph(path);

  body +=
      figure(fan_chart(money_chart(context, "Net spend against budget, all budget lines",
                                   "Median net spend per financial year with its 50% and 90% ranges, and the budget"),
                       {fan_of("Net spend", total, million)}, {series_of(quantity_name(QuantityId::budget), budget, million)}),
             "Net spend per year, all budget lines: median, middle 50% and 90% range, against the budget (dashed).");
  body += total_table(context, total, budget);

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
  body += per_line_spend_table(context, per_line);
  body += per_line_overspend_table(context, lines);
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
      "Each year is built as the council builds its budget: the first year from the council's revised base budget "
      "and its rebase (Table D), each later year from the year before's budget (the budget path). The pressure is "
      "what the model spent in the year before above that budget: it carries the gap forward, so the parts add up to "
      "the modelled net spend. Then pay inflation, contract inflation, growth in demand and the change in savings and "
      "policy effects delivered. Means over replicates, in £000; negative figures reduce spending.");

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
      // After the first year the base and the pressure add up to the year
      // before's net spend, the bar the waterfall already stands on.
      if (id == "base" || id == "pressure") {
        if (y == 0 && id == "base") steps.push_back({"Base " + financial_year(context.years[0] - 1), totals[c] / million, true});
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

}  // namespace carecast::report::briefing
