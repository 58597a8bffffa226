#include "carecast/money/prices.h"

#include <algorithm>
#include <functional>

namespace carecast {

PriceBook::PriceBook(const MoneyAssumptions& assumptions, const CareModel& care, int adult_age, int oldest_age,
                     int first_year, int last_year)
    : adult_age_(adult_age),
      first_year_(std::min(first_year - 1, assumptions.price_year)),
      groups_(static_cast<int>(care.client_groups.size())),
      ages_(oldest_age - adult_age + 1),
      districts_(care.district_count),
      base_(care.settings.size() * static_cast<std::size_t>(groups_ * ages_ * districts_), 0.0),
      out_of_area_(assumptions.out_of_area_multiplier),
      uplift_(assumptions.uplift) {
  // Later rows override earlier ones where they overlap, so a table can give
  // a default and then the exceptions.
  for (const UnitCost& cost : assumptions.unit_costs) {
    for (int g = 0; g < groups_; ++g) {
      if (cost.client_group >= 0 && cost.client_group != g) continue;
      for (int age = cost.min_age; age <= cost.max_age; ++age) {
        for (int d = 0; d < districts_; ++d) {
          if (cost.district >= 0 && cost.district != d) continue;
          base_[at(cost.setting, g, age, d)] = cost.amount;
        }
      }
    }
  }
  // Cumulative indices: 1 in the price year; year y's change moves y-1 to y.
  const int last = std::max(last_year, assumptions.price_year);
  auto cumulate = [&](const std::function<double(int)>& change, std::vector<double>& out) {
    out.assign(static_cast<std::size_t>(last - first_year_ + 1), 1.0);
    const auto price = static_cast<std::size_t>(assumptions.price_year - first_year_);
    for (std::size_t k = price + 1; k < out.size(); ++k) out[k] = out[k - 1] * (1.0 + change(first_year_ + static_cast<int>(k)));
    for (std::size_t k = price; k-- > 0;) out[k] = out[k + 1] / (1.0 + change(first_year_ + static_cast<int>(k) + 1));
  };
  cumulate([&](int year) { return assumptions.pay_inflation.at(year); }, pay_);
  cumulate([&](int year) { return assumptions.contract_inflation.at(year); }, contract_);
  contract_by_setting_.resize(care.settings.size());
  if (!assumptions.care_wage_inflation) return;
  for (std::size_t s = 0; s < care.settings.size(); ++s) {
    const double labour = assumptions.labour_share[s];
    if (labour <= 0.0) continue;
    cumulate(
        [&](int year) {
          return labour * assumptions.care_wage_inflation->at(year) + (1.0 - labour) * assumptions.contract_inflation.at(year);
        },
        contract_by_setting_[s]);
  }
}

double PriceBook::index(PriceIndex which, int year) const {
  if (which == PriceIndex::none) return 1.0;
  const auto& path = which == PriceIndex::pay ? pay_ : contract_;
  return path[static_cast<std::size_t>(year - first_year_)];
}

double PriceBook::setting_index(int setting, int year) const {
  const auto& own = contract_by_setting_[static_cast<std::size_t>(setting)];
  if (uplift(setting) != PriceIndex::contract || own.empty()) return index(uplift(setting), year);
  return own[static_cast<std::size_t>(year - first_year_)];
}

double PriceBook::price(int year, int setting, int group, int age, int district) const {
  return base_[at(setting, group, age, district)] * setting_index(setting, year);
}

}  // namespace carecast
