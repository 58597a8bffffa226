#include "carecast/simulation/care_year_totals.h"

namespace carecast {

void CareYearTotals::reset(int setting_count, int group_count, int district_count, int age_count) {
  ages = age_count;
  clients_by_age.assign(static_cast<std::size_t>(setting_count * age_count), 0.0);
  admissions_by_age.assign(static_cast<std::size_t>(setting_count * age_count), 0.0);
  care_days.assign(static_cast<std::size_t>(setting_count * group_count * age_count * district_count) * 2, 0.0);
  homecare_hours_needed.assign(static_cast<std::size_t>(group_count * age_count * district_count), 0.0);
  settings = setting_count;
  groups = group_count;
  districts = district_count;
  const auto by_group = static_cast<std::size_t>(settings * groups * districts);
  const auto by_setting = static_cast<std::size_t>(settings * districts);
  clients.assign(by_group, 0.0);
  admissions.assign(by_group, 0.0);
  deaths.assign(by_group, 0.0);
  care_ended.assign(by_group, 0.0);
  moves_out.assign(by_group, 0.0);
  bed_nights.assign(by_setting * 2, 0.0);
  homecare_hours.assign(static_cast<std::size_t>(districts), 0.0);
  unmet_homecare_hours.assign(static_cast<std::size_t>(districts), 0.0);
  out_of_area_placements.assign(by_setting, 0.0);
  occupied_days.assign(by_setting, 0.0);
  self_funders.assign(by_setting, 0.0);
  self_funder_conversions.assign(by_setting, 0.0);
  requests.assign(static_cast<std::size_t>(groups * districts), 0.0);
}

}  // namespace carecast
