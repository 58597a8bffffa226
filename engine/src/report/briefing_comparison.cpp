// The comparison section of the briefing: two scenarios side by side and
// their difference per year.

#include <fmt/core.h>

#include "briefing_sections.h"
#include "carecast/report/comparison.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/run_figures.h"

namespace carecast::report::briefing {
namespace {

constexpr double million = 1e6;

// B - A by budget line, setting or district in the first, third and last
// years: mean, and the 90% range when paired.
std::string breakdown_table(const Context& a, const ComparedBreakdown& breakdown) {
  const LabelledArray& bands = breakdown.difference;
  const auto cell = [&](double value) { return bands.units() == "GBP" ? pounds_millions(value) : with_thousands(value); };
  const std::vector<std::size_t> shown = headline_years(a.years.size());
  HtmlTable table;
  table.caption = "B - A, " + breakdown_title(breakdown) +
                  (bands.axes()[0].contains("p5") ? ": mean (90% range)" : ": difference of the means");
  table.header = {display_name(breakdown.dimension)};
  for (const std::size_t y : shown) table.header.push_back(a.year_labels[y]);
  const Axis& labels = bands.axis(breakdown.dimension);
  for (std::size_t k = 0; k < labels.size(); ++k) {
    std::vector<std::string> row{display_name(labels.labels[k])};
    for (const std::size_t y : shown) row.push_back(mean_and_range(bands.select(breakdown.dimension, k), y, cell));
    table.rows.push_back(std::move(row));
  }
  table.css_class = "wide";
  return table.render();
}

}  // namespace

std::string comparison_section(const Context& a, const Context& b) {
  const Comparison comparison = compare_runs(a.run, b.run);
  const std::string name_a = "A: " + a.run.info().title;
  const std::string name_b = "B: " + b.run.info().title;
  std::string body = paragraph(name_a + ". " + name_b + ".");
  body += paragraph(comparison.paired
                        ? fmt::format("Both runs share a seed, so each replicate of B met the same chance events as the "
                                      "same replicate of A: B - A is taken replicate by replicate, over the {} replicates "
                                      "both runs have, and its range is the range of the difference itself.",
                                      comparison.shared_replicates)
                        : "The runs have different seeds, so only the difference of the means is shown.",
                    "note");

  if (comparison.money) {
    const ComparedQuantity& net = comparison.quantity(QuantityId::net_spend);
    ChartSpec spec;
    spec.title = "Net spend, the two scenarios";
    spec.description = "Median net spend with 50% and 90% ranges for scenarios A and B, and A's budget";
    spec.categories = a.year_labels;
    spec.value_prefix = "£";
    spec.value_suffix = "m";
    spec.value_axis_label = "£m, cash";
    body += figure(fan_chart(spec, {fan_of("A", net.a, million), fan_of("B", net.b, million)},
                             {series_of("budget (A)", mean_of(a.run, QuantityId::budget, {"year"}), million)}),
                   "Net spend per year, all budget lines, for both scenarios.");
    if (comparison.paired) {
      spec.title = "Net spend, B - A";
      spec.description = "Median difference in net spend, B less A, with its 50% and 90% ranges";
      body += figure(fan_chart(spec, {fan_of("B - A", net.difference, million)}, {}),
                     "Difference in net spend, B less A, replicate by replicate.");
    }
    HtmlTable table;
    table.caption = "Net spend, all budget lines: mean (90% range), and the chance of an overspend";
    table.header = {"Year", "A", "B", "B - A", "P(overspend) A", "P(overspend) B"};
    const auto money = [](double v) { return pounds_millions(v); };
    for (std::size_t y = 0; y < comparison.years.size(); ++y) {
      table.rows.push_back({a.year_labels[y], mean_and_range(net.a, y, money), mean_and_range(net.b, y, money),
                            mean_and_range(net.difference, y, money), percent(comparison.overspend_a[y]),
                            percent(comparison.overspend_b[y])});
    }
    table.css_class = "wide";
    body += table.render();
  } else {
    body += absent("Net spend for both scenarios");
  }

  const ComparedQuantity& beds = comparison.quantity(QuantityId::bed_nights);
  const ComparedQuantity& clients = comparison.quantity(QuantityId::clients);
  HtmlTable table;
  table.caption = "Bed nights in the year (" + beds.counted + ") and council-funded clients at year end (" +
                  clients.counted + "), means";
  table.header = {"Year", "Bed nights A", "Bed nights B", "B - A", "Clients A", "Clients B", "B - A"};
  const auto mean = [](const LabelledArray& bands, std::size_t y) {
    return with_thousands(bands.at({bands.axes()[0].index_of("mean"), y}));
  };
  for (std::size_t y = 0; y < comparison.years.size(); ++y) {
    table.rows.push_back({a.year_labels[y], mean(beds.a, y), mean(beds.b, y), mean(beds.difference, y),
                          mean(clients.a, y), mean(clients.b, y), mean(clients.difference, y)});
  }
  body += table.render();
  body += "<h3>Where the difference arises</h3>\n";
  body += paragraph(comparison.money
                        ? "B - A broken down by budget line (net spend), and net spend on care packages by setting and "
                          "by home district (other costs, savings and grants are not in packages)."
                        : "B - A of clients at year end, by setting and by home district.");
  for (const ComparedBreakdown& breakdown : comparison.breakdowns) body += breakdown_table(a, breakdown);
  return section("comparison", "The two scenarios compared", body);
}

}  // namespace carecast::report::briefing
