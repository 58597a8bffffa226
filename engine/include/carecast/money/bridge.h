#pragma once
// The Medium Term Financial Plan bridge of one replicate (docs/model.md,
// "Money and the bridge"): each budget line's net spending in each year of
// the run, split into the parts that carry it from the year before, from
// the priced years of the run and of its paired run without policy; and the
// net spending set against the line's budget.

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "carecast/money/accounts.h"
#include "carecast/money/assumptions.h"

namespace carecast {

// Money of one pass through the years: the base year's run rate and each
// simulated year, priced.
struct PassMoney {
  YearMoney run_rate;
  std::vector<YearMoney> years;  // from the model's caseload year
};

// The parts of the bridge, in the order the run file holds them; the first
// seven add up to `net`. `base` is the budget the year starts from (the base
// budget in the first year, the year before's budget after it); `rebase`
// (first year) and `pressure` (later years) take it to the year before's
// modelled spending, from which prices, demand and policy carry it on.
enum class BridgeComponent { base, rebase, pay_inflation, contract_inflation, demand_growth, policy_and_savings, pressure, net };
inline constexpr std::size_t bridge_component_count = 8;
inline constexpr std::array<std::string_view, bridge_component_count> bridge_component_ids = {
    "base", "rebase", "pay_inflation", "contract_inflation", "demand_growth", "policy_and_savings", "pressure", "net"};

// One budget line's money in one year.
struct LineYearMoney {
  std::array<double, bridge_component_count> bridge{};  // by BridgeComponent; `net` is the line's net spending
  double other_costs = 0.0;
  double unreconciled = 0.0;  // the base year's unexplained net budget at this year's prices
  double savings = 0.0;  // cash savings delivered, taken off net spending
  double budget = 0.0;
  double overspend = 0.0;  // net spending above the budget, 0 within it
  bool overspent = false;

  double net_spend() const { return bridge[static_cast<std::size_t>(BridgeComponent::net)]; }
};

// The years of a run the bridge covers, and the year its priced passes start.
struct BridgeYears {
  int caseload_year = 0;
  int first = 0;
  int last = 0;
};

// Cash savings of budget line `line` in `year` (a year of the run), each
// counted in the share `delivered` gives it: 0 or 1 in a replicate, its
// probability of delivery when expected.
double savings_in(const MoneyAssumptions& money, int year, int line, const std::vector<double>& delivered);

// Every line in every year of the run, [year][line], from the run `full`
// and its paired run `without_policy` (the same when no lever acted), with
// the savings `delivered` taken off the run's net spending.
std::vector<LineYearMoney> money_by_line(const MoneyAssumptions& money, const PassMoney& full, const PassMoney& without_policy,
                                         const std::vector<double>& delivered, const BridgeYears& years);

}  // namespace carecast
