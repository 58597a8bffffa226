#include "carecast/market/capacity_response.h"

#include <algorithm>
#include <cmath>

#include "carecast/core/error.h"

namespace carecast {
namespace {

bool covers(int district_given, std::size_t district) {
  return district_given < 0 || static_cast<std::size_t>(district_given) == district;
}

// How the places of `setting` in `district` change in `year` by the
// scheduled yearly growths (negative: market exits) in force then.
double yearly_growth(const std::vector<CapacityChange>& changes, int setting, std::size_t district, int year) {
  double factor = 1.0;
  for (const CapacityChange& change : changes) {
    if (change.setting == setting && year >= change.start_year && covers(change.district, district)) factor *= 1.0 + change.growth;
  }
  return factor;
}

SettingDistrictTable zeros_like(const SettingDistrictTable& table) {
  SettingDistrictTable zeros;
  for (const auto& row : table) zeros.emplace_back(row.size(), 0.0);
  return zeros;
}

}  // namespace

bool responds(const std::vector<CapacityResponse>& responses, int setting, int district) {
  return std::any_of(responses.begin(), responses.end(), [&](const CapacityResponse& response) {
    return response.setting == setting && covers(response.district, static_cast<std::size_t>(district));
  });
}

RespondingCapacity::RespondingCapacity(const SettingDistrictTable& base, const std::vector<CapacityChange>& changes,
                                       const std::vector<CapacityResponse>& responses, int first_year)
    : base_(&base), changes_(&changes), responses_(&responses), first_year_(first_year), responsive_(zeros_like(base)) {}

SettingDistrictTable RespondingCapacity::capacity_in(int year) {
  if (year != first_year_ + static_cast<int>(opened_.size())) {
    throw InternalError("responding capacity asked for " + std::to_string(year) + " out of order");
  }
  if (responses_->empty()) {
    opened_.push_back({});
    return changes_->empty() ? SettingDistrictTable{} : capacity_in_year(*base_, *changes_, year);
  }
  SettingDistrictTable opened = zeros_like(*base_);
  for (const CapacityResponse& response : *responses_) {
    const int seen = year - response.lag_years;
    if (year < response.start_year || seen < first_year_) continue;
    const auto& short_then = shortfall_.at(static_cast<std::size_t>(seen - first_year_))[static_cast<std::size_t>(response.setting)];
    auto& opening = opened[static_cast<std::size_t>(response.setting)];
    for (std::size_t d = 0; d < opening.size(); ++d) {
      if (!covers(response.district, d)) continue;
      // Places already opened since the shortfall was seen answer part of it.
      double answered = 0.0;
      for (int k = seen + 1; k < year; ++k) answered += opened_[static_cast<std::size_t>(k - first_year_)][static_cast<std::size_t>(response.setting)][d];
      opening[d] += response.share * std::max(0.0, short_then[d] - answered);
    }
  }
  SettingDistrictTable capacity = capacity_in_year(*base_, *changes_, year);
  for (std::size_t s = 0; s < capacity.size(); ++s) {
    for (std::size_t d = 0; d < capacity[s].size(); ++d) {
      double& places = responsive_[s][d];
      places = places * yearly_growth(*changes_, static_cast<int>(s), d, year) + opened[s][d];
      if (std::isfinite(capacity[s][d])) capacity[s][d] = std::max(0.0, capacity[s][d] + places);
    }
  }
  opened_.push_back(std::move(opened));
  return capacity;
}

void RespondingCapacity::saw_shortfall(int year, SettingDistrictTable shortfall) {
  if (year != first_year_ + static_cast<int>(shortfall_.size())) {
    throw InternalError("shortfall of " + std::to_string(year) + " given out of order");
  }
  shortfall_.push_back(std::move(shortfall));
}

const SettingDistrictTable& RespondingCapacity::opened_in(int year) const {
  return opened_.at(static_cast<std::size_t>(year - first_year_));
}

}  // namespace carecast
