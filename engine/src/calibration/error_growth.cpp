#include "carecast/calibration/error_growth.h"

#include <cmath>

namespace carecast {

double ErrorGrowth::per_year() const { return growth > 0.0 ? std::sqrt(growth) : 0.0; }

ErrorGrowth estimate_error_growth(const std::vector<HorizonError>& errors) {
  ErrorGrowth estimate;
  const std::size_t n = errors.size();
  estimate.figures = static_cast<int>(n);
  if (n < 3) return estimate;
  double mean_horizon = 0.0, mean_square = 0.0;
  for (const HorizonError& error : errors) {
    mean_horizon += static_cast<double>(error.horizon) / static_cast<double>(n);
    mean_square += error.log_error * error.log_error / static_cast<double>(n);
  }
  double spread = 0.0, together = 0.0;
  for (const HorizonError& error : errors) {
    const double apart = static_cast<double>(error.horizon) - mean_horizon;
    spread += apart * apart;
    together += apart * (error.log_error * error.log_error - mean_square);
  }
  if (spread <= 0.0) return estimate;
  estimate.growth = together / spread;
  estimate.level = mean_square - estimate.growth * mean_horizon;
  double residuals = 0.0;
  for (const HorizonError& error : errors) {
    const double residual =
        error.log_error * error.log_error - estimate.level - estimate.growth * static_cast<double>(error.horizon);
    residuals += residual * residual;
  }
  estimate.growth_standard_error = std::sqrt(residuals / static_cast<double>(n - 2) / spread);
  return estimate;
}

}  // namespace carecast
