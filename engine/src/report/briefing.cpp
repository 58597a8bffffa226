#include "carecast/report/briefing.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "briefing_sections.h"
#include "carecast/core/error.h"
#include "carecast/output/pending_output.h"
#include "carecast/report/assumptions.h"
#include "carecast/report/comparison.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/model_notes.h"
#include "carecast/report/run_figures.h"

namespace carecast::report {
namespace briefing {

Context::Context(const RunReader& run)
    : run(run), years(report::years(run)), labels(run), sources(read_source_documents(run)),
      published(read_published(run)) {
  for (std::int64_t year : years) year_labels.push_back(financial_year(year));
}

bool all_zero(const LabelledArray& array) {
  return std::all_of(array.values().begin(), array.values().end(), [](double v) { return v == 0.0; });
}

std::string section(const std::string& id, const std::string& title, const std::string& body) {
  return "<section id=\"" + escape_html(id) + "\">\n<h2>" + escape_html(title) + "</h2>\n" + body + "</section>\n";
}

std::string paragraph(const std::string& text, const std::string& css_class) {
  return (css_class.empty() ? "<p>" : "<p class=\"" + escape_html(css_class) + "\">") + escape_html(text) + "</p>\n";
}

std::string absent(const std::string& what) { return paragraph(what + ": not recorded in this run file.", "absent"); }

Fan fan_of(const std::string& name, const LabelledArray& bands, double divisor) {
  const auto series = [&](const char* statistic) {
    std::vector<double> values = statistic_series(bands, statistic);
    for (double& value : values) value /= divisor;
    return values;
  };
  return Fan{name, series("p5"), series("p25"), series("p50"), series("p75"), series("p95")};
}

Series series_of(const std::string& name, const LabelledArray& by_year, double divisor) {
  Series series{name, values_along(by_year)};
  for (double& value : series.values) value /= divisor;
  return series;
}

std::vector<Series> series_per_label(const LabelledArray& by_year_and_axis, const std::string& axis, double divisor) {
  std::vector<Series> all;
  const Axis& labels = by_year_and_axis.axis(axis);
  for (std::size_t k = 0; k < labels.size(); ++k) {
    all.push_back(series_of(display_name(labels.labels[k]), by_year_and_axis.select(axis, k), divisor));
  }
  return all;
}

namespace {

std::string description_of(const RunReader& run) {
  try {
    for (const AssumptionRow& row : list_scenario_yaml(run.info().scenario_yaml)) {
      if (row.key == "description") return row.value;
    }
  } catch (const InputError&) {
    // A scenario text that does not parse still leaves the rest of the briefing to read.
  }
  return "";
}

std::string provenance_table(const std::vector<const RunReader*>& runs) {
  HtmlTable table;
  table.css_class = "provenance";
  table.header = {""};
  for (std::size_t k = 0; k < runs.size(); ++k) table.header.push_back(runs.size() > 1 ? std::string(1, 'A' + k) : "");
  table.text_columns = runs.size() + 1;
  const auto row = [&](const std::string& label, auto field) {
    std::vector<std::string> cells{label};
    for (const RunReader* run : runs) cells.push_back(field(run->info()));
    table.rows.push_back(cells);
  };
  row("Scenario", [](const RunInfo& info) { return info.title; });
  // The name only: a path on the machine that made the run says nothing to a reader.
  row("Scenario file", [](const RunInfo& info) { return info.scenario_file_name(); });
  row("Model", [](const RunInfo& info) { return info.model_name + " " + info.model_version; });
  row("Years",
      [](const RunInfo& info) { return financial_year(info.first_year) + " to " + financial_year(info.last_year); });
  row("Replicates", [](const RunInfo& info) { return with_thousands(static_cast<double>(info.replicates)); });
  row("Seed", [](const RunInfo& info) { return std::to_string(info.seed); });
  row("Run file", [](const RunInfo& info) { return info.path.filename().string(); });
  row("Created (UTC)", [](const RunInfo& info) { return info.created_utc; });
  row("carecast version", [](const RunInfo& info) { return info.carecast_version; });
  row("Git revision", [](const RunInfo& info) { return info.git_revision; });
  row("Scenario SHA-256", [](const RunInfo& info) { return info.scenario_sha256; });
  return table.render();
}

}  // namespace

// What the model's backtest found, in words, from its record alone.
std::string trust_sentence(const BacktestRecord& record) {
  const double share = static_cast<double>(record.held_ninety) / record.figures;
  const std::string direction = std::abs(record.bias) < 0.005 ? ""
                                : ", and were on average " + percent(std::abs(record.bias)) + (record.bias < 0 ? " too low" : " too high");
  const std::string years = record.first_year == record.last_year
                                ? financial_year(record.first_year)
                                : financial_year(record.first_year) + " to " + financial_year(record.last_year);
  const bool rolling = record.last_origin_year != record.origin_year;
  const std::string origins = rolling ? "at origins from " + financial_year(record.origin_year) + " to " + financial_year(record.last_origin_year)
                                      : "from " + financial_year(record.origin_year);
  const std::string one_year_ahead =
      record.one_year_ahead_figures == 0
          ? ""
          : " One year ahead, the median miss was " + percent(record.one_year_ahead_median_absolute_error) + " (" +
                std::to_string(record.one_year_ahead_figures) + (record.one_year_ahead_figures == 1 ? " figure)." : " figures).");
  return "Forecasts made this way " + origins + " missed the " + std::to_string(record.figures) + " figures the council published for " +
         years + " (outside the COVID-19 year" + (rolling ? "; a figure counts once for each origin that forecast it" : "") +
         ") by a median of " + percent(record.median_absolute_error) + direction + "." + one_year_ahead + " The 90% range held " +
         std::to_string(record.held_ninety) +
         " of them (" + percent(share) + ", where a well-judged range holds about nine in ten) and the middle 50% held " +
         std::to_string(record.held_half) + ". " +
         (share < 0.75 ? "Read the ranges as narrower than the real uncertainty. " : "") + "The backtest is in " + record.report + ".";
}

namespace {

// The backtest's record said as a reader would act on it.
std::string trust_in_plain_words(const BacktestRecord& record) {
  const double share = static_cast<double>(record.held_ninety) / record.figures;
  std::string words = "Put simply: when this model was run from " + financial_year(record.origin_year) +
                      (record.last_origin_year != record.origin_year ? " and later years" : "") +
                      " and checked against what the council later published, its figures were out by about " +
                      percent(record.median_absolute_error) + " in a typical case";
  if (record.one_year_ahead_figures > 0) words += " (" + percent(record.one_year_ahead_median_absolute_error) + " one year ahead)";
  if (std::abs(record.bias) >= 0.005) words += std::string(", and on average ") + (record.bias < 0 ? "too low" : "too high");
  words += ". Its 90% ranges caught " + std::to_string(record.held_ninety) + " of " + std::to_string(record.figures) +
           " published figures";
  words += share < 0.75 ? ", fewer than the nine in ten they should, so treat the ranges below as too narrow."
                        : ", about as many as they should.";
  return words;
}

// What the figures are, with the words the glossary explains linked to it.
std::string mode_note(bool expected) {
  if (expected) {
    return "This run is in the " + glossary_link("expected mode", "expected-mode") +
           ": one path, computed without sampling, with chance events replaced by their averages and each uncertain "
           "assumption held at one value. It has no uncertainty, so the ranges below collapse to that one value and a " +
           glossary_link("chance of an overspend", "chance-of-overspend") +
           " can only be 0% or 100%; a Monte Carlo run of the same scenario gives the ranges. Financial years run from "
           "April to March; money is in cash prices.";
  }
  return "Every figure comes from a " + glossary_link("Monte Carlo simulation", "monte-carlo") +
         ": the model is run many times (" + glossary_link("replicates", "replicate") +
         "), each time drawing the uncertain assumptions and the chance events afresh. The " +
         glossary_link("mean", "mean") + " is the expected value; the " + glossary_link("90% range", "range") +
         " runs from the 5th to the 95th " + glossary_link("percentile", "percentile") +
         " of the replicates, and the middle 50% from the 25th to the 75th. Financial years run from April to March; "
         "money is in cash prices.";
}

}  // namespace

std::string front_page(const Context& context, const RunReader* other) {
  const RunReader& run = context.run;
  std::string html = "<header id=\"front\">\n<p class=\"kicker\">Adult social care forecast: briefing</p>\n";
  html += "<h1>" + escape_html(run.info().title) + "</h1>\n";
  if (other) html += "<p class=\"subtitle\">compared with " + escape_html(other->info().title) + "</p>\n";
  const std::string description = description_of(run);
  if (!description.empty()) html += paragraph(description, "description");
  if (run.has_money()) {
    html += paragraph(headline_words(context, bands(run, QuantityId::net_spend, {"year"}),
                                     mean_of(run, QuantityId::budget, {"year"}), total_overspend_probability(run)),
                      "lead");
  }
  html += "<h2>Key figures</h2>\n" + key_figures(context);
  html += why_it_grows(context);
  if (run.info().backtest) {
    html += "<h2>How far to trust it</h2>\n" + paragraph(trust_in_plain_words(*run.info().backtest), "trust") +
            paragraph(trust_sentence(*run.info().backtest), "note");
  }
  html += not_covered(context);
  html += "<p class=\"note\">" + mode_note(run.info().expected()) + "</p>\n";
  html += "<h2>Where these numbers come from</h2>\n";
  std::vector<const RunReader*> runs{&run};
  if (other) runs.push_back(other);
  html += provenance_table(runs);
  html += "<nav><h2>Contents</h2><ol>";
  for (const auto& [id, title] : std::vector<std::pair<std::string, std::string>>{
           {"headline", "Net spend against budget"},
           {"bridge", "Medium Term Financial Plan bridge"},
           {"spend", "Spend by setting and budget line"},
           {"bed-nights", "Bed nights by district"},
           {"homecare", "Homecare hours"},
           {"capacity", "Capacity and out-of-area placements"},
           {"sufficiency", "Market sufficiency by district"},
           {"history", "What was published beside the forecast"},
           {"market", "Where the market falls short"},
           {"assumptions", "Assumptions and what drives the uncertainty"}}) {
    if (id == "market" && !has_market_section(run)) continue;
    if (id == "history" && !has_history(context)) continue;
    html += "<li><a href=\"#" + id + "\">" + escape_html(title) + "</a></li>";
  }
  if (other) html += "<li><a href=\"#comparison\">The two scenarios compared</a></li>";
  html += "<li><a href=\"#glossary\">Glossary</a></li>";
  if (!context.sources.empty()) html += "<li><a href=\"#sources\">Sources</a></li>";
  html += "</ol></nav>\n</header>\n";
  return html;
}

}  // namespace briefing

std::string briefing_html(const RunReader& run, const RunReader* compared) {
  using namespace briefing;
  if (compared) check_comparable(run, *compared);
  const Context context(run);
  std::string body = front_page(context, compared);
  body += headline_section(context);
  body += bridge_section(context);
  body += spend_section(context);
  body += bed_nights_section(context);
  body += homecare_section(context);
  body += capacity_section(context);
  body += sufficiency_section(context);
  body += history_section(context);
  if (has_market_section(run)) body += market_section(context);
  body += assumptions_section(context);
  if (compared) body += comparison_section(context, Context(*compared));
  body += glossary_section();
  if (!context.sources.empty()) body += sources_section(context);
  return "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>" +
         escape_html(run.info().title) + ": briefing</title>\n<style>\n" + stylesheet(run.info().created_utc) +
         "</style>\n</head>\n<body>\n" + body + "</body>\n</html>\n";
}

void write_briefing(const std::filesystem::path& run_path, const std::optional<std::filesystem::path>& compared_path,
                    const std::filesystem::path& output_path, bool overwrite) {
  PendingOutput output(output_path, overwrite);
  const RunReader run(run_path);
  std::optional<RunReader> compared;
  if (compared_path) compared.emplace(*compared_path);
  const std::string html = briefing_html(run, compared ? &*compared : nullptr);
  std::ofstream out(output.temporary(), std::ios::binary);
  out << html;
  out.close();
  if (!out) throw WriteError::from_errno(output_path, "write the briefing");
  output.commit();
}

}  // namespace carecast::report
