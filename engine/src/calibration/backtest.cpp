#include "carecast/calibration/backtest.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
#include <tuple>
#include <optional>

#include "backtest_report.h"
#include "backtest_scoring.h"
#include "carecast/calibration/fit_report.h"
#include "carecast/calibration/target_fit.h"
#include "carecast/core/version.h"
#include "carecast/loading/backtest_record_loader.h"
#include "carecast/loading/model_loader.h"
#include "carecast/output/pending_output.h"

namespace carecast {
namespace {

// What the backtest runs at one origin: the model in the origin's ex-ante
// scenario and, with --conditional, in the scenario of what happened.
struct Forecasters {
  const TargetFit& ex_ante;
  const TargetFit* conditional = nullptr;
};

// A fit at one origin and the forecasts made from it, which a later origin
// whose fit sees the same figures reuses: the ex-ante forecast too when the
// later origin runs in the same ex-ante scenario.
struct FittedForecast {
  std::vector<bool> use;
  LeastSquaresResult fit;
  std::optional<ParameterUncertainty> uncertainty;
  const TargetFit* ex_ante_fitter = nullptr;
  ForecastDraws ex_ante;
  std::optional<ForecastDraws> conditional;
  double model_error = 0.0;
  double in_sample_error = 0.0;
  std::vector<std::pair<std::string, double>> model_error_by_measure;

  const ParameterUncertainty* posterior() const { return uncertainty && uncertainty->unavailable.empty() ? &*uncertainty : nullptr; }
};

void forecast_ex_ante(const TargetFit& ex_ante, const BacktestRequest& request, FittedForecast& made) {
  made.ex_ante_fitter = &ex_ante;
  made.ex_ante.chance = ex_ante.monte_carlo(made.fit.solution, request.replicates, request.threads);
  made.ex_ante.parameters = made.posterior() ? ex_ante.monte_carlo(made.fit.solution, request.replicates, request.threads, made.posterior())
                                             : made.ex_ante.chance;
}

FittedForecast fit_and_forecast(const Forecasters& forecasters, const BacktestRequest& request, std::vector<bool> use,
                                const std::vector<double>* start) {
  FittedForecast made;
  made.use = std::move(use);
  made.fit = forecasters.ex_ante.fit(made.use, start);
  made.uncertainty = forecasters.ex_ante.uncertainty(made.use, made.fit.solution);
  forecast_ex_ante(forecasters.ex_ante, request, made);
  if (forecasters.conditional) {
    // Given what happened, only the full band is scored: the parameters'
    // layer is drawn and the chance layer stands in for itself.
    ForecastDraws given;
    given.parameters = forecasters.conditional->monte_carlo(made.fit.solution, request.replicates, request.threads, made.posterior());
    given.chance = given.parameters;
    made.conditional = std::move(given);
  }
  // Model error: what the fit misses on a measure it has not seen, each
  // measure the fit saw left out in turn (group_deletion.h), taken as the
  // log-sd of a discrepancy between model and published figure. The figures
  // after the origin are mostly of measures no fit saw (spending, requests,
  // clients in total), and the fit's residuals on its own measures
  // understate that error.
  std::vector<std::string> measures;
  for (const ResolvedTarget& target : forecasters.ex_ante.targets()) measures.push_back(measure_of(*target.target));
  const std::optional<GroupDeletion> deleted = forecasters.ex_ante.leave_groups_out(made.use, made.fit.solution, measures);
  if (deleted && std::isfinite(deleted->model_error)) {
    made.model_error = deleted->model_error;
    for (std::size_t g = 0; g < deleted->group_names.size(); ++g) {
      made.model_error_by_measure.emplace_back(deleted->group_names[g], std::sqrt(deleted->group_mean_square[g]));
    }
  }
  made.in_sample_error =
      made.uncertainty && std::isfinite(made.uncertainty->residual_variance) ? std::sqrt(made.uncertainty->residual_variance) : 0.0;
  if (made.model_error_by_measure.empty()) made.model_error = made.in_sample_error;
  return made;
}

// The model run in another scenario than the fit's, which must cover the
// same years (`option` names it in the message).
void check_same_years(const TargetFit& other, const LoadedScenario& loaded, const std::string& option) {
  const Scenario& scenario = other.scenario().scenario;
  if (scenario.start_year != loaded.scenario.start_year || scenario.end_year() != loaded.scenario.end_year()) {
    throw InputError(fmt::format("{}: must cover the same years as the backtest's scenario ({} to {})", option,
                                 loaded.scenario.start_year, loaded.scenario.end_year()));
  }
}

// The forecast of one origin scored, ex ante and given what happened, each
// beside naive forecasts started at that origin.
OriginForecast score_origin(const Forecasters& forecasters, const BacktestRequest& request, int origin, const FittedForecast& made) {
  OriginForecast scored;
  scored.origin = origin;
  scored.fit = made.fit;
  scored.uncertainty = made.uncertainty;
  scored.model_error = made.model_error;
  scored.in_sample_error = made.in_sample_error;
  scored.model_error_by_measure = made.model_error_by_measure;
  const ReplicateValues at_fit = forecasters.ex_ante.expected(made.fit.solution);
  scored.ex_ante = compare_with_published(forecasters.ex_ante, request, origin, made.ex_ante, made.model_error,
                                          NaiveForecasts(forecasters.ex_ante, at_fit, origin));
  if (forecasters.conditional && made.conditional) {
    const ReplicateValues given = forecasters.conditional->expected(made.fit.solution);
    scored.conditional = compare_with_published(*forecasters.conditional, request, origin, *made.conditional, made.model_error,
                                                NaiveForecasts(*forecasters.conditional, given, origin));
  }
  return scored;
}

std::vector<int> checked_origins(const BacktestRequest& request, const LoadedScenario& loaded) {
  std::vector<int> origins = request.fit_until;
  std::sort(origins.begin(), origins.end());
  origins.erase(std::unique(origins.begin(), origins.end()), origins.end());
  if (origins.empty()) throw InputError("--fit-until: give at least one origin");
  for (const int origin : origins) {
    if (origin < loaded.scenario.start_year || origin >= loaded.scenario.end_year()) {
      throw InputError(fmt::format("--fit-until {}: must be a year the run covers before its last ({} to {})", origin,
                                   loaded.scenario.start_year, loaded.scenario.end_year()));
    }
  }
  return origins;
}

std::string introduction(const BacktestRequest& request, const Model& base, const LoadedScenario& loaded,
                         const std::vector<OriginForecast>& origins, const LoadedScenario* conditional, double seconds) {
  std::string covid_text, origin_text;
  for (const int year : request.covid_years) covid_text += (covid_text.empty() ? "" : ", ") + financial_year(year);
  for (const OriginForecast& origin : origins) origin_text += (origin_text.empty() ? "" : ", ") + financial_year(origin.origin);
  std::string text = fmt::format(
      "The model starts in {} from its caseload of April {} and runs to {}. The forecast is made from each origin in turn ({}): "
      "the free parameters are fitted to the published figures of the years up to the origin only (the expected-value mode, "
      "Levenberg-Marquardt, each origin's fit starting from the last one's), the run keeps its start, and the years after the "
      "origin are projected with {} Monte Carlo replicates; every figure published for them is set against the forecast, "
      "its error counted by how many years ahead of the origin it lies. ",
      financial_year(loaded.scenario.start_year), base.care.caseload_year, financial_year(loaded.scenario.end_year()), origin_text,
      request.replicates);
  if (!covid_text.empty()) {
    text += "Figures of " + covid_text + " are marked COVID: the model knows nothing of the pandemic (its rates are those of "
            "ordinary years), so no fit sees them and the forecasts of them are summarised apart. ";
  }
  text += request.origin_scenarios.empty()
              ? fmt::format("The forecast is ex ante: it runs in \"{}\", which should hold what was expected at the first origin "
                            "(inflation, wages), and every later origin keeps it. ",
                            loaded.scenario.title)
              : "The forecast is ex ante: from each origin it runs in a scenario of what was expected then (inflation, wages), "
                "named below; an origin without its own keeps the last one's. ";
  if (conditional) {
    text += fmt::format("Beside it, the conditional forecast reruns each origin's fitted parameters in \"{}\" ({}), so what "
                        "remains of its error is the care model's own. ",
                        conditional->scenario.title, request.conditional->string());
  }
  return text + fmt::format("Took {:.0f} s.\n\n", seconds);
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
  const std::vector<int> origin_years = checked_origins(request, loaded);
  std::optional<TargetFit> conditional_fit;
  if (request.conditional) {
    conditional_fit.emplace(base, fitting_scenario(request.model, base, targets, request.conditional, request.replicates), targets);
    check_same_years(*conditional_fit, loaded, "--conditional " + request.conditional->string());
  }
  std::map<int, TargetFit> origin_fitters;
  for (const auto& [year, file] : request.origin_scenarios) {
    if (std::find(origin_years.begin(), origin_years.end(), year) == origin_years.end()) {
      throw InputError(fmt::format("--origin-scenario {}={}: {} is not an origin given with --fit-until", year, file.string(), year));
    }
    const TargetFit& added = origin_fitters.emplace(std::piecewise_construct, std::forward_as_tuple(year),
                                                    std::forward_as_tuple(base, fitting_scenario(request.model, base, targets, file, request.replicates), targets))
                                 .first->second;
    check_same_years(added, loaded, fmt::format("--origin-scenario {}={}", year, file.string()));
  }

  std::vector<OriginForecast> origins;
  std::optional<FittedForecast> made;
  const TargetFit* ex_ante = &fitter;
  for (const int origin : origin_years) {
    if (origin_fitters.count(origin)) ex_ante = &origin_fitters.at(origin);
    const Forecasters forecasters{*ex_ante, conditional_fit ? &*conditional_fit : nullptr};
    std::vector<bool> use(fitter.targets().size());
    for (std::size_t k = 0; k < use.size(); ++k) use[k] = fitted_at(fitter.targets()[k], request, origin);
    const int reused = made && made->use == use ? origins.back().origin : 0;
    const bool same_forecast = reused && made->ex_ante_fitter == ex_ante;
    if (!reused) {
      made = fit_and_forecast(forecasters, request, use, made ? &made->fit.solution : nullptr);
    } else if (!same_forecast) {
      forecast_ex_ante(*ex_ante, request, *made);
    }
    OriginForecast scored = score_origin(forecasters, request, origin, *made);
    scored.same_forecast = same_forecast;
    scored.same_fit_as = reused ? (origins.back().same_fit_as ? origins.back().same_fit_as : reused) : 0;
    scored.scenario_title = ex_ante->scenario().scenario.title;
    scored.parameter_rows = parameter_table(*base, targets.parameters, made->fit.solution, made->uncertainty, &scored.on_bound) + "\n" +
                            uncertainty_section(targets.parameters, made->uncertainty);
    origins.push_back(std::move(scored));
  }

  BacktestSummary summary;
  summary.fitted = static_cast<int>(origins.front().ex_ante.in_sample.size());
  for (const OriginForecast& origin : origins) {
    summary.checked += static_cast<int>(origin.ex_ante.forecast.size());
    for (const Comparison& comparison : origin.ex_ante.forecast) {
      summary.within_tolerance += comparison.within_tolerance ? 1 : 0;
      summary.inside_band += comparison.inside_band() ? 1 : 0;
    }
  }
  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  std::string report = fmt::format("# Backtest: {}\n\n", targets.title);
  report += fmt::format(
      "Generated by `{}` (carecast {}, revision {}; model {} {}; scenario \"{}\"). Do not edit by hand: rerun the command.\n\n",
      request.command, program_version, git_revision(), base->name, base->version, loaded.scenario.title);
  report += introduction(request, *base, loaded, origins, conditional_fit ? &conditional_fit->scenario() : nullptr, summary.seconds);
  report += backtest_summary(origins, fitter);
  for (const OriginForecast& origin : origins) report += origin_section(origin, fitter, loaded.scenario.end_year());
  if (!origins.front().ex_ante.not_compared.empty()) {
    report += "\n## Figures not compared\n\n| figure | why | source |\n|---|---|---|\n" + origins.front().ex_ante.not_compared;
  }

  {
    std::ofstream out(output.temporary(), std::ios::binary | std::ios::trunc);
    out << report;
    out.close();
    if (!out) throw WriteError::from_errno(request.output, "write the report");
  }
  if (record_output) {
    std::ofstream out(record_output->temporary(), std::ios::binary | std::ios::trunc);
    out << backtest_record_text(backtest_record_of(origins, fitter, request));
    out.close();
    if (!out) throw WriteError::from_errno(*request.record, "write the backtest record");
  }
  output.commit();
  if (record_output) record_output->commit();
  return summary;
}

}  // namespace carecast
