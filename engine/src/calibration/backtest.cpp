#include "carecast/calibration/backtest.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>

#include "carecast/calibration/fit_report.h"
#include "carecast/calibration/target_fit.h"
#include "carecast/core/version.h"
#include "carecast/loading/model_loader.h"
#include "carecast/output/pending_output.h"
#include "carecast/output/statistics.h"

namespace carecast {
namespace {

using fit_text::cell;
using fit_text::figure;
using fit_text::percent;

// One published figure set against the run.
struct Comparison {
  std::size_t target = 0;
  DrawSummary forecast;
  double error = 0.0;  // (mean - published) / published
  bool within_tolerance = false;
  bool inside_band = false;
  bool covid = false;
};

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
    inside += comparison->inside_band ? 1 : 0;
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
                        comparison.within_tolerance ? "yes" : "**no**", comparison.inside_band ? "yes" : "**no**",
                        cell(target.source));
  }
  return rows;
}

const char* comparison_header =
    "| figure | year | published | forecast mean (5% to 95%) | error | within tolerance | published inside band | source |\n"
    "|---|---|---:|---:|---:|---|---|---|\n";

// The published figures set against the forecast: those of the fitted
// years and those after, each measure's rows together in year order, and
// the rows of the figures the run cannot give.
struct Comparisons {
  std::vector<Comparison> in_sample;
  std::vector<Comparison> forecast;
  std::string not_compared;
};

Comparisons compare_with_published(const TargetFit& fitter, const BacktestRequest& request,
                                   const std::vector<std::vector<double>>& draws) {
  const std::vector<ResolvedTarget>& resolved = fitter.targets();
  Comparisons compared;
  for (std::size_t k = 0; k < resolved.size(); ++k) {
    const ResolvedTarget& entry = resolved[k];
    const PublishedTarget& target = *entry.target;
    if (!entry.outside.empty()) {
      compared.not_compared += fmt::format("| {} | {} | {} |\n", cell(target.name), cell(entry.outside), cell(target.source));
      continue;
    }
    Comparison comparison;
    comparison.target = k;
    comparison.forecast = summarise_draws(draws[k]);
    comparison.error = (comparison.forecast.mean - target.value) / target.value;
    comparison.within_tolerance = std::abs(comparison.error) <= target.tolerance;
    comparison.inside_band = target.value >= comparison.forecast.p5 && target.value <= comparison.forecast.p95;
    comparison.covid = std::find(request.covid_years.begin(), request.covid_years.end(), entry.year) != request.covid_years.end();
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

// The report's "Summary": figures within tolerance and inside the band in
// the fitted, forecast and COVID years, whether the band held what it
// should, warnings, and the table by measure.
std::string summary_section(const SummaryGroups& groups, const BacktestRequest& request, const std::string& covid_text,
                            const std::vector<std::string>& on_bound) {
  std::string report = "## Summary\n\n";
  auto share = [](std::size_t part, std::size_t whole) { return whole ? fmt::format("{:.0f}%", 100.0 * part / whole) : "-"; };
  auto count_if = [](const std::vector<const Comparison*>& set, bool Comparison::*flag) {
    return static_cast<std::size_t>(std::count_if(set.begin(), set.end(), [&](const Comparison* c) { return c->*flag; }));
  };
  const std::vector<const Comparison*>& usual = groups.usual;
  const std::size_t usual_inside = count_if(usual, &Comparison::inside_band);
  report += fmt::format(
      "- Fitted years (to {}): {} of {} figures within tolerance after the fit.\n", financial_year(request.fit_until),
      count_if(groups.fitted, &Comparison::within_tolerance), groups.fitted.size());
  report += fmt::format(
      "- Forecast years{}: {} of {} figures within tolerance ({}); {} inside the forecast's 5th-95th percentile band ({}).\n",
      covid_text.empty() ? "" : ", COVID year(s) apart", count_if(usual, &Comparison::within_tolerance), usual.size(),
      share(count_if(usual, &Comparison::within_tolerance), usual.size()), usual_inside, share(usual_inside, usual.size()));
  if (!groups.covid.empty()) {
    report += fmt::format("- COVID year(s) {}: {} of {} figures within tolerance; {} inside the band.\n", covid_text,
                          count_if(groups.covid, &Comparison::within_tolerance), groups.covid.size(),
                          count_if(groups.covid, &Comparison::inside_band));
  }
  if (!usual.empty()) {
    // A 90% band should hold about 90% of outcomes; far fewer means the
    // forecast's stated uncertainty leaves out the larger part of its error.
    const double held = static_cast<double>(usual_inside) / static_cast<double>(usual.size());
    if (held < 0.7) {
      report += fmt::format(
          "- The band is too narrow: a 5th-95th percentile band should hold about 90% of outcomes and held {:.0f}%. The "
          "Monte Carlo spread covers chance and the scenario's stated uncertain assumptions, not the error in the model's "
          "rates and structure, which dominates here.\n",
          100.0 * held);
    } else {
      report += fmt::format("- The band held {:.0f}% of outcomes, against about 90% for a well-judged 5th-95th percentile band.\n",
                            100.0 * held);
    }
  }
  for (const std::string& warning : on_bound) report += "- Warning: " + warning + ".\n";
  report += "\nBy measure (error = forecast mean against the published figure; bias = the mean error, + for a forecast too high):\n\n"
            "| measure | figures | within tolerance | inside band | median absolute error | bias |\n"
            "|---|---:|---:|---:|---:|---:|\n";
  for (const auto& [measure, set] : groups.usual_by_measure) report += summary_row("`" + measure + "`", set);
  for (const auto& [measure, set] : groups.covid_by_measure) report += summary_row("`" + measure + "`, COVID year", set);
  report += summary_row("fitted years, all measures", groups.fitted);
  return report;
}

}  // namespace

BacktestSummary backtest_model(const BacktestRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  PendingOutput output(request.output, request.force);
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
    use[k] = resolved[k].outside.empty() && resolved[k].year <= request.fit_until && resolved[k].target->weight > 0.0;
  }
  const LeastSquaresResult fit = fitter.fit(use);
  const std::optional<ParameterUncertainty> uncertainty = fitter.uncertainty(use, fit.solution);
  const Comparisons compared =
      compare_with_published(fitter, request, fitter.monte_carlo(fit.solution, request.replicates, request.threads));

  BacktestSummary summary;
  summary.fitted = static_cast<int>(compared.in_sample.size());
  summary.checked = static_cast<int>(compared.forecast.size());
  for (const Comparison& comparison : compared.forecast) {
    summary.within_tolerance += comparison.within_tolerance ? 1 : 0;
    summary.inside_band += comparison.inside_band ? 1 : 0;
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
  report += summary_section(summary_groups(compared, fitter), request, covid_text, on_bound);

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
  output.commit();
  return summary;
}

}  // namespace carecast
