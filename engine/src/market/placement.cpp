#include "carecast/market/placement.h"

#include <algorithm>

namespace carecast {

PlacementRule::PlacementRule(const CareModel& model) : model_(&model), districts_tried_(static_cast<std::size_t>(model.district_count)) {
  for (const CareSetting& setting : model.settings) has_places_.push_back(setting.has_places() ? 1 : 0);
  for (int home = 0; home < model.district_count; ++home) {
    auto& tried = districts_tried_[static_cast<std::size_t>(home)];
    tried.push_back(home);
    for (const int neighbour : model.neighbours[static_cast<std::size_t>(home)]) tried.push_back(neighbour);
  }
}

bool PlacementRule::may_use(int home_district, int district) const {
  const std::span<const int> tried = districts_tried(home_district);
  return std::find(tried.begin(), tried.end(), district) != tried.end();
}

}  // namespace carecast
