#pragma once
// Which uncertain assumptions drive the spread of a result: standardised
// rank regression (Saltelli et al., Sensitivity Analysis in Practice, 2004,
// section 1.2.5; Iman and Conover 1979). Inputs and output are replaced by
// their ranks, standardised, and the output regressed on the inputs by
// least squares. A coefficient is how many standard deviations of the
// output's rank move with one of the input's; for independent inputs its
// square is the share of the output's (rank) variance that input explains,
// and the squares add up to R squared. What R squared leaves unexplained is
// the care system's own randomness and what ranks cannot capture.

#include <cstddef>
#include <vector>

namespace carecast {

// Ranks 1..n, ties sharing their average rank.
std::vector<double> average_ranks(const std::vector<double>& values);

struct RankRegression {
  std::vector<double> coefficients;  // per input; 0 for an input that did not vary
  double r_squared = 0.0;
};

// `inputs` holds `rows` rows of `columns` values, row-major; `output` one
// value per row.
RankRegression rank_regression(const std::vector<double>& inputs, std::size_t columns, const std::vector<double>& output);

}  // namespace carecast
