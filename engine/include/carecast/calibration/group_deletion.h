#pragma once
// What a least-squares fit misses on a kind of figure it has not seen: each
// group of figures (a measure: bed nights, clients, homecare hours...) is
// left out in turn, the fit is redone without it by one Gauss-Newton step
// from the full fit (exact for a model linear in its parameters), and the
// model at the parameters that step reaches gives the group's residuals.
// The in-sample residuals understate the error of a forecast of a measure
// the fit never saw; these do not (docs/model.md, "Model error").
//
// A parameter only the left-out group pins down would be free to go
// anywhere, so the refit carries a weak prior: normal about the parameter's
// initial value with a quarter of its range as the standard deviation (the
// bounds then lie two standard deviations out), on the scale of the
// remaining figures' residual variance; the step is projected onto the
// bounds as the fit's own steps are.

#include <string>
#include <vector>

#include "carecast/calibration/least_squares.h"

namespace carecast {

struct GroupDeletion {
  // By figure: its weighted residual as the fit without its group predicts it.
  std::vector<double> predicted;
  // By group: the mean of its figures' squared predicted residuals.
  std::vector<double> group_mean_square;
  // By group: its name, where the caller grouped the figures by name.
  std::vector<std::string> group_names;
  // The root of the mean over groups of group_mean_square: the error to
  // expect on a figure of a measure the fit has not seen, each measure
  // counting once however many figures it has.
  double model_error = 0.0;
};

// `group` gives each residual of `problem` its group, 0 to groups - 1;
// `solution` is the full fit. Needs two groups or more and more remaining
// figures than parameters for each; without them, model_error is NaN.
GroupDeletion leave_groups_out(const LeastSquaresProblem& problem, const std::vector<double>& solution,
                               const std::vector<int>& group, const LeastSquaresOptions& options = {});

}  // namespace carecast
