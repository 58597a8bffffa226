#pragma once
// Prices per financial year: every unit cost of the scenario moved from its
// price year by the cumulative pay or contract inflation of its setting (the
// latter part care wages where the setting has a labour share), and
// looked up by setting, client group, age and district without searching.

#include <vector>

#include "carecast/model/care_model.h"
#include "carecast/money/assumptions.h"

namespace carecast {

class PriceBook {
 public:
  PriceBook(const MoneyAssumptions& assumptions, const CareModel& care, int adult_age, int oldest_age, int first_year,
            int last_year);

  // GBP per week (weekly settings), per hour (the hours setting) or per
  // episode (short-term support), in `year`'s prices. `year` may be one
  // before the first simulated year (for the first year's bridge).
  double price(int year, int setting, int group, int age, int district) const;
  double out_of_area_multiplier(int setting) const { return out_of_area_[static_cast<std::size_t>(setting)]; }
  // Cumulative index from the price year to `year` (1 in the price year).
  double index(PriceIndex which, int year) const;
  // The index that moves `setting`'s prices: its uplift's, where contract
  // prices of a setting with a labour share follow care wages in part.
  double setting_index(int setting, int year) const;
  PriceIndex uplift(int setting) const { return uplift_[static_cast<std::size_t>(setting)]; }
  // The price-year unit cost: price() is this times setting_index(setting,
  // year), so a caller pricing many cells of one setting looks the index up once.
  double base_price(int setting, int group, int age, int district) const { return base_[at(setting, group, age, district)]; }

 private:
  std::size_t at(int setting, int group, int age, int district) const {
    return ((static_cast<std::size_t>(setting) * static_cast<std::size_t>(groups_) + static_cast<std::size_t>(group)) *
                static_cast<std::size_t>(ages_) +
            static_cast<std::size_t>(age - adult_age_)) *
               static_cast<std::size_t>(districts_) +
           static_cast<std::size_t>(district);
  }

  int adult_age_;
  int first_year_;  // of the index table: the year before the first simulated year
  int groups_;
  int ages_;
  int districts_;
  std::vector<double> base_;  // [setting][group][age][district], price-year GBP
  std::vector<double> out_of_area_;
  std::vector<PriceIndex> uplift_;
  std::vector<double> pay_;  // cumulative, by year from first_year_
  std::vector<double> contract_;
  std::vector<std::vector<double>> contract_by_setting_;  // [setting], cumulative; empty where the setting follows contract_
};

}  // namespace carecast
