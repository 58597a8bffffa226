#include "carecast/money/inflation_sensitivity.h"

#include <functional>

namespace carecast {
namespace {

constexpr double point = 0.01;

// The indexes a point can be added to, and where each one's two figures go.
enum Moved { pay, contract, care_wage, moved_count };
constexpr std::array<InflationChange, moved_count> in_year = {
    InflationChange::pay_in_year, InflationChange::contract_in_year, InflationChange::care_wage_in_year};
constexpr std::array<InflationChange, moved_count> from_first_year = {
    InflationChange::pay_from_first_year, InflationChange::contract_from_first_year,
    InflationChange::care_wage_from_first_year};

// Spending that moves with one cumulative index: `amount` in the year it is
// for, the index's level by year, and the share of a point that reaches it.
struct Indexed {
  double amount = 0.0;
  std::function<double(int)> level;
  double share = 1.0;
};

// How much a rise of `share` points in year `rate_year`'s change moves the
// index's level in year `year`: unit costs are in price-year prices, so a
// later year's change lifts that year and after, and a change up to the
// price year lowers the years before it.
double level_factor(const Indexed& item, int price_year, int rate_year, int year) {
  const double change = item.level(rate_year) / item.level(rate_year - 1);
  const double factor = 1.0 + item.share * point / change;
  if (rate_year > price_year) return year >= rate_year ? factor : 1.0;
  return year < rate_year ? 1.0 / factor : 1.0;
}

}  // namespace

std::vector<double> spend_per_inflation_point(const MoneyAssumptions& money, const PriceBook& prices,
                                              const PassMoney& full, const BridgeYears& years) {
  const YearMoney& shape = full.years.front();
  const auto lines = static_cast<std::size_t>(shape.lines);
  const auto year_count = static_cast<std::size_t>(years.last - years.first + 1);
  std::vector<double> result(year_count * lines * inflation_change_count, 0.0);
  const auto plain = [&](PriceIndex which) { return [&prices, which](int year) { return prices.index(which, year); }; };

  for (int year = years.first; year <= years.last; ++year) {
    const YearMoney& now = full.years[static_cast<std::size_t>(year - years.caseload_year)];
    for (std::size_t line = 0; line < lines; ++line) {
      // Per index (pay, contract, care wages): what moves with it, and by how much of a point.
      std::array<std::vector<Indexed>, moved_count> moving;
      for (int s = 0; s < now.settings; ++s) {
        const PriceIndex uplift = prices.uplift(s);
        if (uplift == PriceIndex::none) continue;
        double net = 0.0;
        for (int d = 0; d < now.districts; ++d) {
          const std::size_t at = now.at(static_cast<int>(line), s, d);
          net += now.gross[at] - now.income[at];
        }
        const auto level = [&prices, s](int y) { return prices.setting_index(s, y); };
        if (uplift == PriceIndex::contract && money.care_wage_inflation) {
          // The fee's change is the labour share of care wages' plus the rest of contract prices'.
          const double labour = money.labour_share[static_cast<std::size_t>(s)];
          moving[contract].push_back({net, level, 1.0 - labour});
          if (labour > 0.0) moving[care_wage].push_back({net, level, labour});
        } else {
          moving[uplift == PriceIndex::pay ? pay : contract].push_back({net, level, 1.0});
        }
      }
      for (const NonPackageCost& cost : money.non_package_costs) {
        if (cost.budget_line != static_cast<int>(line) || cost.index == PriceIndex::none) continue;
        moving[cost.index == PriceIndex::pay ? pay : contract].push_back(
            {cost.amount * prices.index(cost.index, year), plain(cost.index), 1.0});
      }
      if (money.unreconciled_mode == Unreconciled::carry) {
        moving[contract].push_back({now.unreconciled[line], plain(PriceIndex::contract), 1.0});
      }
      double* out = &result[(static_cast<std::size_t>(year - years.first) * lines + line) * inflation_change_count];
      for (std::size_t index = 0; index < moved_count; ++index) {
        for (const Indexed& item : moving[index]) {
          double every_year = 1.0;
          for (int rate_year = years.first; rate_year <= years.last; ++rate_year) {
            every_year *= level_factor(item, money.price_year, rate_year, year);
          }
          out[static_cast<std::size_t>(in_year[index])] += item.amount * (level_factor(item, money.price_year, year, year) - 1.0);
          out[static_cast<std::size_t>(from_first_year[index])] += item.amount * (every_year - 1.0);
        }
      }
    }
  }
  return result;
}

}  // namespace carecast
