#pragma once
// What the care simulation counts in one financial year, by setting, client
// group and district. Council-funded people unless the name says otherwise.

#include <vector>

#include "carecast/market/capacity_response.h"
#include "carecast/model/care_model.h"

namespace carecast {

struct CareYearTotals {
  int settings = 0;
  int groups = 0;
  int districts = 0;
  int ages = 0;  // single years from the adult age

  std::vector<double> clients;  // [setting][group][home district], at year end
  std::vector<double> admissions;  // [setting][group][home district], starts in the year
  std::vector<double> deaths;  // [setting][group][home district]
  std::vector<double> care_ended;  // [setting][group][home district]: left care alive
  std::vector<double> moves_out;  // [setting][group][home district]: moved to another setting
  std::vector<double> bed_nights;  // [setting][district][placement]: location if in county, else home
  std::vector<double> self_funder_bed_nights;  // the same, self-funded residents
  std::vector<double> homecare_hours;  // [home district], delivered
  std::vector<double> unmet_homecare_hours;  // [home district]
  std::vector<double> out_of_area_placements;  // [setting][home district], new in the year
  // [setting][home district]: placements of all funders sent out of county
  // because no district they may use had room (not by the out-of-county share)
  std::vector<double> full_placements;
  std::vector<double> waiting;  // [setting][group][home district]: all funders waiting for a place at year end
  std::vector<double> occupied_days;  // [setting][location district], all funders
  std::vector<double> capacity;  // [setting][district]: places (hours a week) in force; infinite where unlimited
  double capacity_weight = 0.0;  // the weight of the years `add` has mixed into capacity
  std::vector<double> self_funders;  // [setting][location or home district], at year end
  std::vector<double> self_funder_conversions;  // [setting][home district]
  std::vector<double> requests;  // [group][home district]
  std::vector<double> clients_by_age;  // [setting][age - adult age], council-funded at year end
  std::vector<double> admissions_by_age;  // [setting][age - adult age], council-funded starts
  // Volumes that money prices, council-funded only:
  std::vector<double> care_days;  // [setting][group][age][home district][placement]: nights (days) in the setting
  std::vector<double> homecare_hours_needed;  // [group][age][home district]

  void reset(int setting_count, int group_count, int district_count, int age_count);
  // Adds `weight` times every count of `other` (of the same shape): the
  // expected-value mode mixes the years of each combination of levers.
  // Capacity is not a count: it is mixed as a weighted mean.
  void add(const CareYearTotals& other, double weight);
  std::size_t day_at(int setting, int group, int age_offset, int district, bool outside) const {
    return (((static_cast<std::size_t>(setting) * static_cast<std::size_t>(groups) + static_cast<std::size_t>(group)) *
                 static_cast<std::size_t>(ages) +
             static_cast<std::size_t>(age_offset)) *
                static_cast<std::size_t>(districts) +
            static_cast<std::size_t>(district)) *
               2 +
           (outside ? 1 : 0);
  }
  std::size_t hours_at(int group, int age_offset, int district) const {
    return (static_cast<std::size_t>(group) * static_cast<std::size_t>(ages) + static_cast<std::size_t>(age_offset)) *
               static_cast<std::size_t>(districts) +
           static_cast<std::size_t>(district);
  }
  std::size_t age_at(int setting, int age_offset) const {
    return static_cast<std::size_t>(setting) * static_cast<std::size_t>(ages) + static_cast<std::size_t>(age_offset);
  }

  std::size_t at(int setting, int group, int district) const {
    return (static_cast<std::size_t>(setting) * static_cast<std::size_t>(groups) + static_cast<std::size_t>(group)) *
               static_cast<std::size_t>(districts) +
           static_cast<std::size_t>(district);
  }
  std::size_t at(int setting, int district) const {
    return static_cast<std::size_t>(setting) * static_cast<std::size_t>(districts) + static_cast<std::size_t>(district);
  }
  std::size_t bed_at(int setting, int district, bool out_of_county) const {
    return at(setting, district) * 2 + (out_of_county ? 1 : 0);
  }
};

// What the market fell short by in a year of `days` days, [setting][district]
// (market/capacity_response.h): homecare hours a week needed beyond supply,
// and for beds and places the people waiting at year end plus the
// placements sent out of county because the county was full; 0 elsewhere.
SettingDistrictTable market_shortfall(const CareModel& model, const CareYearTotals& totals, int days);

}  // namespace carecast
