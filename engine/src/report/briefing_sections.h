#pragma once
// The sections of the HTML briefing, one function per part of the page.
// Private to the report code; the public entry point is briefing.h.

#include <string>
#include <utility>
#include <vector>

#include "carecast/model/model_notes.h"
#include "carecast/output/quantities.h"
#include "carecast/report/labelled_array.h"
#include "carecast/report/published.h"
#include "carecast/report/run_labels.h"
#include "carecast/report/run_reader.h"
#include "carecast/report/svg_charts.h"

namespace carecast::report::briefing {

// What every section needs: the run and its years, as numbers and as labels;
// the names of what the file labels by id; the documents its citations name.
struct Context {
  const RunReader& run;
  std::vector<std::int64_t> years;
  std::vector<std::string> year_labels;
  RunLabels labels;
  std::vector<SourceDocument> sources;
  std::vector<PublishedPoint> published;  // the council's figures for past years the run carries

  explicit Context(const RunReader& run);
};

std::string front_page(const Context& context, const RunReader* other);
// The front page's parts: net spend, bed nights in care homes and long-term
// clients in the headline years, with what they count; why spending grows,
// in sentences from the run; what the model leaves out.
std::string key_figures(const Context& context);
std::string why_it_grows(const Context& context);
std::string not_covered(const Context& context);
// The first and last years' net spend against the budget, in words.
std::string headline_words(const Context& context, const LabelledArray& total, const LabelledArray& budget,
                           const std::vector<double>& overspend);
std::string headline_section(const Context& context);
std::string bridge_section(const Context& context);
std::string spend_section(const Context& context);
std::string bed_nights_section(const Context& context);
std::string homecare_section(const Context& context);
std::string capacity_section(const Context& context);
std::string sufficiency_section(const Context& context);
// The figures of `quantity` the council published for past years (those
// whose query selects `selection` and a year), then `forecast` (statistic x
// year) in the first, third and last years: mean and 90% range, each cell
// written by `cell` (counts by default); empty when none was published.
std::string published_beside_forecast(const Context& context, QuantityId quantity,
                                      const std::vector<std::pair<std::string, std::string>>& selection,
                                      const LabelledArray& forecast, const std::string& caption,
                                      std::string (*cell)(double) = nullptr);
// Clients, requests and spending the council published for past years,
// each beside the forecast; empty when the run carries none.
bool has_history(const Context& context);
std::string history_section(const Context& context);
// Shown when the run counts people waiting or buys unmet homecare.
bool has_market_section(const RunReader& run);
std::string market_section(const Context& context);
std::string assumptions_section(const Context& context);
std::string comparison_section(const Context& a, const Context& b);
// The words the briefing uses, in plain English, each with an anchor
// (glossary-TERM) that first uses link to.
std::string glossary_section();
// The key to the documents the citations name: "[003]" and its title.
std::string sources_section(const Context& context);
// A link to a glossary entry: <a href="#glossary-ID">text</a>.
std::string glossary_link(const std::string& text, const std::string& id);
// The print rules stamp each page with its number of the total and the date
// the run was made (`created`, ISO 8601).
std::string stylesheet(const std::string& created);

// Money figures: pounds shown in millions, and a chart over the run's years in £m.
inline const std::string no_money = "Spending, the budget and the bridge (this run's scenario has no money section)";
std::string millions_cell(double pounds);
ChartSpec money_chart(const Context& context, const std::string& title, const std::string& description);

// Whether every value of `array` is 0.
bool all_zero(const LabelledArray& array);
// <section id=...> with a heading.
std::string section(const std::string& id, const std::string& title, const std::string& body);
// A paragraph of escaped text.
std::string paragraph(const std::string& text, const std::string& css_class = "");
// Said where a run lacks what a section shows.
std::string absent(const std::string& what);

// The fan of a statistic × year array of band_statistics, divided by `divisor`.
Fan fan_of(const std::string& name, const LabelledArray& bands, double divisor);
// A series over years from a one-dimensional array (axis year), divided by `divisor`.
Series series_of(const std::string& name, const LabelledArray& by_year, double divisor);
// One series per label of `axis` from a year × axis array.
std::vector<Series> series_per_label(const LabelledArray& by_year_and_axis, const std::string& axis, double divisor);

// A table with a row per year and a column per label of `axis`, then a total
// column, from a year × axis array; `cell` writes each value.
template <typename Format>
std::vector<std::vector<std::string>> rows_per_year(const Context& context, const LabelledArray& by_year_and_axis,
                                                    const std::string& axis, Format cell, bool with_total = true) {
  const LabelledArray ordered = by_year_and_axis.sum_all_but({"year", axis});
  const bool year_first = ordered.axes()[0].name == "year";
  const std::size_t labels = ordered.axis(axis).size();
  std::vector<std::vector<std::string>> rows;
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    std::vector<std::string> row{context.year_labels[y]};
    double total = 0.0;
    for (std::size_t k = 0; k < labels; ++k) {
      const double value = year_first ? ordered.at({y, k}) : ordered.at({k, y});
      total += value;
      row.push_back(cell(value));
    }
    if (with_total) row.push_back(cell(total));
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace carecast::report::briefing
