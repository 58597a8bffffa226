// The standard errors of a least-squares fit (calibration/parameter_uncertainty):
// on a straight line they are the textbook ones, on a weighted exponential
// curve those of the analytic Jacobian; a parameter on its bound is held
// fixed, and a fit that cannot tell its parameters apart, or has no figures
// to spare, gives none and says why.

#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "carecast/calibration/least_squares.h"
#include "carecast/calibration/parameter_uncertainty.h"

using namespace carecast;

namespace {

// Ten points about a line, with fixed scatter.
const std::vector<double> times = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
const std::vector<double> observed = {1.02, 1.47, 2.11, 2.38, 3.05, 3.41, 4.08, 4.42, 5.07, 5.38};

LeastSquaresProblem line_problem() {
  LeastSquaresProblem problem;
  problem.initial = {0.5, 0.2};
  problem.lower = {-10, -10};
  problem.upper = {10, 10};
  problem.residuals = [](const std::vector<double>& x) {
    std::vector<double> r;
    for (std::size_t i = 0; i < times.size(); ++i) r.push_back(x[0] + x[1] * times[i] - observed[i]);
    return r;
  };
  return problem;
}

}  // namespace

TEST_CASE("on a straight line the standard errors and correlation are the textbook ones") {
  const LeastSquaresProblem problem = line_problem();
  const LeastSquaresResult fit = minimise_squares(problem);
  // Ordinary least squares in closed form.
  const double n = static_cast<double>(times.size());
  double st = 0, sy = 0, stt = 0, sty = 0;
  for (std::size_t i = 0; i < times.size(); ++i) {
    st += times[i];
    sy += observed[i];
    stt += times[i] * times[i];
    sty += times[i] * observed[i];
  }
  const double determinant = n * stt - st * st;
  const double slope = (n * sty - st * sy) / determinant;
  const double intercept = (sy - slope * st) / n;
  double squares = 0;
  for (std::size_t i = 0; i < times.size(); ++i) squares += std::pow(intercept + slope * times[i] - observed[i], 2);
  const double variance = squares / (n - 2);
  REQUIRE(fit.solution[0] == Approx(intercept).epsilon(1e-6));
  REQUIRE(fit.solution[1] == Approx(slope).epsilon(1e-6));

  const ParameterUncertainty uncertainty = solution_uncertainty(problem, {intercept, slope});
  CHECK(uncertainty.unavailable.empty());
  CHECK(uncertainty.degrees_of_freedom == 8);
  CHECK(uncertainty.residual_variance == Approx(variance).epsilon(1e-9));
  // (X'X)^-1 = [stt, -st; -st, n] / determinant.
  CHECK(uncertainty.standard_errors[0] == Approx(std::sqrt(variance * stt / determinant)).epsilon(1e-6));
  CHECK(uncertainty.standard_errors[1] == Approx(std::sqrt(variance * n / determinant)).epsilon(1e-6));
  CHECK(uncertainty.correlation[1] == Approx(-st / std::sqrt(n * stt)).epsilon(1e-6));
  CHECK(uncertainty.correlation[2] == uncertainty.correlation[1]);
  CHECK(uncertainty.correlation[0] == Approx(1.0));
}

TEST_CASE("on a weighted exponential curve the standard errors are those of the analytic Jacobian") {
  // Relative errors of a * exp(k t), weighted as the fit weighs targets.
  const std::vector<double> counts = {100, 104, 107, 113, 115, 121, 125, 128};
  const std::vector<double> weights = {1, 1, 0.5, 1, 0.25, 1, 1, 0.5};
  LeastSquaresProblem problem;
  problem.initial = {90, 0.01};
  problem.lower = {1, -0.5};
  problem.upper = {1000, 1.0};
  problem.residuals = [&](const std::vector<double>& x) {
    std::vector<double> r;
    for (std::size_t i = 0; i < counts.size(); ++i) {
      r.push_back(std::sqrt(weights[i]) * (x[0] * std::exp(x[1] * static_cast<double>(i)) - counts[i]) / counts[i]);
    }
    return r;
  };
  const LeastSquaresResult fit = minimise_squares(problem, {100, 1e-3, 1e-12});
  const double a = fit.solution[0], k = fit.solution[1];
  REQUIRE(k == Approx(0.035).margin(0.01));
  // J'J from the derivatives written out.
  double jaa = 0, jak = 0, jkk = 0, squares = 0;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    const double t = static_cast<double>(i), grow = std::exp(k * t), scale = std::sqrt(weights[i]) / counts[i];
    const double da = scale * grow, dk = scale * a * t * grow;
    jaa += da * da;
    jak += da * dk;
    jkk += dk * dk;
    squares += std::pow(scale * (a * grow - counts[i]), 2);
  }
  const double variance = squares / (static_cast<double>(counts.size()) - 2);
  const double determinant = jaa * jkk - jak * jak;
  const ParameterUncertainty uncertainty = solution_uncertainty(problem, fit.solution);
  // Central differences with a step of a thousandth are exact to about
  // the square of the step in the curvature of exp.
  CHECK(uncertainty.standard_errors[0] == Approx(std::sqrt(variance * jkk / determinant)).epsilon(1e-4));
  CHECK(uncertainty.standard_errors[1] == Approx(std::sqrt(variance * jaa / determinant)).epsilon(1e-4));
  CHECK(uncertainty.correlation[1] == Approx(-jak / std::sqrt(jaa * jkk)).epsilon(1e-4));
}

TEST_CASE("a parameter on its bound is held fixed, and a fit that cannot give standard errors says why") {
  LeastSquaresProblem problem = line_problem();
  problem.upper[1] = 0.4;  // the slope (about 0.49) is held at its bound
  const LeastSquaresResult fit = minimise_squares(problem);
  REQUIRE(fit.solution[1] == 0.4);
  const ParameterUncertainty held = solution_uncertainty(problem, fit.solution);
  CHECK(held.estimated(0));
  CHECK_FALSE(held.estimated(1));
  CHECK(held.degrees_of_freedom == 9);
  // With the slope fixed, the intercept's variance is s^2 / n.
  CHECK(held.standard_errors[0] == Approx(std::sqrt(held.residual_variance / 10.0)).epsilon(1e-6));
  CHECK(std::isnan(held.correlation[1]));

  LeastSquaresProblem apart = line_problem();
  apart.initial = {0.5, 0.2, 0.0};
  apart.lower.push_back(-10);
  apart.upper.push_back(10);
  // Two intercepts the figures see only as their sum.
  apart.residuals = [](const std::vector<double>& x) {
    std::vector<double> r;
    for (std::size_t i = 0; i < times.size(); ++i) r.push_back(x[0] + x[2] + x[1] * times[i] - observed[i]);
    return r;
  };
  const ParameterUncertainty together = solution_uncertainty(apart, {0.5, 0.49, 0.5});
  CHECK(together.unavailable == "the figures cannot tell some parameters apart (J'J is singular), so their standard errors are unbounded");
  CHECK_FALSE(together.estimated(0));

  LeastSquaresProblem two_points = line_problem();
  two_points.residuals = [](const std::vector<double>& x) { return std::vector<double>{x[0] - 1.0, x[0] + x[1] - 1.5}; };
  CHECK(solution_uncertainty(two_points, {1.0, 0.5}).unavailable ==
        "no more figures than parameters off their bounds, so the residuals' variance cannot be estimated");
}
