#pragma once
// Where a new placement into a setting with beds or places goes, written
// once for both engines (docs/model.md, "Market"): the setting's
// out-of-county share goes outside the county whatever the county has (near
// family, or specialist care it lacks); the rest try the home district, then
// its neighbours in the model's order; when none of those has room the
// placement goes out of county or waits, as the setting says. Settings
// without places are always at home.

#include <span>
#include <vector>

#include "carecast/model/care_model.h"

namespace carecast {

// No free place anywhere the person may go, and the setting says wait.
inline constexpr int no_place = -2;

class PlacementRule {
 public:
  explicit PlacementRule(const CareModel& model);

  // Asked at every placement and move of both engines, so kept as a byte per setting.
  bool has_places(int setting) const { return has_places_[static_cast<std::size_t>(setting)] != 0; }
  double out_of_county_share(int setting) const { return model_->settings[static_cast<std::size_t>(setting)].out_of_county_share; }
  // The districts tried, in order, for someone from `home_district`: home first.
  std::span<const int> districts_tried(int home_district) const {
    return districts_tried_[static_cast<std::size_t>(home_district)];
  }
  // Where a placement goes when none of the districts tried has room:
  // out_of_county, or no_place for a setting whose entrants wait.
  int when_none_has_room(int setting) const {
    return model_->settings[static_cast<std::size_t>(setting)].when_full == WhenFull::wait ? no_place : out_of_county;
  }
  // Whether someone from `home_district` may take a place in `district`.
  bool may_use(int home_district, int district) const;

 private:
  const CareModel* model_;
  std::vector<unsigned char> has_places_;  // [setting]: CareSetting::has_places
  std::vector<std::vector<int>> districts_tried_;  // [home district]
};

}  // namespace carecast
