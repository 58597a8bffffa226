#include "carecast/calibration/group_deletion.h"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

namespace carecast {

namespace {

// The prior's standard deviation in a parameter's units: a quarter of its range.
constexpr double prior_sd_of_range = 0.25;

// The parameters the fit without group `left_out` reaches: one Gauss-Newton
// step from `solution` on the remaining residuals with the weak prior,
// projected onto the bounds. Empty when too few figures remain.
std::vector<double> refit_without(const LeastSquaresProblem& problem, const std::vector<double>& solution,
                                  const Eigen::MatrixXd& jacobian, const std::vector<double>& residuals,
                                  const std::vector<int>& group, int left_out) {
  const auto parameters = static_cast<Eigen::Index>(solution.size());
  std::vector<Eigen::Index> kept;
  for (std::size_t i = 0; i < residuals.size(); ++i) {
    if (group[i] != left_out) kept.push_back(static_cast<Eigen::Index>(i));
  }
  if (static_cast<Eigen::Index>(kept.size()) <= parameters) return {};
  Eigen::MatrixXd remaining_jacobian(static_cast<Eigen::Index>(kept.size()), parameters);
  Eigen::VectorXd remaining(static_cast<Eigen::Index>(kept.size()));
  double squares = 0.0;
  for (std::size_t row = 0; row < kept.size(); ++row) {
    const auto r = static_cast<Eigen::Index>(row);
    remaining_jacobian.row(r) = jacobian.row(kept[row]);
    remaining(r) = residuals[static_cast<std::size_t>(kept[row])];
    squares += remaining(r) * remaining(r);
  }
  const double variance = squares / static_cast<double>(static_cast<Eigen::Index>(kept.size()) - parameters);
  Eigen::MatrixXd normal = remaining_jacobian.transpose() * remaining_jacobian;
  Eigen::VectorXd gradient = remaining_jacobian.transpose() * remaining;
  for (Eigen::Index k = 0; k < parameters; ++k) {
    const auto p = static_cast<std::size_t>(k);
    const double prior_sd = prior_sd_of_range * (problem.upper[p] - problem.lower[p]);
    const double precision = variance / (prior_sd * prior_sd);
    normal(k, k) += precision;
    gradient(k) += precision * (solution[p] - problem.initial[p]);
  }
  const Eigen::VectorXd step = normal.ldlt().solve(-gradient);
  std::vector<double> refitted(solution.size());
  for (std::size_t p = 0; p < solution.size(); ++p) {
    refitted[p] = std::clamp(solution[p] + step(static_cast<Eigen::Index>(p)), problem.lower[p], problem.upper[p]);
  }
  return refitted;
}

}  // namespace

GroupDeletion leave_groups_out(const LeastSquaresProblem& problem, const std::vector<double>& solution,
                               const std::vector<int>& group, const LeastSquaresOptions& options) {
  GroupDeletion result;
  result.model_error = std::numeric_limits<double>::quiet_NaN();
  const std::vector<double> residuals = problem.residuals(solution);
  const int groups = group.empty() ? 0 : *std::max_element(group.begin(), group.end()) + 1;
  result.predicted.assign(residuals.size(), std::numeric_limits<double>::quiet_NaN());
  result.group_mean_square.assign(static_cast<std::size_t>(groups), std::numeric_limits<double>::quiet_NaN());
  if (groups < 2 || group.size() != residuals.size()) return result;
  int evaluations = 0;
  const Eigen::MatrixXd jacobian = residual_jacobian(problem, solution, residuals, options.relative_step, true, evaluations);
  double sum_of_means = 0.0;
  for (int left_out = 0; left_out < groups; ++left_out) {
    const std::vector<double> refitted = refit_without(problem, solution, jacobian, residuals, group, left_out);
    if (refitted.empty()) return result;
    // The model itself at the refitted parameters, where a line through the
    // full fit would miss its curvature.
    const std::vector<double> at_refit = problem.residuals(refitted);
    double squares = 0.0;
    int figures = 0;
    for (std::size_t i = 0; i < residuals.size(); ++i) {
      if (group[i] != left_out) continue;
      result.predicted[i] = at_refit[i];
      squares += at_refit[i] * at_refit[i];
      ++figures;
    }
    if (figures == 0) return result;
    result.group_mean_square[static_cast<std::size_t>(left_out)] = squares / figures;
    sum_of_means += squares / figures;
  }
  result.model_error = std::sqrt(sum_of_means / groups);
  return result;
}

}  // namespace carecast
