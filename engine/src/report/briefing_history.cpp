// What the council published for past years beside what the run forecasts:
// a reader can see whether the forecast starts where history left off.

#include "briefing_sections.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/model_notes.h"
#include "carecast/report/published.h"
#include "carecast/report/run_figures.h"

namespace carecast::report::briefing {
namespace {

std::string count_cell(double value) { return with_thousands(value); }

// Whether anything of `quantity` was published for `selection`.
bool published_for(const Context& context, QuantityId quantity,
                   const std::vector<std::pair<std::string, std::string>>& selection) {
  return !published_points(context.published, quantity, selection).empty();
}

// The series the section sets beside history: a quantity, the dimension it
// is published by (empty: the total only), the words for it and its cells.
struct Series {
  QuantityId quantity;
  std::string dimension;
  std::string what;
  std::string (*cell)(double);
};

std::vector<Series> series_shown() {
  return {{QuantityId::clients, "setting", "Clients at year end", count_cell},
          {QuantityId::requests, "", "Requests for support a year", count_cell},
          {QuantityId::spend_gross, "setting", "Gross spending (£m)", millions_cell},
          {QuantityId::net_spend, "budget_line", "Net spend (£m)", millions_cell}};
}

// The labels of the series' dimension with published figures, "" standing
// for the total over all of them.
std::vector<std::string> published_labels(const Context& context, const Series& series) {
  std::vector<std::string> labels;
  if (context.published.empty() || !context.run.has_summary(series.quantity)) return labels;
  if (published_for(context, series.quantity, {})) labels.emplace_back();
  if (series.dimension.empty()) return labels;
  for (const std::string& label : context.run.dimension(series.dimension).labels) {
    if (published_for(context, series.quantity, {{series.dimension, label}})) labels.push_back(label);
  }
  return labels;
}

std::string tables_for(const Context& context, const Series& series) {
  const RunReader& run = context.run;
  std::string html;
  const std::vector<std::string> labels = published_labels(context, series);
  const bool by_label = labels.size() > 1 || (labels.size() == 1 && !labels.front().empty());
  const LabelledArray forecast_by_label =
      by_label ? bands(run, series.quantity, {"year", series.dimension}) : LabelledArray();
  for (const std::string& label : labels) {
    const std::string caption = series.what +
                                (label.empty() ? (series.dimension.empty() ? "" : ", in total")
                                               : ", " + context.labels.name(label)) +
                                ": published for past years beside the forecast";
    if (label.empty()) {
      html += published_beside_forecast(context, series.quantity, {}, bands(run, series.quantity, {"year"}), caption,
                                        series.cell);
    } else {
      html += published_beside_forecast(context, series.quantity, {{series.dimension, label}},
                                        forecast_by_label.select(series.dimension, label), caption, series.cell);
    }
  }
  return html;
}

}  // namespace

std::string published_beside_forecast(const Context& context, QuantityId quantity,
                                      const std::vector<std::pair<std::string, std::string>>& selection,
                                      const LabelledArray& forecast, const std::string& caption,
                                      std::string (*cell)(double)) {
  const std::vector<PublishedPoint> published = published_points(context.published, quantity, selection);
  if (published.empty()) return "";
  if (!cell) cell = count_cell;
  const Axis& statistics = forecast.axes()[0];
  HtmlTable table;
  table.caption = caption;
  table.header = {"Year", "Published", "Forecast, mean", "Forecast, 90% range", "Source"};
  table.trailing_text_columns = 1;
  for (const PublishedPoint& point : published) {
    table.rows.push_back(
        {financial_year(point.year), cell(point.value), "", "", with_document_titles(point.source, context.sources)});
  }
  for (const std::size_t y : headline_years(context.years.size())) {
    const auto at = [&](const char* statistic) { return cell(forecast.at({statistics.index_of(statistic), y})); };
    table.rows.push_back({context.year_labels[y], "", at("mean"), at("p5") + " to " + at("p95"), "this run"});
  }
  return table.render();
}

bool has_history(const Context& context) {
  for (const Series& series : series_shown()) {
    if (!published_labels(context, series).empty()) return true;
  }
  return false;
}

std::string history_section(const Context& context) {
  if (!has_history(context)) return "";
  std::string body;
  for (const Series& series : series_shown()) body += tables_for(context, series);
  return section("history", "What was published beside the forecast",
                 paragraph("The council's own figures for past years, as its documents print them, each with its "
                           "source, then this run's forecast for the first, third and last years. The forecast "
                           "starts after the last published year, so the two never share a year; a large step "
                           "between them is a question to ask of the base year.") +
                     body);
}

}  // namespace carecast::report::briefing
