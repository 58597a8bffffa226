// How fast a forecast's error grows with its horizon (error_growth.h): on
// errors generated as a fixed discrepancy plus a random walk of known
// spread, the least-squares line recovers the walk and the discrepancy
// within four of its standard errors; with no walk it finds none; with too
// few figures it claims nothing.

#include <catch2/catch.hpp>

#include <boost/random/normal_distribution.hpp>
#include <cmath>
#include <vector>

#include "carecast/calibration/error_growth.h"
#include "carecast/core/random.h"

using namespace carecast;

namespace {

// `figures` independent forecasts 1 to 4 years ahead, each missing by a
// discrepancy of log-sd `level_sd` plus a walk of `walk_sd` a year.
std::vector<HorizonError> generated(int figures, double level_sd, double walk_sd, std::uint64_t seed) {
  RandomEngine stream = make_stream(seed, 0, StreamPurpose::need_drift);
  boost::random::normal_distribution<double> normal(0.0, 1.0);
  std::vector<HorizonError> errors;
  for (int i = 0; i < figures; ++i) {
    const int horizon = 1 + i % 4;
    double log_error = level_sd * normal(stream);
    for (int year = 0; year < horizon; ++year) log_error += walk_sd * normal(stream);
    errors.push_back({horizon, log_error});
  }
  return errors;
}

}  // namespace

TEST_CASE("the growth of a forecast's error with its horizon recovers a known walk and discrepancy") {
  const double level_sd = 0.10, walk_sd = 0.05;
  const ErrorGrowth estimate = estimate_error_growth(generated(8000, level_sd, walk_sd, 11));
  REQUIRE(estimate.figures == 8000);
  REQUIRE(estimate.growth_standard_error > 0.0);
  CHECK(std::abs(estimate.growth - walk_sd * walk_sd) < 4.0 * estimate.growth_standard_error);
  // d = sqrt(growth): its standard error is growth's over 2d.
  CHECK(std::abs(estimate.per_year() - walk_sd) < 4.0 * estimate.growth_standard_error / (2.0 * walk_sd));
  // The line's value at no horizon is the discrepancy's variance; its
  // standard error is at most growth's times the largest horizon, 4.
  CHECK(std::abs(estimate.level - level_sd * level_sd) < 4.0 * 4.0 * estimate.growth_standard_error);
}

TEST_CASE("errors that do not grow with the horizon give no walk, and too few figures give nothing") {
  const ErrorGrowth flat = estimate_error_growth(generated(8000, 0.15, 0.0, 12));
  CHECK(std::abs(flat.growth) < 4.0 * flat.growth_standard_error);
  CHECK(flat.per_year() <= std::sqrt(4.0 * flat.growth_standard_error));
  const ErrorGrowth few = estimate_error_growth({{1, 0.1}, {2, 0.2}});
  CHECK(few.growth == 0.0);
  CHECK(few.per_year() == 0.0);
  const ErrorGrowth one_horizon = estimate_error_growth({{2, 0.1}, {2, -0.2}, {2, 0.3}});
  CHECK(one_horizon.growth == 0.0);
}
