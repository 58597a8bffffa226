#include "carecast/calibration/backtest.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <fstream>
#include <limits>
#include <map>
#include <optional>

#include "carecast/calibration/fit_report.h"
#include "carecast/calibration/query.h"
#include "carecast/calibration/target_fit.h"
#include "carecast/core/version.h"
#include "carecast/loading/backtest_record_loader.h"
#include "carecast/loading/model_loader.h"
#include "carecast/output/pending_output.h"
#include "carecast/output/quantities.h"
#include "carecast/output/statistics.h"
#include "carecast/uncertainty/distribution.h"

namespace carecast {
namespace {

using fit_text::cell;
using fit_text::figure;
using fit_text::percent;

// What a forecast's band is made of, from the narrowest: the care system's
// chance and the scenario's stated uncertain assumptions; then also the fit's
// parameters drawn from its approximate posterior; then also model error.
enum class BandLayer { chance, parameters, model_error };
constexpr std::size_t band_layers = 3;

// Whether the published figure fell inside the forecast's middle 50% and
// 90% (5th to 95th percentiles), with one layer of uncertainty or another.
struct Held {
  bool half = false;
  bool ninety = false;
};

// One published figure set against the run.
struct Comparison {
  std::size_t target = 0;
  DrawSummary forecast;  // the full band: every layer
  double error = 0.0;  // (mean - published) / published, the mean over the fit's parameters
  bool within_tolerance = false;
  std::array<Held, band_layers> held;
  bool covid = false;
  int horizon = 0;  // years after the last one the fit saw
  // The naive forecasts' errors: the figure at the origin (the fitted
  // model's, as a forecaster then had it) grown 4% a year, the council's
  // rule, or with the population aged 65+; NaN when the origin is not run.
  double council_rule_error = std::numeric_limits<double>::quiet_NaN();
  double population_rule_error = std::numeric_limits<double>::quiet_NaN();

  bool inside_band() const { return held[static_cast<std::size_t>(BandLayer::model_error)].ninety; }
};

Held held_by(const DrawSummary& band, double published) {
  return {published >= band.p25 && published <= band.p75, published >= band.p5 && published <= band.p95};
}

// The draws of a figure with model error added: each draw times exp(s z) at
// evenly spaced quantiles z of the standard normal, so the band is that of
// the forecast and a lognormal discrepancy of log-sd `s` together, without
// further random numbers.
std::vector<double> with_model_error(const std::vector<double>& draws, double log_sd) {
  if (!(log_sd > 0.0)) return draws;
  constexpr int points = 41;
  Distribution standard;
  std::vector<double> widened;
  widened.reserve(draws.size() * points);
  for (int k = 0; k < points; ++k) {
    const double factor = std::exp(log_sd * standard.quantile((k + 0.5) / points));
    for (const double draw : draws) widened.push_back(draw * factor);
  }
  return widened;
}

std::string quantities_of(const TargetQuery& query) {
  std::string names;
  for (const TargetQuery::Term& term : query.terms) names += (names.empty() ? "" : " + ") + term.quantity;
  return names;
}

std::string measure_of(const PublishedTarget& target) {
  return target.per ? quantities_of(target.query) + " per " + quantities_of(*target.per) : quantities_of(target.query);
}

std::string financial_year(int year) { return fmt::format("{}/{:02d}", year, (year + 1) % 100); }

// Figures, within tolerance, inside the band, median absolute error and mean
// error of a set of comparisons, as one row of the summary table.
std::string summary_row(const std::string& label, const std::vector<const Comparison*>& set) {
  if (set.empty()) return "";
  std::vector<double> sizes;
  double bias = 0.0;
  int within = 0, inside = 0;
  for (const Comparison* comparison : set) {
    sizes.push_back(std::abs(comparison->error));
    bias += comparison->error;
    within += comparison->within_tolerance ? 1 : 0;
    inside += comparison->inside_band() ? 1 : 0;
  }
  std::sort(sizes.begin(), sizes.end());
  return fmt::format("| {} | {} | {} | {} | {:.1f}% | {} |\n", label, set.size(), within, inside,
                     100.0 * quantile_sorted(sizes, 0.5), percent(bias / static_cast<double>(set.size())));
}

std::string comparison_rows(const TargetFit& fitter, const std::vector<Comparison>& comparisons) {
  std::string rows;
  for (const Comparison& comparison : comparisons) {
    const ResolvedTarget& entry = fitter.targets()[comparison.target];
    const PublishedTarget& target = *entry.target;
    rows += fmt::format("| {} | {}{} | {} | {} ({} to {}) | {} | {} | {} | {} |\n", cell(target.name), financial_year(entry.year),
                        comparison.covid ? " (COVID)" : "", figure(target.value), figure(comparison.forecast.mean),
                        figure(comparison.forecast.p5), figure(comparison.forecast.p95), percent(comparison.error),
                        comparison.within_tolerance ? "yes" : "**no**", comparison.inside_band() ? "yes" : "**no**",
                        cell(target.source));
  }
  return rows;
}

const char* comparison_header =
    "| figure | year | published | forecast mean (5% to 95%, with model error) | error | within tolerance | published inside band | source |\n"
    "|---|---|---:|---:|---:|---|---|---|\n";

// The published figures set against the forecast: those of the fitted
// years and those after, each measure's rows together in year order, and
// the rows of the figures the run cannot give.
struct Comparisons {
  std::vector<Comparison> in_sample;
  std::vector<Comparison> forecast;
  std::string not_compared;
};

// The draws of every figure for each layer of the band below model error.
struct ForecastDraws {
  std::vector<std::vector<double>> chance;
  std::vector<std::vector<double>> parameters;
};

bool left_out(const PublishedTarget& target, const std::vector<std::string>& quantities) {
  auto named = [&](const TargetQuery& query) {
    return std::any_of(query.terms.begin(), query.terms.end(), [&](const TargetQuery::Term& term) {
      return std::find(quantities.begin(), quantities.end(), term.quantity) != quantities.end();
    });
  };
  return named(target.query) || (target.per && named(*target.per));
}

// The query `years_back` years earlier.
TargetQuery earlier(const TargetQuery& query, int years_back) {
  TargetQuery moved = query;
  for (TargetQuery::Term& term : moved.terms) {
    for (TargetQuery::Selection& selection : term.where) {
      if (selection.dimension != "year") continue;
      for (std::string& year : selection.values) year = std::to_string(std::stoi(year) - years_back);
    }
  }
  return moved;
}

// The naive forecasts a council could set beside the model's: a figure as
// the fitted model had it at the origin, grown by a rule.
class NaiveForecasts {
 public:
  NaiveForecasts(const TargetFit& fitter, const ReplicateValues& at_fit, int origin) : fitter_(fitter), at_fit_(at_fit), origin_(origin) {
    const Model& model = *fitter.scenario().model;
    TargetQuery::Term older{quantity_name(QuantityId::population), {{"year", {}}, {"age_band", {}}}};
    for (const AgeBand& band : model.population.age_bands) {
      if (band.first_age >= 65) older.where[1].values.push_back(band.label);
    }
    older_people_ = {"population of 65+", {older}};
    older_people_at_origin_ = older_people(origin_);
  }

  // The council's rule (4% growth a year) and the growth of the population
  // aged 65+, applied to the figure at the origin; a figure that is a share
  // or rate (with `per`) is held at its origin value by both.
  void set(const ResolvedTarget& entry, Comparison& comparison) const {
    const PublishedTarget& target = *entry.target;
    const int back = entry.year - origin_;
    comparison.horizon = back;
    ResolvedTarget then = entry;
    then.query = resolve_query(earlier(target.query, back), fitter_.layout(), target.name);
    if (target.per) then.per = resolve_query(earlier(*target.per, back), fitter_.layout(), target.name);
    if (!then.query.outside.empty() || (then.per && !then.per->outside.empty())) return;
    const double start = measure(then, at_fit_);
    const double council = target.per ? start : start * std::pow(1.04, back);
    const double population = target.per ? start : start * older_people(entry.year) / older_people_at_origin_;
    comparison.council_rule_error = (council - target.value) / target.value;
    comparison.population_rule_error = (population - target.value) / target.value;
  }

 private:
  double older_people(int year) const {
    TargetQuery query = older_people_;
    query.terms[0].where[0].values = {std::to_string(year)};
    return evaluate_query(resolve_query(query, fitter_.layout(), "population aged 65+"), at_fit_);
  }

  const TargetFit& fitter_;
  const ReplicateValues& at_fit_;
  int origin_;
  TargetQuery older_people_;
  double older_people_at_origin_ = 0.0;
};

Comparisons compare_with_published(const TargetFit& fitter, const BacktestRequest& request, const ForecastDraws& draws,
                                   double model_error, const NaiveForecasts& naive) {
  const std::vector<ResolvedTarget>& resolved = fitter.targets();
  Comparisons compared;
  for (std::size_t k = 0; k < resolved.size(); ++k) {
    const ResolvedTarget& entry = resolved[k];
    const PublishedTarget& target = *entry.target;
    if (!entry.outside.empty() || left_out(target, request.leave_out)) {
      const std::string why = entry.outside.empty() ? "left out of the scores by the command (--leave-out)" : entry.outside;
      compared.not_compared += fmt::format("| {} | {} | {} |\n", cell(target.name), cell(why), cell(target.source));
      continue;
    }
    Comparison comparison;
    comparison.target = k;
    const std::vector<double> full = with_model_error(draws.parameters[k], model_error);
    comparison.forecast = summarise_draws(full);
    comparison.error = (summarise_draws(draws.parameters[k]).mean - target.value) / target.value;
    comparison.within_tolerance = std::abs(comparison.error) <= target.tolerance;
    comparison.held[static_cast<std::size_t>(BandLayer::chance)] = held_by(summarise_draws(draws.chance[k]), target.value);
    comparison.held[static_cast<std::size_t>(BandLayer::parameters)] = held_by(summarise_draws(draws.parameters[k]), target.value);
    comparison.held[static_cast<std::size_t>(BandLayer::model_error)] = held_by(comparison.forecast, target.value);
    comparison.covid = std::find(request.covid_years.begin(), request.covid_years.end(), entry.year) != request.covid_years.end();
    if (entry.year > request.fit_until) naive.set(entry, comparison);
    (entry.year <= request.fit_until ? compared.in_sample : compared.forecast).push_back(comparison);
  }
  auto by_measure = [&](const Comparison& a, const Comparison& b) {
    const PublishedTarget& first = *resolved[a.target].target;
    const PublishedTarget& second = *resolved[b.target].target;
    if (measure_of(first) != measure_of(second)) return measure_of(first) < measure_of(second);
    return resolved[a.target].year < resolved[b.target].year;
  };
  std::stable_sort(compared.forecast.begin(), compared.forecast.end(), by_measure);
  std::stable_sort(compared.in_sample.begin(), compared.in_sample.end(), by_measure);
  return compared;
}

// The comparisons as the summary counts them: the forecast years' figures
// apart from the COVID years', each also by measure, and the fitted years'.
struct SummaryGroups {
  std::map<std::string, std::vector<const Comparison*>> usual_by_measure, covid_by_measure;
  std::vector<const Comparison*> usual, covid, fitted;
};

SummaryGroups summary_groups(const Comparisons& compared, const TargetFit& fitter) {
  SummaryGroups groups;
  for (const Comparison& comparison : compared.forecast) {
    const std::string measure = measure_of(*fitter.targets()[comparison.target].target);
    (comparison.covid ? groups.covid_by_measure : groups.usual_by_measure)[measure].push_back(&comparison);
    (comparison.covid ? groups.covid : groups.usual).push_back(&comparison);
  }
  for (const Comparison& comparison : compared.in_sample) groups.fitted.push_back(&comparison);
  return groups;
}

// The model's errors beside the naive forecasts', by how many years ahead,
// over the forecast years' figures outside the COVID years that both have.
std::string benchmark_section(const SummaryGroups& groups) {
  std::map<int, std::vector<const Comparison*>> by_horizon;
  for (const Comparison* comparison : groups.usual) {
    if (std::isnan(comparison->council_rule_error)) continue;
    by_horizon[comparison->horizon].push_back(comparison);
  }
  if (by_horizon.empty()) return "";
  std::string text =
      "\nThe model against naive forecasts: each figure as the fitted model had it in the last year the fit saw, grown 4% "
      "a year (the council's budgeting rule: last year's clients and spend plus 4%, 003_2f31bcd0cc11b4b0.txt line 143) or "
      "as the population aged 65+ grew; a share or rate is held as it was. Mean absolute errors, and the skill score 1 - "
      "model / naive (above 0: the model forecast better):\n\n"
      "| years ahead | figures | model | 4% a year | population 65+ | skill against 4% | skill against 65+ |\n"
      "|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const auto& [horizon, set] : by_horizon) {
    double model = 0.0, council = 0.0, population = 0.0;
    for (const Comparison* comparison : set) {
      model += std::abs(comparison->error);
      council += std::abs(comparison->council_rule_error);
      population += std::abs(comparison->population_rule_error);
    }
    const double n = static_cast<double>(set.size());
    auto skill = [&](double naive) { return naive > 0.0 ? fmt::format("{:+.2f}", 1.0 - model / naive) : std::string("-"); };
    text += fmt::format("| {} | {} | {:.1f}% | {:.1f}% | {:.1f}% | {} | {} |\n", horizon, set.size(), 100.0 * model / n,
                        100.0 * council / n, 100.0 * population / n, skill(council), skill(population));
  }
  return text;
}

// How many of `set` the band of `layer` held, as "N of M (P%)", for the
// middle 50% and the 5th-95th percentiles.
std::pair<std::string, std::string> coverage(const std::vector<const Comparison*>& set, BandLayer layer) {
  int half = 0, ninety = 0;
  for (const Comparison* comparison : set) {
    half += comparison->held[static_cast<std::size_t>(layer)].half ? 1 : 0;
    ninety += comparison->held[static_cast<std::size_t>(layer)].ninety ? 1 : 0;
  }
  auto text = [&](int count) {
    return set.empty() ? std::string("-") : fmt::format("{} of {} ({:.0f}%)", count, set.size(), 100.0 * count / set.size());
  };
  return {text(half), text(ninety)};
}

// The report's "Summary": figures within tolerance and inside the band in
// the fitted, forecast and COVID years, how often each layer of the band
// held what it should, warnings, and the table by measure.
std::string summary_section(const SummaryGroups& groups, const BacktestRequest& request, const std::string& covid_text,
                            const std::vector<std::string>& on_bound, double model_error) {
  std::string report = "## Summary\n\n";
  auto share = [](std::size_t part, std::size_t whole) { return whole ? fmt::format("{:.0f}%", 100.0 * part / whole) : "-"; };
  auto within = [](const std::vector<const Comparison*>& set) {
    return static_cast<std::size_t>(std::count_if(set.begin(), set.end(), [](const Comparison* c) { return c->within_tolerance; }));
  };
  auto inside = [](const std::vector<const Comparison*>& set) {
    return static_cast<std::size_t>(std::count_if(set.begin(), set.end(), [](const Comparison* c) { return c->inside_band(); }));
  };
  const std::vector<const Comparison*>& usual = groups.usual;
  report += fmt::format("- Fitted years (to {}): {} of {} figures within tolerance after the fit.\n", financial_year(request.fit_until),
                        within(groups.fitted), groups.fitted.size());
  report += fmt::format(
      "- Forecast years{}: {} of {} figures within tolerance ({}); {} inside the forecast's 5th-95th percentile band ({}).\n",
      covid_text.empty() ? "" : ", COVID year(s) apart", within(usual), usual.size(), share(within(usual), usual.size()),
      inside(usual), share(inside(usual), usual.size()));
  if (!groups.covid.empty()) {
    report += fmt::format("- COVID year(s) {}: {} of {} figures within tolerance; {} inside the band.\n", covid_text,
                          within(groups.covid), groups.covid.size(), inside(groups.covid));
  }
  for (const std::string& warning : on_bound) report += "- Warning: " + warning + ".\n";

  report += fmt::format(
      "\nHow often the published figure fell inside the forecast's bands, by what the band is made of (a well-judged band "
      "holds about half the figures in its middle 50% and nine in ten in its 5th-95th percentiles; the counts are of the "
      "forecast years' figures{}):\n\n"
      "| the band covers | middle 50% held | 5th-95th percentiles held |{}\n"
      "|---|---:|---:|{}\n",
      covid_text.empty() ? "" : ", COVID year(s) apart", groups.covid.empty() ? "" : " COVID year(s): 5th-95th held |",
      groups.covid.empty() ? "" : "---:|");
  const std::pair<BandLayer, std::string> layers[] = {
      {BandLayer::chance, "chance and the scenario's uncertain assumptions"},
      {BandLayer::parameters, "and the fitted parameters, drawn from the fit's approximate posterior"},
      {BandLayer::model_error,
       fmt::format("and model error, a lognormal discrepancy of {:.1f}% (the fit's residual standard deviation)", 100.0 * model_error)},
  };
  for (const auto& [layer, label] : layers) {
    const auto [half, ninety] = coverage(usual, layer);
    report += fmt::format("| {} | {} | {} |{}\n", label, half, ninety,
                          groups.covid.empty() ? "" : " " + coverage(groups.covid, layer).second + " |");
  }
  report += benchmark_section(groups);
  report += "\nBy measure (error = forecast mean against the published figure; bias = the mean error, + for a forecast too high; "
            "inside band: the full band, with model error):\n\n"
            "| measure | figures | within tolerance | inside band | median absolute error | bias |\n"
            "|---|---:|---:|---:|---:|---:|\n";
  for (const auto& [measure, set] : groups.usual_by_measure) report += summary_row("`" + measure + "`", set);
  for (const auto& [measure, set] : groups.covid_by_measure) report += summary_row("`" + measure + "`, COVID year", set);
  report += summary_row("fitted years, all measures", groups.fitted);
  return report;
}

// The record of how the forecast fared: the forecast years' figures outside
// the COVID years, their median absolute error and bias, and how many the
// full band held.
BacktestRecord record_of(const Comparisons& compared, const TargetFit& fitter, const BacktestRequest& request) {
  BacktestRecord record;
  record.report = request.record_report.empty() ? request.output.string() : request.record_report;
  record.command = request.command;
  record.origin_year = request.fit_until;
  std::vector<double> sizes;
  for (const Comparison& comparison : compared.forecast) {
    if (comparison.covid) continue;
    const int year = fitter.targets()[comparison.target].year;
    record.first_year = record.figures == 0 ? year : std::min(record.first_year, year);
    record.last_year = std::max(record.last_year, year);
    ++record.figures;
    sizes.push_back(std::abs(comparison.error));
    record.bias += comparison.error;
    record.held_half += comparison.held[static_cast<std::size_t>(BandLayer::model_error)].half ? 1 : 0;
    record.held_ninety += comparison.inside_band() ? 1 : 0;
  }
  if (record.figures == 0) throw InputError("--record: the backtest scored no figure outside the COVID years, so there is nothing to record");
  std::sort(sizes.begin(), sizes.end());
  record.median_absolute_error = quantile_sorted(sizes, 0.5);
  record.bias /= record.figures;
  return record;
}

}  // namespace

BacktestSummary backtest_model(const BacktestRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  PendingOutput output(request.output, request.force);
  std::optional<PendingOutput> record_output;
  if (request.record) record_output.emplace(*request.record, request.force);
  const auto base = load_model(request.model, request.model.string());
  const TargetsFile targets = read_targets(request.targets, request.targets.string(), *base);
  const TargetFit fitter(base, fitting_scenario(request.model, base, targets, request.scenario, request.replicates), targets);
  const LoadedScenario& loaded = fitter.scenario();
  if (request.fit_until < loaded.scenario.start_year || request.fit_until >= loaded.scenario.end_year()) {
    throw InputError(fmt::format("--fit-until {}: must be a year the run covers before its last ({} to {})", request.fit_until,
                                 loaded.scenario.start_year, loaded.scenario.end_year()));
  }
  const std::vector<ResolvedTarget>& resolved = fitter.targets();
  std::vector<bool> use(resolved.size());
  for (std::size_t k = 0; k < resolved.size(); ++k) {
    use[k] = resolved[k].outside.empty() && resolved[k].year <= request.fit_until && resolved[k].target->weight > 0.0 &&
             !left_out(*resolved[k].target, request.leave_out);
  }
  const LeastSquaresResult fit = fitter.fit(use);
  const std::optional<ParameterUncertainty> uncertainty = fitter.uncertainty(use, fit.solution);
  const bool has_posterior = uncertainty && uncertainty->unavailable.empty();
  ForecastDraws draws;
  draws.chance = fitter.monte_carlo(fit.solution, request.replicates, request.threads);
  draws.parameters = has_posterior ? fitter.monte_carlo(fit.solution, request.replicates, request.threads, &*uncertainty) : draws.chance;
  // Model error: what the fitted rates leave unexplained in the fitted years'
  // figures, their residual standard deviation (weighted relative errors),
  // taken as the log-sd of a discrepancy between model and published figure.
  const double model_error = uncertainty && std::isfinite(uncertainty->residual_variance) ? std::sqrt(uncertainty->residual_variance) : 0.0;
  const ReplicateValues at_fit = fitter.expected(fit.solution);
  const Comparisons compared =
      compare_with_published(fitter, request, draws, model_error, NaiveForecasts(fitter, at_fit, request.fit_until));

  BacktestSummary summary;
  summary.fitted = static_cast<int>(compared.in_sample.size());
  summary.checked = static_cast<int>(compared.forecast.size());
  for (const Comparison& comparison : compared.forecast) {
    summary.within_tolerance += comparison.within_tolerance ? 1 : 0;
    summary.inside_band += comparison.inside_band() ? 1 : 0;
  }
  std::vector<std::string> on_bound;
  const std::string parameter_rows = parameter_table(*base, targets.parameters, fit.solution, uncertainty, &on_bound) +
                                     "\n" + uncertainty_section(targets.parameters, uncertainty);
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  const int first_year = loaded.scenario.start_year;
  std::string report = fmt::format("# Backtest: {}\n\n", targets.title);
  report += fmt::format(
      "Generated by `{}` (carecast {}, revision {}; model {} {}; scenario \"{}\"). Do not edit by hand: rerun the command.\n\n",
      request.command, program_version, git_revision(), base->name, base->version, loaded.scenario.title);
  std::string covid_text;
  for (const int year : request.covid_years) covid_text += (covid_text.empty() ? "" : ", ") + financial_year(year);
  report += fmt::format(
      "The model starts in {} from its caseload of April {}. Its {} free parameters were fitted to the {} published figures of "
      "the years up to {} only (the expected-value mode, Levenberg-Marquardt: {} iterations, cost {:.4g} at the start and "
      "{:.4g} at the end). The years to {} were then projected with {} Monte Carlo replicates, and every figure published for "
      "them is set against the forecast: the forecast's mean and 5th-95th percentiles, the mean's relative error, whether it is "
      "within the figure's tolerance, and whether the published figure fell inside the band. {}Took {:.0f} s.\n\n",
      financial_year(first_year), base->care.caseload_year, targets.parameters.size(), summary.fitted,
      financial_year(request.fit_until), fit.iterations, fit.initial_cost, fit.cost, financial_year(loaded.scenario.end_year()),
      request.replicates,
      covid_text.empty() ? ""
                         : "Figures of " + covid_text + " are marked COVID: the model knows nothing of the pandemic (its rates "
                           "are those of ordinary years), so those figures are shown but summarised apart. ",
      summary.seconds);
  report += summary_section(summary_groups(compared, fitter), request, covid_text, on_bound, model_error);

  report += "\n## Parameters fitted\n\n" + parameter_rows;
  report += fmt::format("\n## The forecast against what was published ({} to {})\n\n", financial_year(request.fit_until + 1),
                        financial_year(loaded.scenario.end_year()));
  report += comparison_header + comparison_rows(fitter, compared.forecast);
  report += fmt::format("\n## The fitted years (to {})\n\nThese figures were fitted; they show how well the model could be "
                        "made to reproduce its starting years, not how well it forecasts.\n\n",
                        financial_year(request.fit_until));
  report += comparison_header + comparison_rows(fitter, compared.in_sample);
  if (!compared.not_compared.empty()) {
    report += "\n## Figures not compared\n\n| figure | why | source |\n|---|---|---|\n" + compared.not_compared;
  }

  {
    std::ofstream out(output.temporary(), std::ios::binary | std::ios::trunc);
    out << report;
    out.close();
    if (!out) throw WriteError::from_errno(request.output, "write the report");
  }
  if (record_output) {
    std::ofstream out(record_output->temporary(), std::ios::binary | std::ios::trunc);
    out << backtest_record_text(record_of(compared, fitter, request));
    out.close();
    if (!out) throw WriteError::from_errno(*request.record, "write the backtest record");
  }
  output.commit();
  if (record_output) record_output->commit();
  return summary;
}

}  // namespace carecast
