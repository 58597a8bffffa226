#include "backtest_drift.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "carecast/calibration/error_growth.h"

namespace carecast {

std::string drift_text(const std::vector<OriginForecast>& origins) {
  std::vector<HorizonError> errors;
  int paths = 0;
  for (const OriginForecast& origin : origins) {
    if (origin.same_fit_as != 0) continue;
    const Comparisons& compared = origin.conditional ? *origin.conditional : origin.ex_ante;
    const std::size_t before = errors.size();
    for (const Comparison& comparison : compared.forecast) {
      if (!comparison.covid) errors.push_back({comparison.horizon, std::log1p(comparison.error)});
    }
    paths += errors.size() > before ? 1 : 0;
  }
  const ErrorGrowth estimate = estimate_error_growth(errors);
  if (estimate.figures < 3) {
    return "\nToo few forecast figures outside the COVID years to read how the model's error grows with the horizon.\n";
  }
  const double high = estimate.growth + 1.645 * estimate.growth_standard_error;
  return fmt::format(
      "\nHow the care model's own error grows with the horizon, read as a random walk in need (docs/model.md, \"Model "
      "error\"): the least-squares line through each figure's squared log error against its years ahead, given what "
      "happened where the backtest ran it, each distinct forecast once ({} figures from {} forecast paths; an origin whose "
      "forecast reuses an earlier origin's fit is that forecast again and is left out). The squared error grows by {:.4f} a "
      "year of horizon (standard error {:.4f}, as if the figures were independent, which they are not: one forecast's "
      "figures share its path, so the true uncertainty is larger), a walk of {:.1f}% a year (need_drift {:.3f}; the upper "
      "end of a 90% interval, {:.1f}% a year); at no horizon it is {:.4f}, a discrepancy of {:.1f}% between the model's "
      "figures and the published ones that does not grow. The line also takes in the bands' own chance and parameters, so "
      "it overstates the walk a little.\n",
      estimate.figures, paths, estimate.growth, estimate.growth_standard_error, 100.0 * estimate.per_year(),
      estimate.per_year(), high > 0.0 ? 100.0 * std::sqrt(high) : 0.0, std::max(0.0, estimate.level),
      100.0 * std::sqrt(std::max(0.0, estimate.level)));
}

}  // namespace carecast
