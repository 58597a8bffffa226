#include "carecast/money/accounts.h"

#include <cmath>

namespace carecast {

Accounts::Accounts(const Model& model, const MoneyAssumptions& assumptions, const PriceBook& prices)
    : model_(&model), assumptions_(&assumptions), prices_(&prices) {}

namespace {

// What every cell of one setting and client group shares when a year is
// priced, looked up once for the pair instead of once for each cell.
struct PairPricing {
  std::size_t money_row;  // YearMoney::at(line, setting, 0)
  std::size_t by_index;  // [line][index] of net_by_index
  std::size_t premium_row;  // [line][0] of homecare_premium
  double contribution;  // GBP a week, or NaN: a share of gross instead
  double share;
  double index_now;  // the setting's price index this year and last
  double index_last;
};

// Named costs outside care packages and the unreconciled base budget, at
// this year's and last year's prices.
void add_costs_outside_packages(const MoneyAssumptions& assumptions, const PriceBook& prices, int year, YearMoney& money) {
  const auto lines = static_cast<std::size_t>(money.lines);
  money.other_costs.assign(lines, 0.0);
  money.other_costs_last.assign(lines, 0.0);
  // Named costs join their index's share of net spending, so that the
  // bridge moves each by its own index.
  for (const NonPackageCost& cost : assumptions.non_package_costs) {
    const auto line = static_cast<std::size_t>(cost.budget_line);
    const std::size_t at = line * 3 + static_cast<std::size_t>(cost.index);
    const double now = cost.amount * prices.index(cost.index, year);
    const double last = cost.amount * prices.index(cost.index, year - 1);
    money.other_costs[line] += now;
    money.other_costs_last[line] += last;
    money.net_by_index[at] += now;
    money.net_by_index_last[at] += last;
  }
  money.unreconciled.assign(lines, 0.0);
  money.unreconciled_last.assign(lines, 0.0);
  for (std::size_t line = 0; line < assumptions.unreconciled.size(); ++line) {
    money.unreconciled[line] = assumptions.unreconciled[line] * prices.index(PriceIndex::contract, year);
    money.unreconciled_last[line] = assumptions.unreconciled[line] * prices.index(PriceIndex::contract, year - 1);
  }
}

}  // namespace

void Accounts::price(int year, const CareYearTotals& volumes, YearMoney& money) const {
  const CareModel& care = model_->care;
  money.lines = static_cast<int>(model_->budget_lines.size());
  money.settings = static_cast<int>(care.settings.size());
  money.districts = care.district_count;
  money.gross.assign(static_cast<std::size_t>(money.lines * money.settings * money.districts), 0.0);
  money.income.assign(money.gross.size(), 0.0);
  money.net_by_index.assign(static_cast<std::size_t>(money.lines * 3), 0.0);
  money.net_by_index_last.assign(static_cast<std::size_t>(money.lines * 3), 0.0);
  money.homecare_premium.assign(static_cast<std::size_t>(money.lines * money.districts), 0.0);

  const int adult = model_->population.adult_age;
  // `weeks` of care (0 where the setting is not priced by the week) carry a
  // weekly contribution where the scenario gives one.
  auto add = [&](const PairPricing& pair, int district, double at_this_year, double at_last_year, double weeks) {
    const bool weekly = !std::isnan(pair.contribution);
    const double income_now = weekly ? weeks * pair.contribution * pair.index_now : at_this_year * pair.share;
    const double income_last = weekly ? weeks * pair.contribution * pair.index_last : at_last_year * pair.share;
    money.gross[pair.money_row + static_cast<std::size_t>(district)] += at_this_year;
    money.income[pair.money_row + static_cast<std::size_t>(district)] += income_now;
    money.net_by_index[pair.by_index] += at_this_year - income_now;
    money.net_by_index_last[pair.by_index] += at_last_year - income_last;
  };

  // Delivered homecare is what the workforce managed; each client group's
  // share of a district's delivered hours is its share of the hours needed.
  std::vector<double> needed(static_cast<std::size_t>(volumes.districts), 0.0);
  for (int g = 0; g < volumes.groups; ++g)
    for (int a = 0; a < volumes.ages; ++a)
      for (int d = 0; d < volumes.districts; ++d) needed[static_cast<std::size_t>(d)] += volumes.homecare_hours_needed[volumes.hours_at(g, a, d)];

  for (int s = 0; s < volumes.settings; ++s) {
    const CareSetting& setting = care.settings[static_cast<std::size_t>(s)];
    const double index_now = prices_->setting_index(s, year);
    const double index_last = prices_->setting_index(s, year - 1);
    for (int g = 0; g < volumes.groups; ++g) {
      const int line = model_->budget_line_of_group[static_cast<std::size_t>(g)];
      const PairPricing pair{money.at(line, s, 0),
                             static_cast<std::size_t>(line) * 3 + static_cast<std::size_t>(prices_->uplift(s)),
                             static_cast<std::size_t>(line * money.districts),
                             assumptions_->weekly_contribution[static_cast<std::size_t>(s)],
                             assumptions_->income_share[static_cast<std::size_t>(line)],
                             index_now,
                             index_last};
      for (int d = 0; d < volumes.districts; ++d) {
        if (setting.kind == SettingKind::short_term) {
          const double episodes = volumes.admissions[volumes.at(s, g, d)];
          const double base = prices_->base_price(s, g, adult, d);
          add(pair, d, episodes * (base * index_now), episodes * (base * index_last), 0.0);
          continue;
        }
        const double total_needed = needed[static_cast<std::size_t>(d)];
        const double delivered = total_needed > 0.0 ? volumes.homecare_hours[static_cast<std::size_t>(d)] / total_needed : 0.0;
        const double unmet = total_needed > 0.0 ? volumes.unmet_homecare_hours[static_cast<std::size_t>(d)] / total_needed : 0.0;
        for (int a = 0; a < volumes.ages; ++a) {
          const int age = adult + a;
          if (setting.hours) {
            const double hours_needed = volumes.homecare_hours_needed[volumes.hours_at(g, a, d)];
            const double hours = hours_needed * delivered;
            const double bought = assumptions_->buys_unmet_homecare ? hours_needed * unmet : 0.0;
            if (hours <= 0.0 && bought <= 0.0) continue;
            const double base = prices_->base_price(s, g, age, d);
            const double now = base * index_now;
            const double last = base * index_last;
            if (hours > 0.0) add(pair, d, hours * now, hours * last, 0.0);
            if (bought <= 0.0) continue;
            // Hours the workforce could not supply, bought at a premium, shared
            // between client groups as the delivered hours are.
            const double premium = assumptions_->unmet_homecare_premium;
            add(pair, d, bought * now * (1.0 + premium), bought * last * (1.0 + premium), 0.0);
            money.homecare_premium[pair.premium_row + static_cast<std::size_t>(d)] += bought * now * premium;
            continue;
          }
          const double inside = volumes.care_days[volumes.day_at(s, g, a, d, false)];
          const double outside = volumes.care_days[volumes.day_at(s, g, a, d, true)];
          if (inside == 0.0 && outside == 0.0) continue;
          const double priced_weeks = (inside + outside * prices_->out_of_area_multiplier(s)) / 7.0;
          if (priced_weeks > 0.0) {
            const double base = prices_->base_price(s, g, age, d);
            add(pair, d, priced_weeks * (base * index_now), priced_weeks * (base * index_last), (inside + outside) / 7.0);
          }
        }
      }
    }
  }
  add_costs_outside_packages(*assumptions_, *prices_, year, money);
}

}  // namespace carecast
