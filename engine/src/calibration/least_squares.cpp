#include "carecast/calibration/least_squares.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace carecast {
namespace {

double squared_sum(const std::vector<double>& residuals) {
  double total = 0.0;
  for (const double r : residuals) total += r * r;
  return total;
}

}  // namespace

Eigen::MatrixXd residual_jacobian(const LeastSquaresProblem& problem, const std::vector<double>& x,
                                  const std::vector<double>& at_x, double relative_step, bool central, int& evaluations) {
  const std::size_t m = at_x.size();
  Eigen::MatrixXd jacobian(m, x.size());
  for (std::size_t k = 0; k < x.size(); ++k) {
    double h = relative_step * std::max(1.0, std::abs(x[k]));
    const bool both_sides = central && x[k] - h >= problem.lower[k] && x[k] + h <= problem.upper[k];
    if (x[k] + h > problem.upper[k]) h = -h;  // inward at the upper bound
    std::vector<double> moved = x;
    moved[k] += h;
    const std::vector<double> shifted = problem.residuals(moved);
    ++evaluations;
    std::vector<double> below = at_x;
    double span = h;
    if (both_sides) {
      moved[k] = x[k] - h;
      below = problem.residuals(moved);
      ++evaluations;
      span = 2.0 * h;
    }
    for (std::size_t i = 0; i < m; ++i) {
      jacobian(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(k)) = (shifted[i] - below[i]) / span;
    }
  }
  return jacobian;
}

bool on_bound(double value, double lower, double upper) {
  const double span = upper - lower;
  return value <= lower + 1e-3 * span || value >= upper - 1e-3 * span;
}

LeastSquaresResult minimise_squares(const LeastSquaresProblem& problem, const LeastSquaresOptions& options) {
  const std::size_t n = problem.initial.size();
  LeastSquaresResult result;
  std::vector<double> x = problem.initial;
  for (std::size_t k = 0; k < n; ++k) x[k] = std::clamp(x[k], problem.lower[k], problem.upper[k]);
  std::vector<double> residuals = problem.residuals(x);
  ++result.evaluations;
  double cost = squared_sum(residuals);
  result.initial_cost = cost;
  double damping = 1e-3;
  for (int iteration = 0; iteration < options.max_iterations && n > 0; ++iteration) {
    result.iterations = iteration + 1;
    const Eigen::MatrixXd jacobian = residual_jacobian(problem, x, residuals, options.relative_step, false, result.evaluations);
    const Eigen::Map<const Eigen::VectorXd> r(residuals.data(), static_cast<Eigen::Index>(residuals.size()));
    const Eigen::MatrixXd normal = jacobian.transpose() * jacobian;
    const Eigen::VectorXd gradient = jacobian.transpose() * r;
    bool improved = false;
    // Raise the damping until a step lowers the cost (or the step vanishes).
    for (int attempt = 0; attempt < 12 && !improved; ++attempt) {
      Eigen::MatrixXd damped = normal;
      for (Eigen::Index k = 0; k < static_cast<Eigen::Index>(n); ++k) damped(k, k) += damping * std::max(normal(k, k), 1e-12);
      const Eigen::VectorXd step = damped.ldlt().solve(-gradient);
      std::vector<double> trial = x;
      double largest_move = 0.0;
      for (std::size_t k = 0; k < n; ++k) {
        trial[k] = std::clamp(x[k] + step(static_cast<Eigen::Index>(k)), problem.lower[k], problem.upper[k]);
        largest_move = std::max(largest_move, std::abs(trial[k] - x[k]) / std::max(1.0, std::abs(x[k])));
      }
      if (largest_move < options.tolerance) {
        result.converged = true;
        break;
      }
      const std::vector<double> trial_residuals = problem.residuals(trial);
      ++result.evaluations;
      const double trial_cost = squared_sum(trial_residuals);
      if (trial_cost < cost) {
        const double fall = (cost - trial_cost) / std::max(cost, 1e-300);
        x = trial;
        residuals = trial_residuals;
        cost = trial_cost;
        damping = std::max(damping / 3.0, 1e-9);
        improved = true;
        if (fall < options.tolerance) result.converged = true;
      } else {
        damping *= 4.0;
      }
    }
    if (result.converged || !improved) {
      result.converged = true;
      break;
    }
  }
  result.solution = x;
  result.cost = cost;
  return result;
}

}  // namespace carecast
