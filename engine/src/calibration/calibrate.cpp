#include "carecast/calibration/calibrate.h"

#include <fmt/core.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>

#include "carecast/calibration/least_squares.h"
#include "carecast/calibration/model_adjustment.h"
#include "carecast/calibration/query.h"
#include "carecast/calibration/targets.h"
#include "carecast/core/number_text.h"
#include "carecast/core/version.h"
#include "carecast/loading/scenario.h"
#include "carecast/output/statistics.h"
#include "carecast/report/finance_format.h"
#include "carecast/parallel/runner.h"
#include "carecast/simulation/simulation.h"

namespace carecast {
namespace {

// A target as the fit sees it: its queries resolved against the run.
struct Resolved {
  const PublishedTarget* target;
  ResolvedQuery query;
  std::optional<ResolvedQuery> per;
  std::string outside;  // why it is not fitted, or empty
};

double value_of(const Resolved& resolved, const ReplicateValues& values) {
  const double amount = evaluate_query(resolved.query, values);
  if (!resolved.per) return amount;
  const double base = evaluate_query(*resolved.per, values);
  return base > 0.0 ? resolved.target->scale * amount / base : 0.0;
}

// The scenario a calibration runs: the given one, or the model alone from
// its caseload year to the last year a target names (within the projection).
LoadedScenario calibration_scenario(const CalibrationRequest& request, const std::shared_ptr<const Model>& model,
                                    const TargetsFile& targets) {
  if (request.scenario) {
    LoadedScenario loaded = load_scenario(*request.scenario, {request.model.parent_path()});
    if (loaded.model->name != model->name) {
      throw InputError(request.scenario->string() + ": the scenario runs model " + loaded.model->name + ", not " + model->name);
    }
    loaded.model = model;
    return loaded;
  }
  int last = model->care.caseload_year;
  for (const PublishedTarget& target : targets.targets) {
    for (const auto& chosen : target.query.where) {
      if (chosen.dimension != "year") continue;
      for (const std::string& year : chosen.values) {
        try {
          last = std::max(last, std::stoi(year));
        } catch (const std::exception&) {
        }
      }
    }
  }
  last = std::min(last, model->population.projection.last_year() - 1);
  const std::string text = fmt::format(
      "title: Calibration of {}\nmodel: {}\nstart_year: {}\nhorizon: {}\nreplicates: {}\nseed: 1\n", model->name,
      model->name, model->care.caseload_year, std::max(1, last - model->care.caseload_year + 1), request.check_replicates);
  const auto folder = std::filesystem::temp_directory_path() / fmt::format("carecast-calibrate-{}", ::getpid());
  std::filesystem::create_directories(folder);
  const auto file = folder / "calibration.yaml";
  std::ofstream(file) << text;
  LoadedScenario loaded = load_scenario(file, {request.model.parent_path()});
  std::filesystem::remove_all(folder);
  loaded.model = model;
  return loaded;
}

std::string percent(double share) { return fmt::format("{:+.1f}%", 100.0 * share); }

std::string figure(double value) {
  const double size = std::abs(value);
  if (size >= 10.0) return report::with_thousands(value, size >= 1000.0 ? 0 : 1);
  return fmt::format("{:.3g}", value);
}

std::string cell(std::string text) {
  std::replace(text.begin(), text.end(), '|', '/');
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

}  // namespace

CalibrationSummary calibrate_model(const CalibrationRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  if (std::filesystem::exists(request.output) && !request.force) {
    throw InputError(request.output.string() + ": already exists (use --force to replace it)");
  }
  if (!std::filesystem::is_directory(request.output.parent_path().empty() ? "." : request.output.parent_path())) {
    throw InputError(request.output.string() + ": the folder it goes in does not exist");
  }
  const auto base = load_model(request.model, request.model.string());
  const TargetsFile targets = read_targets(request.targets, request.targets.string(), *base);
  if (targets.parameters.empty()) {
    throw InputError(request.targets.string() + ": parameters: the file declares no free parameters to fit");
  }
  const LoadedScenario loaded = calibration_scenario(request, base, targets);

  // Resolve every query against the run's layout once: bad names fail here,
  // before any fitting.
  const Simulation initial_run(loaded);
  std::vector<Resolved> resolved;
  // Money quantities exist only in runs of a scenario with a money section.
  const std::vector<std::string> money_quantities = {"spend_gross", "spend_income", "spend_net", "other_costs", "net_spend",
                                                     "budget", "grants", "mtfp_bridge", "overspend", "overspend_occurred"};
  auto needs_money = [&](const TargetQuery& query) {
    return !initial_run.layout().has_quantity(query.quantity) &&
           std::find(money_quantities.begin(), money_quantities.end(), query.quantity) != money_quantities.end();
  };
  for (std::size_t k = 0; k < targets.targets.size(); ++k) {
    const PublishedTarget& target = targets.targets[k];
    const std::string context = target.where.to_string() + ": targets[" + std::to_string(k) + "]";
    if (needs_money(target.query) || (target.per && needs_money(*target.per))) {
      resolved.push_back({&target, {}, std::nullopt, "a money figure: calibrate with --scenario naming a scenario with money"});
      continue;
    }
    Resolved entry{&target, resolve_query(target.query, initial_run.layout(), context + ".query"), std::nullopt, ""};
    if (target.per) entry.per = resolve_query(*target.per, initial_run.layout(), context + ".per");
    entry.outside = !entry.query.outside.empty() ? entry.query.outside : entry.per ? entry.per->outside : "";
    if (entry.outside.empty() && target.value <= 0.0) entry.outside = "the published figure is 0, which a relative error cannot use";
    if (entry.outside.empty() && target.weight <= 0.0) entry.outside = "weight 0";
    resolved.push_back(std::move(entry));
  }
  std::vector<const Resolved*> fitted;
  for (const Resolved& entry : resolved) {
    if (entry.outside.empty()) fitted.push_back(&entry);
  }

  const std::vector<FreeParameter>& parameters = targets.parameters;
  auto run_with = [&](const std::vector<double>& multipliers) {
    LoadedScenario adjusted = loaded;
    adjusted.model = std::make_shared<const Model>(adjusted_model(*base, parameters, multipliers));
    auto simulation = std::make_unique<Simulation>(adjusted);
    return std::make_pair(std::move(adjusted), std::move(simulation));
  };
  auto expected_values = [&](const std::vector<double>& multipliers) {
    const auto [adjusted, simulation] = run_with(multipliers);
    ReplicateValues values;
    simulation->run_expected(values);
    return values;
  };
  LeastSquaresProblem problem;
  for (const FreeParameter& parameter : parameters) {
    problem.initial.push_back(parameter.initial);
    problem.lower.push_back(parameter.min);
    problem.upper.push_back(parameter.max);
  }
  problem.residuals = [&](const std::vector<double>& multipliers) {
    const ReplicateValues values = expected_values(multipliers);
    std::vector<double> residuals;
    for (const Resolved* entry : fitted) {
      const PublishedTarget& target = *entry->target;
      residuals.push_back(std::sqrt(target.weight) * (value_of(*entry, values) - target.value) / target.value);
    }
    return residuals;
  };
  LeastSquaresResult fit;
  if (fitted.empty()) {
    fit.solution = problem.initial;
  } else {
    fit = minimise_squares(problem);
  }
  const ReplicateValues at_fit = expected_values(fit.solution);
  const ReplicateValues at_start = expected_values(problem.initial);

  // The Monte Carlo check at the fitted parameters.
  const auto [checked_scenario, checked] = run_with(fit.solution);
  RunOptions options;
  options.threads = request.threads;
  const ReplicateStore store = run_replicates(*checked, 0, request.check_replicates, options);
  const OutputLayout& layout = checked->layout();
  ReplicateValues one;
  one.reset(layout);

  // Each fitted target's value in each replicate, one replicate at a time.
  std::vector<std::vector<double>> draws_of(resolved.size());
  for (std::int64_t r = 0; r < request.check_replicates; ++r) {
    for (std::size_t q = 0; q < layout.quantities().size(); ++q) {
      const std::size_t size = layout.size(q);
      const double* values = store.replicate_values(q, r, size);
      std::copy(values, values + size, one.arrays[q].begin());
    }
    for (std::size_t k = 0; k < resolved.size(); ++k) {
      if (resolved[k].outside.empty()) draws_of[k].push_back(value_of(resolved[k], one));
    }
  }

  CalibrationSummary summary;
  summary.targets = static_cast<int>(resolved.size());
  summary.fitted = static_cast<int>(fitted.size());
  std::string rows;
  std::string outside_rows;
  std::vector<std::string> warnings;
  for (std::size_t k = 0; k < resolved.size(); ++k) {
    const Resolved& entry = resolved[k];
    const PublishedTarget& target = *entry.target;
    if (!entry.outside.empty()) {
      outside_rows += fmt::format("| {} | `{}` | {} | {} | {} |\n", cell(target.name), cell(target.query.text), figure(target.value),
                                  cell(entry.outside), cell(target.source));
      continue;
    }
    std::vector<double>& draws = draws_of[k];
    std::sort(draws.begin(), draws.end());
    double mean = 0.0;
    for (const double draw : draws) mean += draw;
    mean /= static_cast<double>(draws.size());
    auto quantile = [&](double p) { return quantile_sorted(draws, p); };
    const double before = value_of(entry, at_start);
    const double after = value_of(entry, at_fit);
    const double error = (mean - target.value) / target.value;
    const bool within = std::abs(error) <= target.tolerance;
    if (within) ++summary.within_tolerance;
    const std::string query = "`" + cell(target.query.text) + "`" + (target.per ? " per `" + cell(target.per->text) + "`" : "");
    rows += fmt::format("| {} | {} | {} | {} | {} | {} ({}-{}) | {} | {} (±{:.0f}%) | {} | {} |\n", cell(target.name), query,
                        figure(target.value),
                        figure(before), figure(after), figure(mean), figure(quantile(0.05)), figure(quantile(0.95)),
                        percent(error), within ? "yes" : "**no**", 100.0 * target.tolerance, target.weight, cell(target.source));
  }
  // Targets that cannot all be met: the same query published twice with values further apart than their tolerances.
  for (std::size_t a = 0; a < resolved.size(); ++a) {
    for (std::size_t b = a + 1; b < resolved.size(); ++b) {
      const PublishedTarget& first = *resolved[a].target;
      const PublishedTarget& second = *resolved[b].target;
      const bool same_query = first.query.text == second.query.text &&
                              (first.per ? second.per && first.per->text == second.per->text : !second.per);
      const double apart = std::abs(first.value - second.value) / std::max(first.value, second.value);
      if (same_query && apart > first.tolerance + second.tolerance) {
        warnings.push_back(fmt::format("targets conflict: \"{}\" ({}) and \"{}\" ({}) publish the same query {} apart", first.name,
                                       figure(first.value), second.name, figure(second.value), percent(apart)));
      }
    }
  }
  std::string parameter_rows;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const FreeParameter& parameter = parameters[k];
    const double value = fit.solution[k];
    const double span = parameter.max - parameter.min;
    const bool on_bound = value <= parameter.min + 1e-3 * span || value >= parameter.max - 1e-3 * span;
    if (on_bound && !fitted.empty()) {
      ++summary.parameters_on_bound;
      warnings.push_back(fmt::format("parameter {} sits on its bound ({} within {} to {}): the targets pull it further than its "
                                     "bounds allow, or it is not identified by them",
                                     parameter.name, shortest_text(value), shortest_text(parameter.min), shortest_text(parameter.max)));
    }
    const std::string group = parameter.client_group < 0 ? "all" : base->care.client_groups[static_cast<std::size_t>(parameter.client_group)].id;
    const std::string setting = parameter.setting < 0 ? "all" : base->care.settings[static_cast<std::size_t>(parameter.setting)].id;
    parameter_rows += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} | {} |\n", cell(parameter.name), effect_name(parameter.effect), group,
                                  setting, shortest_text(parameter.initial), fmt::format("{:.4f}", value), shortest_text(parameter.min),
                                  shortest_text(parameter.max), cell(parameter.reason));
  }
  if (fitted.empty()) warnings.push_back("no target falls in the years the model simulates, so nothing was fitted and every parameter keeps its initial value");

  summary.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::string report = fmt::format("# {}\n\n", targets.title);
  report += fmt::format(
      "Generated by `{}` (carecast {}, revision {}; model {} {}; {} to {}). Do not edit by hand: rerun the command.\n\n",
      request.command, program_version, git_revision(), base->name, base->version, loaded.scenario.start_year, loaded.scenario.end_year());
  report += fmt::format(
      "The fit minimises the weighted sum of squared relative errors of the expected-value mode (docs/model.md) over the free "
      "parameters, within their bounds (Levenberg-Marquardt: {} iterations, {} evaluations, cost {:.4g} at the start and {:.4g} at "
      "the end). The check is a Monte Carlo run of {} replicates at the fitted parameters: its mean and 5th-95th percentiles, and "
      "the mean's relative error against the published figure. {} of {} targets fall in the simulated years; {} of those are "
      "within tolerance. Took {:.0f} s.\n\n",
      fit.iterations, fit.evaluations, fit.initial_cost, fit.cost, request.check_replicates, summary.fitted, summary.targets,
      summary.within_tolerance, summary.seconds);
  if (!warnings.empty()) {
    report += "## Warnings\n\n";
    for (const std::string& warning : warnings) report += "- " + warning + "\n";
    report += "\n";
  }
  report += "## Parameters\n\n| parameter | multiplies | client group | setting | initial | fitted | min | max | why free |\n"
            "|---|---|---|---|---:|---:|---:|---:|---|\n" + parameter_rows + "\n";
  report += "## Targets fitted\n\n| target | query | published | expected at start | expected at fit | Monte Carlo mean (5%-95%) | "
            "error | within | weight | source |\n|---|---|---:|---:|---:|---:|---:|---|---:|---|\n" + rows + "\n";
  if (!outside_rows.empty()) {
    report += "## Targets not fitted\n\n| target | query | published | why | source |\n|---|---|---:|---|---|\n" + outside_rows;
  }

  // Everything is written to a staging folder and renamed into place.
  const auto staging = request.output.parent_path() / fmt::format(".{}.tmp-{}", request.output.filename().string(), ::getpid());
  std::filesystem::remove_all(staging);
  try {
    write_calibrated_model(*base, parameters, fit.solution, staging,
                           "calibrated by carecast calibrate against " + request.targets.filename().string());
    std::ofstream(staging / "calibration-report.md") << report;
    if (std::filesystem::exists(request.output)) std::filesystem::remove_all(request.output);
    std::filesystem::rename(staging, request.output);
  } catch (...) {
    std::filesystem::remove_all(staging);
    throw;
  }
  return summary;
}

}  // namespace carecast
