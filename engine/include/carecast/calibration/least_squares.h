#pragma once
// Bounded nonlinear least squares: Levenberg-Marquardt with the step
// projected onto the bounds, a forward-difference Jacobian taken inward at a
// bound, and Marquardt's scaling by the diagonal of J'J (Eigen for the
// linear algebra).

#include <Eigen/Core>

#include <functional>
#include <vector>

namespace carecast {

struct LeastSquaresProblem {
  std::vector<double> initial;
  std::vector<double> lower;
  std::vector<double> upper;
  // The residuals at a point; their squares are summed.
  std::function<std::vector<double>(const std::vector<double>&)> residuals;
};

struct LeastSquaresOptions {
  int max_iterations = 30;
  double relative_step = 1e-3;  // of the Jacobian's finite differences, relative to max(1, |x|)
  double tolerance = 1e-6;  // stop when the cost falls by less than this share, or the step is this small
};

struct LeastSquaresResult {
  std::vector<double> solution;
  double initial_cost = 0.0;
  double cost = 0.0;  // sum of squared residuals
  int iterations = 0;
  int evaluations = 0;
  bool converged = false;
};

LeastSquaresResult minimise_squares(const LeastSquaresProblem& problem, const LeastSquaresOptions& options = {});

// The Jacobian of the residuals at `x` (whose residuals are `at_x`) by
// finite differences of `relative_step` x max(1, |x|): central where both
// sides lie within the bounds and `central` is asked for, otherwise forward,
// taken inward at the upper bound. Adds the evaluations it makes.
Eigen::MatrixXd residual_jacobian(const LeastSquaresProblem& problem, const std::vector<double>& x,
                                  const std::vector<double>& at_x, double relative_step, bool central, int& evaluations);

// Whether a fitted value sits on a bound: within a thousandth of the range.
bool on_bound(double value, double lower, double upper);

}  // namespace carecast
