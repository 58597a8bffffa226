#include "carecast/calibration/target_fit.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <tuple>

#include "carecast/calibration/fit_report.h"
#include "carecast/calibration/model_adjustment.h"
#include "carecast/core/error.h"
#include "carecast/core/number_text.h"
#include "carecast/output/quantities.h"
#include "carecast/output/statistics.h"
#include "carecast/run/run_service.h"
#include "carecast/run/simulation.h"

namespace carecast {
namespace {

// Money quantities exist only in runs of a scenario with a money section.
bool needs_money(const TargetQuery& query, const OutputLayout& layout) {
  return std::any_of(query.terms.begin(), query.terms.end(), [&](const TargetQuery::Term& term) {
    const QuantityEntry* entry = find_quantity(term.quantity);
    return !layout.has_quantity(term.quantity) && entry && entry->presence == QuantityPresence::with_money;
  });
}

// The scenario with the model's figures multiplied and each need trend set:
// a trend the fit frees replaces the scenario's need_growth for its groups,
// in the central inputs and in every replicate (no draw is written there).
LoadedScenario scenario_with(const LoadedScenario& scenario, const Model& base, const std::vector<FreeParameter>& parameters,
                             const std::vector<double>& values) {
  LoadedScenario adjusted = scenario;
  adjusted.model = std::make_shared<const Model>(adjusted_model(base, parameters, values));
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    if (!parameters[k].is_trend()) continue;
    for (std::size_t g = 0; g < adjusted.inputs.need_growth.size(); ++g) {
      if (!parameters[k].applies_to_group(static_cast<int>(g))) continue;
      adjusted.inputs.need_growth[g] = values[k];
      adjusted.bindings.release(adjusted.inputs, [g](ScenarioInputs& inputs) -> double& { return inputs.need_growth[g]; });
    }
  }
  return adjusted;
}

}  // namespace

LoadedScenario fitting_scenario(const std::filesystem::path& model_folder, const std::shared_ptr<const Model>& model,
                                const TargetsFile& targets, const std::optional<std::filesystem::path>& scenario,
                                std::int64_t replicates) {
  if (scenario) {
    LoadedScenario loaded = load_scenario(*scenario, {model_folder.parent_path()});
    if (loaded.model->name != model->name) {
      throw InputError(scenario->string() + ": the scenario runs model " + loaded.model->name + ", not " + model->name);
    }
    loaded.model = model;
    return loaded;
  }
  int last = model->care.caseload_year;
  for (const PublishedTarget& target : targets.targets) last = std::max(last, latest_year(target.query));
  last = std::min(last, model->population.projection.last_year() - 1);
  const std::string text = fmt::format(
      "title: Calibration of {}\nmodel: {}\nstart_year: {}\nhorizon: {}\nreplicates: {}\nseed: 1\n", model->name,
      model->name, model->care.caseload_year, std::max(1, last - model->care.caseload_year + 1), replicates);
  const auto folder = std::filesystem::temp_directory_path() / fmt::format("carecast-calibrate-{}", ::getpid());
  const auto file = folder / "calibration.yaml";
  std::error_code status;
  std::filesystem::create_directories(folder, status);
  if (status) throw WriteError(folder, "create the folder for the fit's scenario", status.message());
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  out.close();
  if (!out) throw WriteError::from_errno(file, "write the fit's scenario");
  LoadedScenario loaded = load_scenario(file, {model_folder.parent_path()});
  std::filesystem::remove_all(folder);
  loaded.model = model;
  return loaded;
}

TargetFit::TargetFit(std::shared_ptr<const Model> base, LoadedScenario scenario, const TargetsFile& targets)
    : base_(std::move(base)), scenario_(std::move(scenario)), parameters_(targets.parameters) {
  layout_ = Simulation(scenario_).layout();
  const OutputLayout& layout = layout_;
  for (std::size_t k = 0; k < targets.targets.size(); ++k) {
    const PublishedTarget& target = targets.targets[k];
    const std::string context = target.where.to_string() + ": targets[" + std::to_string(k) + "]";
    if (needs_money(target.query, layout) || (target.per && needs_money(*target.per, layout))) {
      ResolvedTarget entry;
      entry.target = &target;
      entry.year = latest_year(target.query);
      entry.outside = "a money figure: needs a scenario with a money section (--scenario)";
      resolved_.push_back(std::move(entry));
      continue;
    }
    ResolvedTarget entry = resolve_target(target, layout, context);
    if (entry.outside.empty() && target.value <= 0.0) entry.outside = "the published figure is 0, which a relative error cannot use";
    resolved_.push_back(std::move(entry));
  }
}

std::vector<double> TargetFit::initial() const {
  std::vector<double> values;
  for (const FreeParameter& parameter : parameters_) values.push_back(parameter.initial);
  return values;
}

double TargetFit::value_of(std::size_t target, const ReplicateValues& values) const {
  return measure(resolved_[target], values);
}

ReplicateValues TargetFit::expected(const std::vector<double>& values) const {
  return run_expected_in_memory(scenario_with(scenario_, *base_, parameters_, values));
}

LeastSquaresProblem TargetFit::problem(const std::vector<bool>& use) const {
  LeastSquaresProblem problem;
  problem.initial = initial();
  for (const FreeParameter& parameter : parameters_) {
    problem.lower.push_back(parameter.min);
    problem.upper.push_back(parameter.max);
  }
  const std::vector<std::size_t> chosen = this->chosen(use);
  if (chosen.empty() || parameters_.empty()) return problem;
  problem.residuals = [this, chosen](const std::vector<double>& values) {
    const ReplicateValues run = expected(values);
    std::vector<double> residuals;
    for (const std::size_t k : chosen) {
      const PublishedTarget& target = *resolved_[k].target;
      residuals.push_back(std::sqrt(target.weight) * (value_of(k, run) - target.value) / target.value);
    }
    return residuals;
  };
  return problem;
}

std::vector<std::size_t> TargetFit::chosen(const std::vector<bool>& use) const {
  std::vector<std::size_t> chosen;
  for (std::size_t k = 0; k < resolved_.size(); ++k) {
    if (use[k] && resolved_[k].outside.empty() && resolved_[k].target->weight > 0.0) chosen.push_back(k);
  }
  return chosen;
}

LeastSquaresResult TargetFit::fit(const std::vector<bool>& use, const std::vector<double>* start) const {
  LeastSquaresProblem chosen = problem(use);
  if (start) chosen.initial = *start;
  if (!chosen.residuals) {
    LeastSquaresResult unfitted;
    unfitted.solution = chosen.initial;
    return unfitted;
  }
  return minimise_squares(chosen);
}

std::optional<ParameterUncertainty> TargetFit::uncertainty(const std::vector<bool>& use, const std::vector<double>& solution) const {
  const LeastSquaresProblem chosen = problem(use);
  if (!chosen.residuals) return std::nullopt;
  return solution_uncertainty(chosen, solution);
}

std::optional<GroupDeletion> TargetFit::leave_groups_out(const std::vector<bool>& use, const std::vector<double>& solution,
                                                          const std::vector<std::string>& group_of) const {
  const LeastSquaresProblem fitted = problem(use);
  if (!fitted.residuals) return std::nullopt;
  std::vector<std::string> names;
  std::vector<int> group;
  for (const std::size_t k : chosen(use)) {
    const auto found = std::find(names.begin(), names.end(), group_of[k]);
    group.push_back(static_cast<int>(found - names.begin()));
    if (found == names.end()) names.push_back(group_of[k]);
  }
  GroupDeletion deleted = carecast::leave_groups_out(fitted, solution, group);
  deleted.group_names = std::move(names);
  return deleted;
}

LoadedScenario scenario_with_fit_uncertainty(const LoadedScenario& scenario, const Model& base,
                                             const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                                             const ParameterUncertainty& uncertainty) {
  LoadedScenario adjusted = scenario_with(scenario, base, parameters, values);
  const std::size_t count = parameters.size();
  std::vector<std::size_t> drawn;
  for (std::size_t k = 0; k < count; ++k) {
    const double error = uncertainty.standard_errors[k];
    if (std::isfinite(error) && error > 0.0) drawn.push_back(k);
  }
  if (drawn.empty()) return adjusted;
  const std::size_t before = adjusted.uncertain.size();
  for (const std::size_t k : drawn) {
    const FreeParameter& parameter = parameters[k];
    Distribution distribution;
    distribution.family = DistributionFamily::normal;
    const std::size_t assumption = adjusted.uncertain.size();
    if (parameter.is_trend()) {
      distribution.first = values[k];
      distribution.second = uncertainty.standard_errors[k];
      std::tie(distribution.lowest, distribution.highest) = drawn_range(parameter, values[k], uncertainty.standard_errors[k]);
      for (std::size_t g = 0; g < adjusted.inputs.need_growth.size(); ++g) {
        if (!parameter.applies_to_group(static_cast<int>(g))) continue;
        adjusted.inputs.need_growth[g] = distribution.median();
        adjusted.bindings.bind(assumption, [g](ScenarioInputs& inputs) -> double& { return inputs.need_growth[g]; });
      }
    } else {
      // The calibrated model holds the fitted value; the factor moves it.
      const auto [low, high] = drawn_range(parameter, values[k], uncertainty.standard_errors[k]);
      distribution.first = 1.0;
      distribution.second = uncertainty.standard_errors[k] / values[k];
      distribution.lowest = low / values[k];
      distribution.highest = high / values[k];
      RateFactor factor = parameter.rate_factor(distribution.median());
      const std::size_t index = adjusted.inputs.rate_factors.size();
      adjusted.inputs.rate_factors.push_back(std::move(factor));
      adjusted.bindings.bind(assumption, [index](ScenarioInputs& inputs) -> double& { return inputs.rate_factors[index].factor; });
    }
    adjusted.uncertain.push_back({"fit." + parameter.name, distribution, parameter.where});
  }
  // The scenario's own correlations, and the fit's among its parameters.
  const std::size_t total = adjusted.uncertain.size();
  std::vector<double> correlation(total * total, 0.0);
  for (std::size_t i = 0; i < total; ++i) correlation[i * total + i] = 1.0;
  for (std::size_t i = 0; i < before; ++i) {
    for (std::size_t j = 0; j < before; ++j) correlation[i * total + j] = scenario.correlation[i * before + j];
  }
  for (std::size_t a = 0; a < drawn.size(); ++a) {
    for (std::size_t b = 0; b < drawn.size(); ++b) {
      correlation[(before + a) * total + before + b] = uncertainty.correlation[drawn[a] * count + drawn[b]];
    }
  }
  adjusted.correlation = std::move(correlation);
  return adjusted;
}

std::vector<std::vector<double>> TargetFit::monte_carlo(const std::vector<double>& parameter_values, std::int64_t replicates,
                                                        int threads, const ParameterUncertainty* uncertainty) const {
  std::vector<std::vector<double>> draws(resolved_.size());
  const LoadedScenario scenario = uncertainty ? scenario_with_fit_uncertainty(scenario_, *base_, parameters_, parameter_values, *uncertainty)
                                              : scenario_with(scenario_, *base_, parameters_, parameter_values);
  run_replicates_in_memory(scenario, replicates, threads,
                           [&](std::int64_t, const ReplicateValues& run) {
                             for (std::size_t k = 0; k < resolved_.size(); ++k) {
                               if (resolved_[k].outside.empty()) draws[k].push_back(value_of(k, run));
                             }
                           });
  return draws;
}

DrawSummary summarise_draws(std::vector<double> draws) {
  DrawSummary summary;
  if (draws.empty()) return summary;
  std::sort(draws.begin(), draws.end());
  for (const double draw : draws) summary.mean += draw;
  summary.mean /= static_cast<double>(draws.size());
  summary.p5 = quantile_sorted(draws, 0.05);
  summary.p25 = quantile_sorted(draws, 0.25);
  summary.p75 = quantile_sorted(draws, 0.75);
  summary.p95 = quantile_sorted(draws, 0.95);
  return summary;
}

std::vector<std::string> conflicting_targets(const std::vector<ResolvedTarget>& targets) {
  std::vector<std::string> warnings;
  for (std::size_t a = 0; a < targets.size(); ++a) {
    for (std::size_t b = a + 1; b < targets.size(); ++b) {
      const PublishedTarget& first = *targets[a].target;
      const PublishedTarget& second = *targets[b].target;
      const bool same_query = first.query.text == second.query.text &&
                              (first.per ? second.per && first.per->text == second.per->text : !second.per);
      const double apart = std::abs(first.value - second.value) / std::max(first.value, second.value);
      if (same_query && apart > first.tolerance + second.tolerance) {
        warnings.push_back(fmt::format("targets conflict: \"{}\" ({}) and \"{}\" ({}) publish the same query {} apart", first.name,
                                       fit_text::figure(first.value), second.name, fit_text::figure(second.value),
                                       fit_text::percent(apart)));
      }
    }
  }
  return warnings;
}

}  // namespace carecast
