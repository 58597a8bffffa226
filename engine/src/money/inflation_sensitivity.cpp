#include "carecast/money/inflation_sensitivity.h"

#include <functional>

namespace carecast {
namespace {

constexpr double point = 0.01;

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
      // Per index (pay, contract): what moves with it, and by how much of a point.
      std::array<std::vector<Indexed>, 2> moving;
      for (int s = 0; s < now.settings; ++s) {
        const PriceIndex uplift = prices.uplift(s);
        if (uplift == PriceIndex::none) continue;
        double net = 0.0;
        for (int d = 0; d < now.districts; ++d) {
          const std::size_t at = now.at(static_cast<int>(line), s, d);
          net += now.gross[at] - now.income[at];
        }
        const double labour = money.care_wage_inflation ? money.labour_share[static_cast<std::size_t>(s)] : 0.0;
        const double share = uplift == PriceIndex::contract ? 1.0 - labour : 1.0;
        moving[static_cast<std::size_t>(uplift)].push_back(
            {net, [&prices, s](int y) { return prices.setting_index(s, y); }, share});
      }
      for (const NonPackageCost& cost : money.non_package_costs) {
        if (cost.budget_line != static_cast<int>(line) || cost.index == PriceIndex::none) continue;
        moving[static_cast<std::size_t>(cost.index)].push_back(
            {cost.amount * prices.index(cost.index, year), plain(cost.index), 1.0});
      }
      if (money.unreconciled_mode == Unreconciled::carry) {
        moving[1].push_back({now.unreconciled[line], plain(PriceIndex::contract), 1.0});
      }
      double* out = &result[(static_cast<std::size_t>(year - years.first) * lines + line) * inflation_change_count];
      for (std::size_t index = 0; index < 2; ++index) {
        for (const Indexed& item : moving[index]) {
          double every_year = 1.0;
          for (int rate_year = years.first; rate_year <= years.last; ++rate_year) {
            every_year *= level_factor(item, money.price_year, rate_year, year);
          }
          out[index] += item.amount * (level_factor(item, money.price_year, year, year) - 1.0);
          out[2 + index] += item.amount * (every_year - 1.0);
        }
      }
    }
  }
  return result;
}

}  // namespace carecast
