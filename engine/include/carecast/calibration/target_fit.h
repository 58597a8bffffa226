#pragma once
// What `carecast calibrate` and `carecast backtest` share: a model run in a
// scenario, a targets file's figures resolved against that run, the fit of
// the free parameters on the expected-value mode, and the targets' values in
// Monte Carlo replicates at fitted parameters.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "carecast/calibration/group_deletion.h"
#include "carecast/calibration/least_squares.h"
#include "carecast/calibration/parameter_uncertainty.h"
#include "carecast/calibration/query.h"
#include "carecast/calibration/targets.h"
#include "carecast/loading/scenario.h"
#include "carecast/output/layout.h"

namespace carecast {

// The scenario a fit runs: `scenario` when given (its model replaced by
// `model`), otherwise the model alone from its caseload year to the last
// year a target names, within its projection.
LoadedScenario fitting_scenario(const std::filesystem::path& model_folder, const std::shared_ptr<const Model>& model,
                                const TargetsFile& targets, const std::optional<std::filesystem::path>& scenario,
                                std::int64_t replicates);

class TargetFit {
 public:
  // Resolves every target against the scenario's run: a name the run lacks
  // is an InputError, before any fitting.
  TargetFit(std::shared_ptr<const Model> base, LoadedScenario scenario, const TargetsFile& targets);

  const std::vector<ResolvedTarget>& targets() const { return resolved_; }
  const LoadedScenario& scenario() const { return scenario_; }
  // The layout of the fit's runs, which the targets' queries resolve against.
  const OutputLayout& layout() const { return layout_; }
  const std::vector<FreeParameter>& parameters() const { return parameters_; }
  std::vector<double> initial() const;

  // Minimises the weighted squared relative errors of the expected-value
  // mode over the targets `use` marks, from `start` (default the
  // parameters' initial values); with none marked, returns the start
  // unfitted.
  LeastSquaresResult fit(const std::vector<bool>& use, const std::vector<double>* start = nullptr) const;
  // The standard errors and correlations of the parameters at `solution`,
  // a fit over the same targets; none when nothing was fitted.
  std::optional<ParameterUncertainty> uncertainty(const std::vector<bool>& use, const std::vector<double>& solution) const;
  // What the fit at `solution` over the targets `use` marks misses on a
  // kind of figure it has not seen (group_deletion.h): the targets are
  // grouped by `group_of`, a name by target, and the groups named so;
  // `predicted` is in the order of the fitted targets. None when nothing
  // was fitted.
  std::optional<GroupDeletion> leave_groups_out(const std::vector<bool>& use, const std::vector<double>& solution,
                                                const std::vector<std::string>& group_of) const;
  // The expected-value run at the parameters' values.
  ReplicateValues expected(const std::vector<double>& values) const;
  // Each target's value in each of `replicates` Monte Carlo replicates at
  // `parameter_values` (empty for a target outside the run). With
  // `uncertainty`, each replicate draws the parameters from the fit's
  // approximate posterior instead (scenario_with_fit_uncertainty).
  std::vector<std::vector<double>> monte_carlo(const std::vector<double>& parameter_values, std::int64_t replicates,
                                               int threads, const ParameterUncertainty* uncertainty = nullptr) const;
  double value_of(std::size_t target, const ReplicateValues& values) const;

 private:
  // The weighted relative errors of the targets `use` marks as a function of
  // the parameters; without residuals when there is nothing to fit.
  LeastSquaresProblem problem(const std::vector<bool>& use) const;
  // The targets `use` marks that a fit can use, in the order of its residuals.
  std::vector<std::size_t> chosen(const std::vector<bool>& use) const;

  std::shared_ptr<const Model> base_;
  LoadedScenario scenario_;
  std::vector<FreeParameter> parameters_;
  OutputLayout layout_;
  std::vector<ResolvedTarget> resolved_;
};

// A target's Monte Carlo draws summarised.
struct DrawSummary {
  double mean = 0.0;
  double p5 = 0.0;
  double p25 = 0.0;
  double p75 = 0.0;
  double p95 = 0.0;
};
DrawSummary summarise_draws(std::vector<double> draws);

// `scenario` run on the model with the fitted `values`, each parameter with
// a standard error drawn per replicate from the fit's Laplace approximation:
// normal about its fitted value with that standard error, truncated to its
// bounds and four standard errors (drawn_range), correlated as the fit's
// covariance says. A multiplier enters as a
// rate factor about 1 on the calibrated model (`demand.rate_factors`), a
// trend as its groups' need growth; each is an uncertain assumption labelled
// `fit.NAME`, recorded and ranked as the scenario's own are. Parameters on a
// bound, or without a standard error, keep their fitted value.
LoadedScenario scenario_with_fit_uncertainty(const LoadedScenario& scenario, const Model& base,
                                             const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                                             const ParameterUncertainty& uncertainty);

// Warnings for targets that cannot all be met: the same query published
// twice with values further apart than their tolerances.
std::vector<std::string> conflicting_targets(const std::vector<ResolvedTarget>& targets);

}  // namespace carecast
