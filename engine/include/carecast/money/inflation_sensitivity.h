#pragma once
// The pounds of net spending that one percentage point more pay, contract
// or care wage inflation adds, from what the engine prices: each setting's
// spending moves with the index of its setting (where the scenario has a
// care wage index, contract prices move only the share of a fee that is not
// care staff pay, and care wages the labour share), each named cost with its
// own, the carried unreconciled amount with contract prices; savings are
// cash and do not move. Exact, not a slope: prices are multiplied through,
// so the figure for a 1-point rise is the difference two runs would show.

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

#include "carecast/money/bridge.h"
#include "carecast/money/prices.h"

namespace carecast {

// One point more of an index's yearly change in this year alone, or in
// every year of the run from the first (care wages last: format 1.5 files
// written before them have the first four).
enum class InflationChange {
  pay_in_year,
  contract_in_year,
  pay_from_first_year,
  contract_from_first_year,
  care_wage_in_year,
  care_wage_from_first_year
};
inline constexpr std::size_t inflation_change_count = 6;
inline constexpr std::array<std::string_view, inflation_change_count> inflation_change_ids = {
    "pay_in_year",      "contract_in_year",  "pay_from_first_year", "contract_from_first_year",
    "care_wage_in_year", "care_wage_from_first_year"};

// [year][line][InflationChange], GBP, for the run `full` over `years`.
std::vector<double> spend_per_inflation_point(const MoneyAssumptions& money, const PriceBook& prices,
                                              const PassMoney& full, const BridgeYears& years);

}  // namespace carecast
