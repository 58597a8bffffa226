#include "carecast/money/accounts.h"

#include <cmath>

namespace carecast {

Accounts::Accounts(const Model& model, const MoneyAssumptions& assumptions, const PriceBook& prices)
    : model_(&model), assumptions_(&assumptions), prices_(&prices) {}

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
  auto add = [&](int setting, int group, int district, double at_this_year, double at_last_year, double weeks) {
    const int line = model_->budget_line_of_group[static_cast<std::size_t>(group)];
    const auto index = static_cast<std::size_t>(prices_->uplift(setting));
    const double contribution = assumptions_->weekly_contribution[static_cast<std::size_t>(setting)];
    const double share = assumptions_->income_share[static_cast<std::size_t>(line)];
    const bool weekly = !std::isnan(contribution);
    const double income_now = weekly ? weeks * contribution * prices_->setting_index(setting, year) : at_this_year * share;
    const double income_last = weekly ? weeks * contribution * prices_->setting_index(setting, year - 1) : at_last_year * share;
    money.gross[money.at(line, setting, district)] += at_this_year;
    money.income[money.at(line, setting, district)] += income_now;
    money.net_by_index[static_cast<std::size_t>(line) * 3 + index] += at_this_year - income_now;
    money.net_by_index_last[static_cast<std::size_t>(line) * 3 + index] += at_last_year - income_last;
  };

  // Delivered homecare is what the workforce managed; each client group's
  // share of a district's delivered hours is its share of the hours needed.
  std::vector<double> needed(static_cast<std::size_t>(volumes.districts), 0.0);
  for (int g = 0; g < volumes.groups; ++g)
    for (int a = 0; a < volumes.ages; ++a)
      for (int d = 0; d < volumes.districts; ++d) needed[static_cast<std::size_t>(d)] += volumes.homecare_hours_needed[volumes.hours_at(g, a, d)];

  for (int s = 0; s < volumes.settings; ++s) {
    const CareSetting& setting = care.settings[static_cast<std::size_t>(s)];
    for (int g = 0; g < volumes.groups; ++g) {
      for (int d = 0; d < volumes.districts; ++d) {
        if (setting.kind == SettingKind::short_term) {
          const double episodes = volumes.admissions[volumes.at(s, g, d)];
          add(s, g, d, episodes * prices_->price(year, s, g, adult, d), episodes * prices_->price(year - 1, s, g, adult, d), 0.0);
          continue;
        }
        for (int a = 0; a < volumes.ages; ++a) {
          const int age = adult + a;
          if (setting.hours) {
            const double total_needed = needed[static_cast<std::size_t>(d)];
            const double delivered = total_needed > 0.0 ? volumes.homecare_hours[static_cast<std::size_t>(d)] / total_needed : 0.0;
            const double hours = volumes.homecare_hours_needed[volumes.hours_at(g, a, d)] * delivered;
            const double now = prices_->price(year, s, g, age, d);
            const double last = prices_->price(year - 1, s, g, age, d);
            if (hours > 0.0) add(s, g, d, hours * now, hours * last, 0.0);
            if (!assumptions_->buys_unmet_homecare) continue;
            // Hours the workforce could not supply, bought at a premium, shared
            // between client groups as the delivered hours are.
            const double unmet = total_needed > 0.0 ? volumes.unmet_homecare_hours[static_cast<std::size_t>(d)] / total_needed : 0.0;
            const double bought = volumes.homecare_hours_needed[volumes.hours_at(g, a, d)] * unmet;
            if (bought <= 0.0) continue;
            const double premium = assumptions_->unmet_homecare_premium;
            add(s, g, d, bought * now * (1.0 + premium), bought * last * (1.0 + premium), 0.0);
            const int line = model_->budget_line_of_group[static_cast<std::size_t>(g)];
            money.homecare_premium[static_cast<std::size_t>(line * money.districts + d)] += bought * now * premium;
            continue;
          }
          const double inside = volumes.care_days[volumes.day_at(s, g, a, d, false)];
          const double outside = volumes.care_days[volumes.day_at(s, g, a, d, true)];
          const double priced_weeks = (inside + outside * prices_->out_of_area_multiplier(s)) / 7.0;
          if (priced_weeks > 0.0) {
            add(s, g, d, priced_weeks * prices_->price(year, s, g, age, d), priced_weeks * prices_->price(year - 1, s, g, age, d),
                (inside + outside) / 7.0);
          }
        }
      }
    }
  }
  const auto lines = static_cast<std::size_t>(money.lines);
  money.other_costs.assign(lines, 0.0);
  money.other_costs_last.assign(lines, 0.0);
  // Named costs join their index's share of net spending, so that the
  // bridge moves each by its own index.
  for (const NonPackageCost& cost : assumptions_->non_package_costs) {
    const auto line = static_cast<std::size_t>(cost.budget_line);
    const std::size_t at = line * 3 + static_cast<std::size_t>(cost.index);
    const double now = cost.amount * prices_->index(cost.index, year);
    const double last = cost.amount * prices_->index(cost.index, year - 1);
    money.other_costs[line] += now;
    money.other_costs_last[line] += last;
    money.net_by_index[at] += now;
    money.net_by_index_last[at] += last;
  }
  money.unreconciled.assign(lines, 0.0);
  money.unreconciled_last.assign(lines, 0.0);
  for (std::size_t line = 0; line < assumptions_->unreconciled.size(); ++line) {
    money.unreconciled[line] = assumptions_->unreconciled[line] * prices_->index(PriceIndex::contract, year);
    money.unreconciled_last[line] = assumptions_->unreconciled[line] * prices_->index(PriceIndex::contract, year - 1);
  }
}

}  // namespace carecast
