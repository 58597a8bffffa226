#pragma once
// The care market: beds and places by setting and district, where a new
// placement goes when the home district is full, and how much homecare the
// workforce can deliver day by day. Plain arrays; no randomness.

#include <deque>
#include <vector>

#include "carecast/market/placement.h"
#include "carecast/model/care_model.h"

namespace carecast {

class Market {
 public:
  explicit Market(const CareModel& model);

  // Forgets every occupant (the start of a replicate); capacity is the model's again.
  void clear();
  // The capacity [setting][district] in force from now on (empty: the
  // model's). Returns whether any setting with places gained room.
  bool set_capacity(const std::vector<std::vector<double>>& capacity);
  double capacity(int setting, int district) const { return capacity_[index(setting, district)]; }

  int occupied(int setting, int district) const { return occupied_[index(setting, district)]; }
  bool has_room(int setting, int district) const {
    return static_cast<double>(occupied(setting, district)) < capacity(setting, district);
  }
  void occupy(int setting, int location) {
    if (location != out_of_county && has_places(setting)) ++occupied_[index(setting, location)];
  }
  void vacate(int setting, int location) {
    if (location != out_of_county && has_places(setting)) --occupied_[index(setting, location)];
  }

  // The district a new placement goes to by the placement rule: the first
  // district tried with room, else out_of_county, or no_place when the
  // setting waits instead. Settings without places always stay at home.
  int choose_location(int setting, int home_district) const {
    if (!has_places(setting)) return home_district;
    for (const int district : placement_.districts_tried(home_district)) {
      if (has_room(setting, district)) return district;
    }
    return placement_.when_none_has_room(setting);
  }
  // Whether a placement goes outside the county by the setting's
  // out-of-county share, whatever the county has free, given a uniform draw.
  bool sent_out_of_county(int setting, double uniform_draw) const {
    return has_places(setting) && uniform_draw < placement_.out_of_county_share(setting);
  }
  const PlacementRule& placement() const { return placement_; }

  // Homecare: a client receiving `hours_per_week` from day `from` (included)
  // to day `to` (excluded) of the current year.
  void add_homecare(int district, int from, int to, double hours_per_week) {
    if (to <= from) return;
    double* days = homecare_change_[static_cast<std::size_t>(district)].data();
    days[from] += hours_per_week / 7.0;
    days[to] -= hours_per_week / 7.0;
  }
  // Hours delivered and unmet in the year by district (the workforce supplies
  // capacity/7 hours a day), and resets the ledger for the next year.
  void settle_homecare(int days, std::vector<double>& delivered, std::vector<double>& unmet);

 private:
  bool has_places(int setting) const { return placement_.has_places(setting); }
  std::size_t index(int setting, int district) const {
    return static_cast<std::size_t>(setting) * static_cast<std::size_t>(districts_) + static_cast<std::size_t>(district);
  }

  const CareModel* model_;
  PlacementRule placement_;
  int districts_;
  std::vector<int> occupied_;
  std::vector<double> capacity_;  // [setting][district]
  std::vector<std::vector<double>> homecare_change_;  // [district][day]: change of daily hours
};

}  // namespace carecast
