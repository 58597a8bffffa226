#include "carecast/calibration/parameter_uncertainty.h"

#include <Eigen/Dense>

#include <cmath>
#include <limits>

namespace carecast {
namespace {

// A parameter's J'J is singular beside the largest by this ratio or less:
// the figures then cannot separate the parameters that share the smallest
// direction.
constexpr double singular_ratio = 1e-10;

}  // namespace

ParameterUncertainty solution_uncertainty(const LeastSquaresProblem& problem, const std::vector<double>& solution,
                                          const LeastSquaresOptions& options) {
  const std::size_t n = solution.size();
  const double missing = std::numeric_limits<double>::quiet_NaN();
  ParameterUncertainty result;
  result.standard_errors.assign(n, missing);
  result.correlation.assign(n * n, missing);
  result.covariance.assign(n * n, missing);
  const std::vector<double> residuals = problem.residuals(solution);
  ++result.evaluations;
  std::vector<std::size_t> free;
  for (std::size_t k = 0; k < n; ++k) {
    if (!on_bound(solution[k], problem.lower[k], problem.upper[k])) free.push_back(k);
  }
  const auto figures = static_cast<int>(residuals.size());
  result.degrees_of_freedom = figures - static_cast<int>(free.size());
  if (free.empty()) {
    result.unavailable = "every parameter sits on a bound";
    return result;
  }
  if (result.degrees_of_freedom <= 0) {
    result.unavailable = "no more figures than parameters off their bounds, so the residuals' variance cannot be estimated";
    return result;
  }
  double cost = 0.0;
  for (const double r : residuals) cost += r * r;
  result.residual_variance = cost / result.degrees_of_freedom;
  const Eigen::MatrixXd jacobian = residual_jacobian(problem, solution, residuals, options.relative_step, true, result.evaluations);
  Eigen::MatrixXd chosen(jacobian.rows(), static_cast<Eigen::Index>(free.size()));
  for (std::size_t j = 0; j < free.size(); ++j) chosen.col(static_cast<Eigen::Index>(j)) = jacobian.col(static_cast<Eigen::Index>(free[j]));
  const Eigen::MatrixXd normal = chosen.transpose() * chosen;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> spectrum(normal);
  const Eigen::VectorXd eigenvalues = spectrum.eigenvalues();
  if (!(eigenvalues.minCoeff() > singular_ratio * eigenvalues.maxCoeff())) {
    result.unavailable = "the figures cannot tell some parameters apart (J'J is singular), so their standard errors are unbounded";
    return result;
  }
  const Eigen::MatrixXd covariance = result.residual_variance * normal.inverse();
  for (std::size_t a = 0; a < free.size(); ++a) {
    const auto i = static_cast<Eigen::Index>(a);
    result.standard_errors[free[a]] = std::sqrt(covariance(i, i));
    for (std::size_t b = 0; b < free.size(); ++b) {
      const auto j = static_cast<Eigen::Index>(b);
      result.covariance[free[a] * n + free[b]] = covariance(i, j);
      result.correlation[free[a] * n + free[b]] = covariance(i, j) / std::sqrt(covariance(i, i) * covariance(j, j));
    }
  }
  return result;
}

}  // namespace carecast
