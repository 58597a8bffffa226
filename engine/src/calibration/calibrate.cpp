#include "carecast/calibration/calibrate.h"

#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>

#include "carecast/calibration/fit_report.h"
#include "carecast/calibration/model_adjustment.h"
#include "carecast/calibration/target_fit.h"
#include "carecast/core/number_text.h"
#include "carecast/core/version.h"
#include "carecast/loading/model_loader.h"
#include "carecast/output/temporary_files.h"

namespace carecast {

using fit_text::cell;
using fit_text::figure;
using fit_text::percent;

namespace {

std::filesystem::path folder_of(const std::filesystem::path& output) {
  return output.parent_path().empty() ? std::filesystem::path(".") : output.parent_path();
}

// The calibrated model and its report, written to a staging folder beside
// the output and renamed into place: the folder appears whole or not at all.
// Without --force nothing that appeared at the output meanwhile is replaced.
void write_calibrated_folder(const CalibrationRequest& request, const Model& base, const std::vector<FreeParameter>& parameters,
                             const std::vector<double>& fitted, const std::string& report) {
  const auto staging =
      output_files::temporary_beside(folder_of(request.output), request.output.filename().string(), request.output.string());
  std::filesystem::remove_all(staging);
  try {
    write_calibrated_model(base, parameters, fitted, staging,
                           "calibrated by carecast calibrate against " + request.targets.filename().string());
    std::ofstream out(staging / "calibration-report.md", std::ios::binary | std::ios::trunc);
    out << report;
    out.close();
    if (!out) throw WriteError::from_errno(staging / "calibration-report.md", "write the report");
    if (!request.force) {
      output_files::move_into_place(staging, request.output, false);
    } else {
      std::error_code status;
      if (std::filesystem::exists(request.output)) std::filesystem::remove_all(request.output, status);
      if (!status) std::filesystem::rename(staging, request.output, status);
      if (status) throw WriteError(request.output, "move the calibrated model into place", status.message());
    }
  } catch (...) {
    std::filesystem::remove_all(staging);
    throw;
  }
}

}  // namespace

CalibrationSummary calibrate_model(const CalibrationRequest& request) {
  const auto started = std::chrono::steady_clock::now();
  output_files::check_target(request.output, true);
  if (std::filesystem::exists(request.output) && !request.force) {
    throw InputError(request.output.string() + ": already exists (use --force to replace it)");
  }
  if (!std::filesystem::is_directory(folder_of(request.output))) {
    throw InputError(request.output.string() + ": the folder it goes in does not exist");
  }
  output_files::remove_abandoned_temporaries(folder_of(request.output), request.output.filename().string());
  const auto base = load_model(request.model, request.model.string());
  const TargetsFile targets = read_targets(request.targets, request.targets.string(), *base);
  if (targets.parameters.empty()) {
    throw InputError(request.targets.string() + ": parameters: the file declares no free parameters to fit");
  }
  const TargetFit fitter(base, fitting_scenario(request.model, base, targets, request.scenario, request.check_replicates), targets);
  const LoadedScenario& loaded = fitter.scenario();
  const std::vector<ResolvedTarget>& resolved = fitter.targets();
  std::vector<bool> use(resolved.size());
  int fitted = 0;
  for (std::size_t k = 0; k < resolved.size(); ++k) {
    use[k] = resolved[k].outside.empty() && resolved[k].target->weight > 0.0;
    fitted += use[k] ? 1 : 0;
  }
  const LeastSquaresResult fit = fitter.fit(use);
  const std::optional<ParameterUncertainty> uncertainty = fitter.uncertainty(use, fit.solution);
  const std::vector<FreeParameter>& parameters = targets.parameters;
  const ReplicateValues at_fit = fitter.expected(fit.solution);
  const ReplicateValues at_start = fitter.expected(fitter.initial());
  // The Monte Carlo check at the fitted parameters.
  const std::vector<std::vector<double>> draws_of = fitter.monte_carlo(fit.solution, request.check_replicates, request.threads);

  CalibrationSummary summary;
  summary.targets = static_cast<int>(resolved.size());
  summary.fitted = fitted;
  std::string rows;
  std::string outside_rows;
  std::vector<std::string> warnings;
  for (std::size_t k = 0; k < resolved.size(); ++k) {
    const ResolvedTarget& entry = resolved[k];
    const PublishedTarget& target = *entry.target;
    if (!use[k]) {
      outside_rows += fmt::format("| {} | `{}` | {} | {} | {} |\n", cell(target.name), cell(target.query.text), figure(target.value),
                                  cell(entry.outside.empty() ? "weight 0" : entry.outside), cell(target.source));
      continue;
    }
    const DrawSummary draws = summarise_draws(draws_of[k]);
    const double before = fitter.value_of(k, at_start);
    const double after = fitter.value_of(k, at_fit);
    const double error = (draws.mean - target.value) / target.value;
    const bool within = std::abs(error) <= target.tolerance;
    if (within) ++summary.within_tolerance;
    const std::string query = "`" + cell(target.query.text) + "`" + (target.per ? " per `" + cell(target.per->text) + "`" : "");
    rows += fmt::format("| {} | {} | {} | {} | {} | {} ({}-{}) | {} | {} (±{:.0f}%) | {} | {} |\n", cell(target.name), query,
                        figure(target.value),
                        figure(before), figure(after), figure(draws.mean), figure(draws.p5), figure(draws.p95),
                        percent(error), within ? "yes" : "**no**", 100.0 * target.tolerance, target.weight, cell(target.source));
  }
  for (std::string& warning : conflicting_targets(resolved)) warnings.push_back(std::move(warning));
  std::vector<std::string> on_bound;
  const std::string parameter_rows = parameter_table(*base, parameters, fit.solution, uncertainty, fitted > 0 ? &on_bound : nullptr);
  summary.parameters_on_bound = static_cast<int>(on_bound.size());
  for (std::string& warning : on_bound) warnings.push_back(std::move(warning));
  if (fitted == 0) warnings.push_back("no target falls in the years the model simulates, so nothing was fitted and every parameter keeps its initial value");

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
  report += "## Parameters\n\n" + parameter_rows + "\n" + uncertainty_section(parameters, uncertainty);
  report += need_trend_section(*base, parameters, fit.solution, uncertainty, loaded.inputs.need_growth,
                               {request.targets.string(), loaded.scenario.title});
  report += fit_uncertainty_section(*base, parameters, fit.solution, uncertainty, {request.targets.string(), loaded.scenario.title});
  report += "## Targets fitted\n\n| target | query | published | expected at start | expected at fit | Monte Carlo mean (5%-95%) | "
            "error | within | weight | source |\n|---|---|---:|---:|---:|---:|---:|---|---:|---|\n" + rows + "\n";
  if (!outside_rows.empty()) {
    report += "## Targets not fitted\n\n| target | query | published | why | source |\n|---|---|---:|---|---|\n" + outside_rows;
  }

  write_calibrated_folder(request, *base, parameters, fit.solution, report);
  return summary;
}

}  // namespace carecast
