#include "backtest_report.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "backtest_drift.h"
#include "carecast/calibration/fit_report.h"
#include "carecast/core/error.h"
#include "carecast/output/quantities.h"
#include "carecast/output/statistics.h"

namespace carecast {
namespace {

using fit_text::cell;
using fit_text::figure;
using fit_text::percent;

using ComparisonSet = std::vector<const Comparison*>;

double median_absolute(const ComparisonSet& set, double Comparison::*error) {
  std::vector<double> sizes;
  for (const Comparison* comparison : set) sizes.push_back(std::abs(comparison->*error));
  if (sizes.empty()) return std::nan("");
  std::sort(sizes.begin(), sizes.end());
  return quantile_sorted(sizes, 0.5);
}

double mean_absolute(const ComparisonSet& set, double Comparison::*error) {
  double sum = 0.0;
  for (const Comparison* comparison : set) sum += std::abs(comparison->*error);
  return set.empty() ? std::nan("") : sum / static_cast<double>(set.size());
}

std::string share_text(double share) { return std::isnan(share) ? "-" : fmt::format("{:.1f}%", 100.0 * share); }

// How many of `set` the band of `layer` held, "N of M (P%)", in its middle
// 50% (`half`) or its 5th-95th percentiles.
std::string held_text(const ComparisonSet& set, BandLayer layer, bool half) {
  if (set.empty()) return "-";
  const auto count = std::count_if(set.begin(), set.end(), [&](const Comparison* comparison) {
    const Held& held = comparison->held[static_cast<std::size_t>(layer)];
    return half ? held.half : held.ninety;
  });
  return fmt::format("{} of {} ({:.0f}%)", count, set.size(), 100.0 * static_cast<double>(count) / static_cast<double>(set.size()));
}

// The forecast figures of every origin outside the COVID years (or in
// them), ex ante or given what happened.
ComparisonSet forecasts(const std::vector<OriginForecast>& origins, bool conditional, bool covid) {
  ComparisonSet set;
  for (const OriginForecast& origin : origins) {
    const Comparisons* compared = conditional ? (origin.conditional ? &*origin.conditional : nullptr) : &origin.ex_ante;
    if (!compared) continue;
    for (const Comparison& comparison : compared->forecast) {
      if (comparison.covid == covid) set.push_back(&comparison);
    }
  }
  return set;
}

std::map<int, ComparisonSet> by_horizon(const ComparisonSet& set) {
  std::map<int, ComparisonSet> grouped;
  for (const Comparison* comparison : set) grouped[comparison->horizon].push_back(comparison);
  return grouped;
}

ComparisonSet of_origin(const ComparisonSet& set, int origin) {
  ComparisonSet chosen;
  std::copy_if(set.begin(), set.end(), std::back_inserter(chosen), [&](const Comparison* c) { return c->origin == origin; });
  return chosen;
}

// Where an origin's model error comes from: each measure its fit saw, left
// out in turn, beside the fit's residuals on the figures it saw.
std::string model_error_sources(const OriginForecast& origin) {
  if (origin.model_error_by_measure.empty()) return "the fit's residual standard deviation (no measure could be left out)";
  std::string measures;
  for (const auto& [measure, error] : origin.model_error_by_measure) {
    measures += fmt::format("{}`{}` {:.1f}%", measures.empty() ? "" : ", ", measure, 100.0 * error);
  }
  return fmt::format("the root mean square over measures of what the fit missed on each measure it saw when left out of it "
                     "({}), where its residuals on the figures it saw have a standard deviation of {:.1f}%",
                     measures, 100.0 * origin.in_sample_error);
}

std::string origin_lines(const std::vector<OriginForecast>& origins) {
  std::string text;
  for (const OriginForecast& origin : origins) {
    const auto within = [](const std::vector<Comparison>& set, bool covid) {
      return std::count_if(set.begin(), set.end(), [&](const Comparison& c) { return c.within_tolerance && c.covid == covid; });
    };
    const auto scored = std::count_if(origin.ex_ante.forecast.begin(), origin.ex_ante.forecast.end(), [](const Comparison& c) { return !c.covid; });
    const auto inside = std::count_if(origin.ex_ante.forecast.begin(), origin.ex_ante.forecast.end(),
                                      [](const Comparison& c) { return !c.covid && c.inside_band(); });
    const std::string reuse = origin.same_forecast ? "the same fit and forecast, scored from this origin"
                                                   : "the same fit, its forecast run in this origin's ex-ante scenario";
    text += fmt::format("- From {} (ex ante in \"{}\"): fitted to the {} figures of the years to {} outside the COVID years ({} within "
                        "tolerance after the fit; {}); {} figures after it scored outside the COVID years, {} within tolerance, {} "
                        "inside the band; model error {:.1f}%, {}.\n",
                        financial_year(origin.origin), origin.scenario_title, origin.ex_ante.in_sample.size(),
                        financial_year(origin.origin), within(origin.ex_ante.in_sample, false),
                        origin.same_fit_as ? fmt::format("the same figures as from {}, so {}", financial_year(origin.same_fit_as), reuse)
                                           : fmt::format("{} iterations, cost {:.4g} to {:.4g}", origin.fit.iterations, origin.fit.initial_cost,
                                                         origin.fit.cost),
                        scored, within(origin.ex_ante.forecast, false), inside, 100.0 * origin.model_error,
                        model_error_sources(origin));
    for (const std::string& warning : origin.on_bound) text += "  Warning: " + warning + ".\n";
  }
  return text;
}

// How often each layer of the band held the published figures, by origin
// and in all, ex ante and (the full band) given what happened.
std::string coverage_table(const std::vector<OriginForecast>& origins) {
  const ComparisonSet usual = forecasts(origins, false, false);
  const ComparisonSet conditional = forecasts(origins, true, false);
  const bool has_conditional = !conditional.empty();
  std::string text =
      "\nHow often the published figure fell inside the forecast's bands (a well-judged band holds about half the figures in "
      "its middle 50% and nine in ten in its 5th-95th percentiles), by what the band is made of: chance and the scenario's "
      "uncertain assumptions; and the fitted parameters, drawn from the fit's approximate posterior; and model error (the "
      "full band). Each cell is middle 50% held / 5th-95th held, of the forecast years' figures outside the COVID years:\n\n"
      "| origin | figures | chance | and parameters | and model error (full band, ex ante) |" +
      std::string(has_conditional ? " full band, given what happened |" : "") + "\n|---|---:|---:|---:|---:|" +
      (has_conditional ? "---:|" : "") + "\n";
  auto row = [&](const std::string& label, const ComparisonSet& set, const ComparisonSet& given) {
    if (set.empty()) return std::string();
    std::string line = fmt::format("| {} | {} ", label, set.size());
    for (const BandLayer layer : {BandLayer::chance, BandLayer::parameters, BandLayer::model_error}) {
      line += fmt::format("| {} / {} ", held_text(set, layer, true), held_text(set, layer, false));
    }
    if (has_conditional) {
      line += fmt::format("| {} / {} ", held_text(given, BandLayer::model_error, true), held_text(given, BandLayer::model_error, false));
    }
    return line + "|\n";
  };
  for (const OriginForecast& origin : origins) {
    text += row("from " + financial_year(origin.origin), of_origin(usual, origin.origin), of_origin(conditional, origin.origin));
  }
  if (origins.size() > 1) text += row("**all origins**", usual, conditional);
  text += row("COVID year(s), all origins", forecasts(origins, false, true), forecasts(origins, true, true));
  return text;
}

// The model's errors beside the naive forecasts', by years ahead.
std::string horizon_table(const std::vector<OriginForecast>& origins) {
  const ComparisonSet usual = forecasts(origins, false, false);
  const std::map<int, ComparisonSet> conditional = by_horizon(forecasts(origins, true, false));
  std::string text =
      "\nErrors by years ahead, every origin's forecasts of the years after it outside the COVID years (a figure counts once "
      "for each origin that forecast it). The naive forecasts grow the figure at the origin 4% a year (the council's budgeting "
      "rule: last year's clients and spend plus 4%, 003_2f31bcd0cc11b4b0.txt line 143) or as the population aged 65+ grew; "
      "a share or rate is held as it was. The figure at the origin is the one published for that year where there is one, "
      "otherwise the fitted model's (the naive forecast then scores growth alone). Mean absolute errors, the skill score 1 - "
      "model / naive (above 0: the model forecast better), and the full band's coverage:\n\n"
      "| years ahead | figures | from a published start | model, ex ante | model, given what happened | 4% a year | population 65+ | "
      "skill against 4% | skill against 65+ | middle 50% held | 5th-95th held |\n"
      "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& [horizon, set] : by_horizon(usual)) {
    const double model = mean_absolute(set, &Comparison::error);
    const double council = mean_absolute(set, &Comparison::council_rule_error);
    const double population = mean_absolute(set, &Comparison::population_rule_error);
    const auto given = conditional.find(horizon);
    auto skill = [&](double naive) { return naive > 0.0 ? fmt::format("{:+.2f}", 1.0 - model / naive) : std::string("-"); };
    const auto published = std::count_if(set.begin(), set.end(), [](const Comparison* c) { return c->naive_from_published; });
    text += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", horizon, set.size(), published,
                        share_text(model),
                        given == conditional.end() ? "-" : share_text(mean_absolute(given->second, &Comparison::error)),
                        share_text(council), share_text(population), skill(council), skill(population),
                        held_text(set, BandLayer::model_error, true), held_text(set, BandLayer::model_error, false));
  }
  return text;
}

std::string measure_table(const std::vector<OriginForecast>& origins, const TargetFit& fitter) {
  std::map<std::pair<std::string, int>, ComparisonSet> grouped;
  for (const bool covid : {false, true}) {
    for (const Comparison* comparison : forecasts(origins, false, covid)) {
      const std::string measure = "`" + measure_of(*fitter.targets()[comparison->target].target) + "`" + (covid ? ", COVID year" : "");
      grouped[{measure, comparison->horizon}].push_back(comparison);
    }
  }
  std::string text =
      "\nBy measure and years ahead, ex ante (error = forecast mean against the published figure; bias = the mean error, + for "
      "a forecast too high; inside band: the full band):\n\n"
      "| measure | years ahead | figures | within tolerance | inside band | median absolute error | bias |\n"
      "|---|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& [key, set] : grouped) {
    double bias = 0.0;
    for (const Comparison* comparison : set) bias += comparison->error;
    const auto within = std::count_if(set.begin(), set.end(), [](const Comparison* c) { return c->within_tolerance; });
    const auto inside = std::count_if(set.begin(), set.end(), [](const Comparison* c) { return c->inside_band(); });
    text += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", key.first, key.second, set.size(), within, inside,
                        share_text(median_absolute(set, &Comparison::error)), percent(bias / static_cast<double>(set.size())));
  }
  return text;
}

}  // namespace

namespace {

// "clients by setting", "gross spend in total" and so on: a published count
// of clients or gross spending alone (no per, no selection but year and
// setting), by one setting or over several; empty for any other figure.
std::string setting_group(const PublishedTarget& target) {
  if (target.per || target.query.terms.size() != 1) return "";
  const TargetQuery::Term& term = target.query.terms[0];
  std::string label;
  if (term.quantity == quantity_name(QuantityId::clients)) {
    label = term.quantity;
  } else if (term.quantity == quantity_name(QuantityId::spend_gross)) {
    label = "gross spend";
  } else {
    return "";
  }
  std::size_t settings = 0;
  for (const TargetQuery::Selection& selection : term.where) {
    if (selection.dimension == "setting") {
      settings = selection.values.size();
    } else if (selection.dimension != "year") {
      return "";
    }
  }
  return label + (settings == 1 ? " by setting" : " in total");
}

const char* const setting_groups[] = {"clients by setting", "clients in total", "gross spend by setting", "gross spend in total"};

bool label_clients_total(const PublishedTarget& target) { return setting_group(target) == setting_groups[1]; }

// Why the model lost to a naive forecast in one row of the setting table,
// from the numbers: how much of the ex-ante miss inflation made (ex ante
// less given what happened), each figure's errors and where its naive
// forecast started, and, for spending, how far the same origin missed the
// clients of the same year (the care model's volume).
std::string why_it_loses(const std::string& label, int horizon, const ComparisonSet& given, const ComparisonSet& before,
                         const ComparisonSet& clients, const TargetFit& fitter, bool conditional) {
  const double model = median_absolute(given, &Comparison::error);
  std::string text = fmt::format("- **{}, {} year{} ahead**: the model{} missed by a median of {}, against {} for 4% a year and {} "
                                 "for the population aged 65+.",
                                 label, horizon, horizon == 1 ? "" : "s", conditional ? ", given what happened," : "", share_text(model),
                                 share_text(median_absolute(given, &Comparison::council_rule_error)),
                                 share_text(median_absolute(given, &Comparison::population_rule_error)));
  if (conditional) {
    const double inflation = median_absolute(before, &Comparison::error) - model;
    text += std::abs(inflation) < 0.001
                ? " Ex ante it missed by as much: inflation moves none of it, so the miss is the care model's."
                : fmt::format(" Ex ante it missed by {}: inflation other than expected made {:+.1f} points of that, and the {} "
                              "that remains is the care model's.",
                              share_text(median_absolute(before, &Comparison::error)), 100.0 * inflation, share_text(model));
  }
  text += fmt::format(" Figure by figure ({}4% a year, and where the naive forecast started):",
                      conditional ? "given what happened / ex ante / " : "ex ante / ");
  int low = 0;
  for (std::size_t k = 0; k < given.size(); ++k) {
    const Comparison& comparison = *given[k];
    const ResolvedTarget& entry = fitter.targets()[comparison.target];
    text += fmt::format(" {} from {}: {}{} / {} ({});", cell(entry.target->name), financial_year(comparison.origin), percent(comparison.error),
                        conditional ? " / " + percent(before[k]->error) : "", percent(comparison.council_rule_error),
                        comparison.naive_from_published ? "the published figure of the origin year" : "the model's own figure of the origin year");
    low += comparison.error < 0.0 ? 1 : 0;
    for (const Comparison* volume : clients) {
      if (volume->origin != comparison.origin || fitter.targets()[volume->target].year != entry.year) continue;
      text += fmt::format(" from the same origin, {} was forecast {} (the care model's volume);",
                          cell(fitter.targets()[volume->target].target->name), percent(volume->error));
    }
  }
  text.back() = '.';
  return text + fmt::format(" The forecast was low for {} of {}.\n", low, given.size());
}

// Median absolute errors of clients and gross spend by setting and in
// total, one and two years ahead, beside both naive forecasts; and, where
// the model loses, why.
std::string setting_table(const std::vector<OriginForecast>& origins, const TargetFit& fitter) {
  const bool conditional = !forecasts(origins, true, false).empty();
  const ComparisonSet scored = forecasts(origins, conditional, false);
  std::map<std::pair<int, std::size_t>, const Comparison*> ex_ante;
  for (const Comparison* comparison : forecasts(origins, false, false)) ex_ante[{comparison->origin, comparison->target}] = comparison;
  std::string text = fmt::format(
      "\nClients and gross spending by setting, one and two years ahead: median absolute errors of the model {} beside the "
      "naive forecasts' (the model wins a row when its error is the smaller). A naive forecast that starts from the model's "
      "own figure of the origin year (none was published for it) shares the model's error in that year, so there the "
      "comparison is of growth alone; the column 'naive from published' counts those that start from a published figure. "
      "Settings no figure was published for at that distance from an origin, outside the COVID years, are said so:\n\n"
      "| figures of | years ahead | figures | naive from published | model, given what happened | model, ex ante | 4% a year | "
      "population 65+ | the model beats 4% | the model beats 65+ |\n"
      "|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n",
      conditional ? "given the inflation that happened (the conditional backtest; ex ante beside it)" : "ex ante (no conditional backtest was run)");
  ComparisonSet clients;
  for (const Comparison* comparison : scored) {
    if (label_clients_total(*fitter.targets()[comparison->target].target)) clients.push_back(comparison);
  }
  std::string losses;
  for (const std::string group : setting_groups) {
    for (const int horizon : {1, 2}) {
      ComparisonSet set, before;
      for (const Comparison* comparison : scored) {
        if (comparison->horizon != horizon || setting_group(*fitter.targets()[comparison->target].target) != group) continue;
        set.push_back(comparison);
        before.push_back(ex_ante.at({comparison->origin, comparison->target}));
      }
      if (set.empty()) {
        text += fmt::format("| {} | {} | 0 | | none published | | | | | |\n", group, horizon);
        continue;
      }
      const double model = median_absolute(set, &Comparison::error);
      const double council = median_absolute(set, &Comparison::council_rule_error);
      const double population = median_absolute(set, &Comparison::population_rule_error);
      const auto published = std::count_if(set.begin(), set.end(), [](const Comparison* c) { return c->naive_from_published; });
      text += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", group, horizon, set.size(), published,
                          conditional ? share_text(model) : "-",
                          share_text(median_absolute(before, &Comparison::error)), share_text(council), share_text(population),
                          model < council ? "yes" : "**no**", model < population ? "yes" : "**no**");
      if (model >= council || model >= population) {
        losses += why_it_loses(group, horizon, set, before, group.rfind("gross spend", 0) == 0 ? clients : ComparisonSet{}, fitter,
                               conditional);
      }
    }
  }
  if (!losses.empty()) text += "\nWhere the model loses to a naive forecast:\n\n" + losses;
  return text;
}

// The forecasts' own log errors by years ahead, beside the model error the
// band used: a band centred on the forecast can only hold figures its
// centre is near, so the mean of the errors says as much as their spread.
std::string model_error_check(const std::vector<OriginForecast>& origins) {
  std::string used;
  for (const OriginForecast& origin : origins) {
    used += (used.empty() ? "" : ", ") + fmt::format("{:.1f}% from {}", 100.0 * origin.model_error, financial_year(origin.origin));
  }
  std::string text = fmt::format(
      "\nModel error as the forecasts themselves show it, ex ante, outside the COVID years: the log of forecast mean over "
      "published figure, its mean (the bias) and its spread about the mean, by years ahead, beside the model error each "
      "origin's band used ({}: what that origin's fit missed on each measure it saw when that measure was left out of "
      "it, sized from the published history before the origin, not from the years it forecasts; that is for a figure of "
      "weight 1 in the targets, and one of weight w has it over the square root of w, as the fit's own weighting says):\n\n"
      "| years ahead | figures | mean log error | spread about the mean (sd) | root mean square |\n|---:|---:|---:|---:|---:|\n",
      used);
  for (const auto& [horizon, set] : by_horizon(forecasts(origins, false, false))) {
    double sum = 0.0, squares = 0.0;
    for (const Comparison* comparison : set) {
      const double error = std::log1p(comparison->error);
      sum += error;
      squares += error * error;
    }
    const double n = static_cast<double>(set.size());
    const double mean = sum / n;
    const double spread = n > 1 ? std::sqrt(std::max(0.0, (squares - n * mean * mean) / (n - 1))) : std::nan("");
    text += fmt::format("| {} | {} | {:+.3f} | {} | {:.3f} |\n", horizon, set.size(), mean,
                        std::isnan(spread) ? std::string("-") : fmt::format("{:.3f}", spread), std::sqrt(squares / n));
  }
  return text;
}

std::string comparison_rows(const TargetFit& fitter, const std::vector<Comparison>& comparisons, const Comparisons* given) {
  std::map<std::size_t, const Comparison*> conditional;
  if (given) {
    for (const Comparison& comparison : given->forecast) conditional[comparison.target] = &comparison;
  }
  std::string rows;
  for (const Comparison& comparison : comparisons) {
    const ResolvedTarget& entry = fitter.targets()[comparison.target];
    const PublishedTarget& target = *entry.target;
    std::string given_cells;
    if (given) {
      const auto match = conditional.find(comparison.target);
      given_cells = match == conditional.end() ? " - | - |"
                                               : fmt::format(" {} | {} |", figure(match->second->forecast.mean), percent(match->second->error));
    }
    rows += fmt::format("| {} | {}{} | {} | {} ({} to {}) | {} | {} | {} |{} {} |\n", cell(target.name), financial_year(entry.year),
                        comparison.covid ? " (COVID)" : "", figure(target.value), figure(comparison.forecast.mean),
                        figure(comparison.forecast.p5), figure(comparison.forecast.p95), percent(comparison.error),
                        comparison.within_tolerance ? "yes" : "**no**", comparison.inside_band() ? "yes" : "**no**", given_cells,
                        cell(target.source));
  }
  return rows;
}

std::string comparison_header(bool with_conditional) {
  return std::string("| figure | year | published | forecast mean (5% to 95%, with model error) | error | within tolerance | "
                     "published inside band |") +
         (with_conditional ? " given what happened: mean | its error |" : "") + " source |\n|---|---|---:|---:|---:|---|---|" +
         (with_conditional ? "---:|---:|" : "") + "---|\n";
}

}  // namespace

std::string backtest_summary(const std::vector<OriginForecast>& origins, const TargetFit& fitter) {
  return "## Summary\n\n" + origin_lines(origins) + coverage_table(origins) + horizon_table(origins) +
         setting_table(origins, fitter) + model_error_check(origins) + drift_text(origins) + measure_table(origins, fitter);
}

std::string origin_section(const OriginForecast& origin, const TargetFit& fitter, int last_year) {
  const bool with_conditional = origin.conditional.has_value();
  std::string text = fmt::format("\n## From {}\n\n", financial_year(origin.origin));
  if (origin.same_fit_as) {
    text += fmt::format("The fit saw the same figures as from {} (nothing was published for the years between outside the COVID "
                        "years and the quantities left out), so its parameters are those; {}.\n",
                        financial_year(origin.same_fit_as),
                        origin.same_forecast ? "so is its forecast, and only the years ahead and the naive forecasts' start differ"
                                             : "its forecast is run in this origin's ex-ante scenario");
  } else {
    std::string rows = origin.parameter_rows;
    const auto heading = rows.find("\n## ");
    if (heading != std::string::npos) rows.insert(heading + 1, "#");
    text += "### Parameters fitted\n\n" + rows;
  }
  text += fmt::format("\n### The forecast against what was published ({})\n\n",
                      origin.origin + 1 == last_year ? financial_year(last_year)
                                                     : financial_year(origin.origin + 1) + " to " + financial_year(last_year));
  text += comparison_header(with_conditional) +
          comparison_rows(fitter, origin.ex_ante.forecast, with_conditional ? &*origin.conditional : nullptr);
  text += fmt::format("\n### The fitted years (to {})\n\nThese figures were fitted; they show how well the model could be made to "
                      "reproduce its starting years, not how well it forecasts.\n\n",
                      financial_year(origin.origin));
  text += comparison_header(false) + comparison_rows(fitter, origin.ex_ante.in_sample, nullptr);
  return text;
}

BacktestRecord backtest_record_of(const std::vector<OriginForecast>& origins, const TargetFit& fitter, const BacktestRequest& request) {
  BacktestRecord record;
  record.report = request.record_report.empty() ? request.output.string() : request.record_report;
  record.command = request.command;
  record.origin_year = origins.front().origin;
  record.last_origin_year = origins.back().origin;
  const ComparisonSet usual = forecasts(origins, false, false);
  if (usual.empty()) throw InputError("--record: the backtest scored no figure outside the COVID years, so there is nothing to record");
  record.first_year = fitter.targets()[usual.front()->target].year;
  ComparisonSet one_ahead;
  for (const Comparison* comparison : usual) {
    const int year = fitter.targets()[comparison->target].year;
    record.first_year = std::min(record.first_year, year);
    record.last_year = std::max(record.last_year, year);
    record.bias += comparison->error;
    record.held_half += comparison->full_band().half ? 1 : 0;
    record.held_ninety += comparison->inside_band() ? 1 : 0;
    if (comparison->horizon == 1) one_ahead.push_back(comparison);
  }
  record.figures = static_cast<int>(usual.size());
  record.median_absolute_error = median_absolute(usual, &Comparison::error);
  record.bias /= record.figures;
  record.one_year_ahead_figures = static_cast<int>(one_ahead.size());
  if (!one_ahead.empty()) record.one_year_ahead_median_absolute_error = median_absolute(one_ahead, &Comparison::error);
  return record;
}

}  // namespace carecast
