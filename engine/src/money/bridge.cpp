#include "carecast/money/bridge.h"

#include <algorithm>

namespace carecast {
namespace {

// Net spending of a line from priced volumes: at this year's prices, at
// last year's, or with pay moved to this year's and contract not yet.
enum class Prices { this_year, last_year, pay_moved };

double net_of(const MoneyAssumptions& money, const YearMoney& priced, std::size_t line, Prices prices) {
  const double* now = &priced.net_by_index[line * 3];
  const double* last = &priced.net_by_index_last[line * 3];
  const double pay_indexed = prices == Prices::last_year ? last[0] : now[0];
  const double contract_indexed = prices == Prices::this_year ? now[1] : last[1];
  const double unreconciled = money.unreconciled_mode != Unreconciled::carry ? 0.0
                              : prices == Prices::this_year           ? priced.unreconciled[line]
                                                                      : priced.unreconciled_last[line];
  return pay_indexed + contract_indexed + now[2] + unreconciled;
}

}  // namespace

double savings_in(const MoneyAssumptions& money, int year, int line, const std::vector<double>& delivered) {
  double total = 0.0;
  for (std::size_t k = 0; k < money.savings.size(); ++k) {
    const CashSaving& saving = money.savings[k];
    if (saving.budget_line == line && delivered[k] > 0.0 && saving.amounts.covers(year)) {
      total += delivered[k] * saving.amounts.at(year);
    }
  }
  return total;
}

std::vector<LineYearMoney> money_by_line(const MoneyAssumptions& money, const PassMoney& full, const PassMoney& without_policy,
                                         const std::vector<double>& delivered, const BridgeYears& years) {
  auto year_money = [&](const PassMoney& pass, int year) -> const YearMoney& {
    return pass.years[static_cast<std::size_t>(year - years.caseload_year)];
  };
  const auto lines = static_cast<std::size_t>(year_money(full, years.first).lines);
  auto net = [&](const YearMoney& priced, std::size_t line, Prices prices) { return net_of(money, priced, line, prices); };

  std::vector<LineYearMoney> result(static_cast<std::size_t>(years.last - years.first + 1) * lines);
  std::vector<double> full_before(lines, 0.0);
  std::vector<double> without_before(lines, 0.0);
  for (int year = years.first; year <= years.last; ++year) {
    const auto y = static_cast<std::size_t>(year - years.first);
    const YearMoney& now = year_money(full, year);
    const YearMoney& paired = year_money(without_policy, year);
    for (std::size_t l = 0; l < lines; ++l) {
      const double savings = savings_in(money, year, static_cast<int>(l), delivered);
      const double total = net(now, l, Prices::this_year) - savings;
      const double without = net(paired, l, Prices::this_year);  // no savings in the run without policy
      const bool first = year == years.first;
      if (first) {
        // The year before the first at its own prices: simulated when the
        // run starts after the caseload year, else the caseload's run rate.
        // No lever or saving acts before the first year, so both runs agree.
        without_before[l] = year - 1 >= years.caseload_year ? net(year_money(without_policy, year - 1), l, Prices::this_year)
                                                            : net(without_policy.run_rate, l, Prices::last_year);
        full_before[l] = without_before[l];
      }
      // After the first year the bridge starts from the year before's budget
      // (the budget path), and the pressure is what the model spent above it.
      const double budget_before = first ? 0.0 : money.budget[l].at(year - 1);
      const double base = first ? money.base_budget[l] : budget_before;
      const double rebase = first ? without_before[l] - money.base_budget[l] : 0.0;
      const double pressure = first ? 0.0 : full_before[l] - budget_before;
      const double at_last_prices = net(paired, l, Prices::last_year);
      const double pay = net(paired, l, Prices::pay_moved) - at_last_prices;
      const double contract = net(paired, l, Prices::this_year) - net(paired, l, Prices::pay_moved);
      const double policy = (total - without) - (full_before[l] - without_before[l]);
      // Demand growth is at_last_prices - without_before; taking it as the
      // remainder makes the parts add up to the total to the last bit.
      const double demand = total - base - rebase - pressure - pay - contract - policy;

      LineYearMoney& out = result[y * lines + l];
      out.bridge = {base, rebase, pay, contract, demand, policy, pressure, total};
      out.other_costs = now.other_costs[l];
      out.unreconciled = now.unreconciled[l];
      out.savings = savings;
      out.budget = money.budget[l].at(year);
      out.overspend = std::max(0.0, total - out.budget);
      out.overspent = total > out.budget;
      full_before[l] = total;
      without_before[l] = without;
    }
  }
  return result;
}

}  // namespace carecast
