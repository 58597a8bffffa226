#include "carecast/market/market.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace carecast {

namespace {
constexpr int longest_year = 366;
}

Market::Market(const CareModel& model)
    : model_(&model),
      placement_(model),
      districts_(model.district_count),
      occupied_(model.settings.size() * static_cast<std::size_t>(model.district_count), 0),
      capacity_(occupied_.size(), std::numeric_limits<double>::infinity()),
      homecare_change_(static_cast<std::size_t>(model.district_count), std::vector<double>(longest_year + 1, 0.0)) {
  set_capacity({});
}

void Market::clear() {
  std::fill(occupied_.begin(), occupied_.end(), 0);
  for (auto& days : homecare_change_) std::fill(days.begin(), days.end(), 0.0);
  set_capacity({});
}

bool Market::set_capacity(const std::vector<std::vector<double>>& capacity) {
  const auto& source = capacity.empty() ? model_->capacity : capacity;
  bool more_room = false;
  for (std::size_t s = 0; s < source.size(); ++s) {
    for (int d = 0; d < districts_; ++d) {
      double& places = capacity_[index(static_cast<int>(s), d)];
      const double now = source[s][static_cast<std::size_t>(d)];
      if (now > places && model_->settings[s].has_places()) more_room = true;
      places = now;
    }
  }
  return more_room;
}

void Market::settle_homecare(int days, std::vector<double>& delivered, std::vector<double>& unmet) {
  delivered.assign(static_cast<std::size_t>(districts_), 0.0);
  unmet.assign(static_cast<std::size_t>(districts_), 0.0);
  const auto hours_setting = static_cast<std::size_t>(model_->hours_setting);
  for (int d = 0; d < districts_; ++d) {
    const double supply_per_day = capacity(static_cast<int>(hours_setting), d) / 7.0;
    auto& change = homecare_change_[static_cast<std::size_t>(d)];
    double demand = 0.0;
    for (int day = 0; day < days; ++day) {
      demand += change[static_cast<std::size_t>(day)];
      // Summing changes leaves rounding dust around zero; demand is never negative.
      const double today = std::max(0.0, demand);
      const double given = std::min(today, supply_per_day);
      delivered[static_cast<std::size_t>(d)] += given;
      unmet[static_cast<std::size_t>(d)] += today - given;
    }
    std::fill(change.begin(), change.end(), 0.0);
  }
}

}  // namespace carecast
