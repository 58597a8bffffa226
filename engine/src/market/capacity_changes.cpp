#include "carecast/market/capacity_changes.h"

#include <algorithm>
#include <cmath>

namespace carecast {

std::vector<std::vector<double>> capacity_in_year(const std::vector<std::vector<double>>& base,
                                                  const std::vector<CapacityChange>& changes, int year) {
  std::vector<std::vector<double>> capacity = base;
  for (const CapacityChange& change : changes) {
    if (year < change.start_year) continue;
    auto& by_district = capacity[static_cast<std::size_t>(change.setting)];
    for (std::size_t d = 0; d < by_district.size(); ++d) {
      if (change.district >= 0 && static_cast<std::size_t>(change.district) != d) continue;
      double& places = by_district[d];
      if (!std::isfinite(places)) continue;
      places *= std::pow(1.0 + change.growth, year - change.start_year + 1);
      places = std::max(0.0, places + change.added);
    }
  }
  return capacity;
}

}  // namespace carecast
