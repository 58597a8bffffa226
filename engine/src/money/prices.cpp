#include "carecast/money/prices.h"

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
  for (auto [path, out] : {std::pair{&assumptions.pay_inflation, &pay_}, std::pair{&assumptions.contract_inflation, &contract_}}) {
    out->assign(static_cast<std::size_t>(last - first_year_ + 1), 1.0);
    const auto price = static_cast<std::size_t>(assumptions.price_year - first_year_);
    for (std::size_t k = price + 1; k < out->size(); ++k) {
      (*out)[k] = (*out)[k - 1] * (1.0 + path->at(first_year_ + static_cast<int>(k)));
    }
    for (std::size_t k = price; k-- > 0;) {
      (*out)[k] = (*out)[k + 1] / (1.0 + path->at(first_year_ + static_cast<int>(k) + 1));
    }
  }
}

std::size_t PriceBook::at(int setting, int group, int age, int district) const {
  return ((static_cast<std::size_t>(setting) * static_cast<std::size_t>(groups_) + static_cast<std::size_t>(group)) *
              static_cast<std::size_t>(ages_) +
          static_cast<std::size_t>(age - adult_age_)) *
             static_cast<std::size_t>(districts_) +
         static_cast<std::size_t>(district);
}

double PriceBook::index(PriceIndex which, int year) const {
  if (which == PriceIndex::none) return 1.0;
  const auto& path = which == PriceIndex::pay ? pay_ : contract_;
  return path[static_cast<std::size_t>(year - first_year_)];
}

double PriceBook::price(int year, int setting, int group, int age, int district) const {
  return base_[at(setting, group, age, district)] * index(uplift(setting), year);
}

}  // namespace carecast
