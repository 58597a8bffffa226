#pragma once
// How fast a forecast's error grows with its horizon, read as a random walk:
// if each year ahead adds an independent log change of spread d to what the
// forecast missed, a figure h years ahead has mean squared log error
// level + h d^2. The least-squares line of squared log errors on years ahead
// estimates both (docs/model.md, "Model error").

#include <vector>

namespace carecast {

struct HorizonError {
  int horizon = 0;  // years ahead of the forecast's origin
  double log_error = 0.0;  // log of forecast over outcome
};

struct ErrorGrowth {
  int figures = 0;
  double level = 0.0;  // mean squared log error at no horizon: a discrepancy that does not grow
  double growth = 0.0;  // of the mean squared log error a year of horizon: d^2
  double growth_standard_error = 0.0;  // of `growth`, treating the figures as independent
  double per_year() const;  // d: sqrt(growth), 0 when growth is not positive
};

// Needs three figures at two horizons or more; with fewer, `growth` is 0.
ErrorGrowth estimate_error_growth(const std::vector<HorizonError>& errors);

}  // namespace carecast
