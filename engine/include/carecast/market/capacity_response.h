#pragma once
// Supply that follows demand (docs/scenario-format.md, `capacity:`): a
// scenario may say that a setting's capacity, in one district or in all,
// grows each year by a share of the shortfall the market saw some years
// before, as providers open places or recruit when the council cannot
// place people or buy the hours it needs. The shortfall of a year is, for
// homecare, the hours a week needed beyond what the workforce supplied (the
// year's unmet hours over its weeks); for beds and places, the people
// waiting at the year's end plus the placements sent out of county that
// year because no district they may use had room (not those sent out by
// the setting's out-of-county share). Both engines feed it their own
// shortfall, so the expected-value mode responds to its expected shortfall.

#include <string>
#include <vector>

#include "carecast/market/capacity_changes.h"

namespace carecast {

struct CapacityResponse {
  std::string name;
  int setting = 0;
  int district = -1;  // -1: every district
  int start_year = 0;  // the first year capacity may grow in response
  double share = 0.0;  // of the shortfall still open, opened each year
  int lag_years = 1;  // the shortfall seen this many years before
};

// A yearly [setting][district] table.
using SettingDistrictTable = std::vector<std::vector<double>>;

// The capacity in force year by year for one pass through the years: the
// scheduled changes (capacity_in_year) plus the places opened in response,
// which close at the same yearly growth (or exit) rate as the rest of their
// setting and district. Responses are computed in year order, each year
// from the shortfalls given for the years before it.
class RespondingCapacity {
 public:
  RespondingCapacity(const SettingDistrictTable& base, const std::vector<CapacityChange>& changes,
                     const std::vector<CapacityResponse>& responses, int first_year);

  // The capacity in force in `year`, the first year or the one after the
  // last asked for; empty when the scenario changes nothing (the model's).
  SettingDistrictTable capacity_in(int year);
  // What the market fell short by in `year`, the last year asked for.
  void saw_shortfall(int year, SettingDistrictTable shortfall);
  // The places opened in response in `year` (for tests and messages).
  const SettingDistrictTable& opened_in(int year) const;

 private:
  const SettingDistrictTable* base_;
  const std::vector<CapacityChange>* changes_;
  const std::vector<CapacityResponse>* responses_;
  int first_year_;
  std::vector<SettingDistrictTable> opened_;  // [year - first]: places opened in response that year
  std::vector<SettingDistrictTable> shortfall_;  // [year - first]
  SettingDistrictTable responsive_;  // places opened in response and still open
};

// Whether any response covers setting `setting` in `district`.
bool responds(const std::vector<CapacityResponse>& responses, int setting, int district);

}  // namespace carecast
