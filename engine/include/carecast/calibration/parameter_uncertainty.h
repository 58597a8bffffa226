#pragma once
// How well a least-squares fit pins down its parameters: the Gauss-Newton
// (Laplace) covariance at the optimum, s^2 (J'J)^-1, with J the Jacobian of
// the weighted residuals and s^2 their variance, sum of squares / (figures -
// parameters). It holds near the optimum, where the model is close to linear
// in the parameters, and treats the residuals as independent with equal
// variance on the weighted scale (docs/fitting.md, "Standard errors").

#include <string>
#include <vector>

#include "carecast/calibration/least_squares.h"

namespace carecast {

struct ParameterUncertainty {
  // By parameter; not a number (NaN) for one held on its bound, which is
  // then treated as fixed, or when nothing could be estimated.
  std::vector<double> standard_errors;
  std::vector<double> correlation;  // row-major, parameters x parameters; NaN beside a parameter not estimated
  std::vector<double> covariance;  // row-major, as correlation
  double residual_variance = 0.0;  // s^2
  int degrees_of_freedom = 0;  // figures - parameters estimated
  int evaluations = 0;
  std::string unavailable;  // why no standard error could be given; empty when they could

  bool estimated(std::size_t parameter) const { return standard_errors[parameter] == standard_errors[parameter]; }
};

// The uncertainty of `solution`, a minimum of `problem`, from a central-
// difference Jacobian there (forward at a bound).
ParameterUncertainty solution_uncertainty(const LeastSquaresProblem& problem, const std::vector<double>& solution,
                                          const LeastSquaresOptions& options = {});

}  // namespace carecast
