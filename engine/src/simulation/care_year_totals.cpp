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
  self_funder_bed_nights.assign(by_setting * 2, 0.0);
  homecare_hours.assign(static_cast<std::size_t>(districts), 0.0);
  unmet_homecare_hours.assign(static_cast<std::size_t>(districts), 0.0);
  out_of_area_placements.assign(by_setting, 0.0);
  full_placements.assign(by_setting, 0.0);
  waiting.assign(by_group, 0.0);
  occupied_days.assign(by_setting, 0.0);
  capacity.assign(by_setting, 0.0);
  capacity_weight = 0.0;
  self_funders.assign(by_setting, 0.0);
  self_funder_conversions.assign(by_setting, 0.0);
  requests.assign(static_cast<std::size_t>(groups * districts), 0.0);
}

void CareYearTotals::add(const CareYearTotals& other, double weight) {
  auto add_to = [weight](std::vector<double>& into, const std::vector<double>& from) {
    for (std::size_t k = 0; k < into.size(); ++k) into[k] += weight * from[k];
  };
  add_to(clients, other.clients);
  add_to(admissions, other.admissions);
  add_to(deaths, other.deaths);
  add_to(care_ended, other.care_ended);
  add_to(moves_out, other.moves_out);
  add_to(bed_nights, other.bed_nights);
  add_to(self_funder_bed_nights, other.self_funder_bed_nights);
  add_to(homecare_hours, other.homecare_hours);
  add_to(unmet_homecare_hours, other.unmet_homecare_hours);
  add_to(out_of_area_placements, other.out_of_area_placements);
  add_to(full_placements, other.full_placements);
  add_to(waiting, other.waiting);
  add_to(occupied_days, other.occupied_days);
  // Capacity is not a count: the mix of lever combinations is their
  // weighted mean, which is each one's value where they agree (exactly so:
  // a responding market is the only way levers change it).
  for (std::size_t k = 0; k < capacity.size(); ++k) {
    const bool first = capacity_weight == 0.0;
    if (first || capacity[k] == other.capacity[k]) {
      capacity[k] = other.capacity[k];
    } else {
      capacity[k] = (capacity[k] * capacity_weight + other.capacity[k] * weight) / (capacity_weight + weight);
    }
  }
  capacity_weight += weight;
  add_to(self_funders, other.self_funders);
  add_to(self_funder_conversions, other.self_funder_conversions);
  add_to(requests, other.requests);
  add_to(clients_by_age, other.clients_by_age);
  add_to(admissions_by_age, other.admissions_by_age);
  add_to(care_days, other.care_days);
  add_to(homecare_hours_needed, other.homecare_hours_needed);
}

SettingDistrictTable market_shortfall(const CareModel& model, const CareYearTotals& totals, int days) {
  SettingDistrictTable shortfall(static_cast<std::size_t>(totals.settings), std::vector<double>(static_cast<std::size_t>(totals.districts), 0.0));
  for (int s = 0; s < totals.settings; ++s) {
    auto& of_setting = shortfall[static_cast<std::size_t>(s)];
    for (int d = 0; d < totals.districts; ++d) {
      double& short_by = of_setting[static_cast<std::size_t>(d)];
      if (s == model.hours_setting) {
        short_by = totals.unmet_homecare_hours[static_cast<std::size_t>(d)] * 7.0 / days;
        continue;
      }
      short_by = totals.full_placements[totals.at(s, d)];
      for (int g = 0; g < totals.groups; ++g) short_by += totals.waiting[totals.at(s, g, d)];
    }
  }
  return shortfall;
}

}  // namespace carecast
