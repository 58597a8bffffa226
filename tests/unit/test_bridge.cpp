// The MTFP bridge as plain arithmetic on priced years made by hand: one
// budget line, two years of a run that starts the year after the caseload
// year. Every figure is a small integer, so each part is checked exactly
// against the sums worked out in the comments.

#include <catch2/catch.hpp>

#include "carecast/money/bridge.h"

using namespace carecast;

namespace {

// One line's priced year: net of income by index (pay, contract, none) at
// this year's prices and at last year's, other costs (pay-indexed) at both
// added to the pay column, and an
// unreconciled 5 that contract prices do not move (their index is flat here).
YearMoney priced(std::vector<double> now, std::vector<double> last, double other, double other_last) {
  YearMoney money;
  money.lines = 1;
  now[0] += other;
  last[0] += other_last;
  money.net_by_index = std::move(now);
  money.net_by_index_last = std::move(last);
  money.other_costs = {other};
  money.other_costs_last = {other_last};
  money.unreconciled = {5.0};
  money.unreconciled_last = {5.0};
  return money;
}

MoneyAssumptions one_line(double base_budget) {
  MoneyAssumptions money;
  money.unreconciled_mode = Unreconciled::carry;
  money.base_budget = {base_budget};
  money.budget = {YearPath{{{2024, 170.0}, {2025, 200.0}}, std::nullopt, false}};
  money.savings = {{"cut", 0, YearPath{{{2024, 7.0}, {2025, 7.0}}, std::nullopt, false}, 0.5},
                   {"never", 0, YearPath{{{2024, 1000.0}}, std::nullopt, false}, 0.5}};
  return money;
}

// Net at this year's prices, last year's, and with pay moved (pay now,
// contract last): 2023 151 at its own prices; 2024 185, 168, 180;
// 2025 202, 185, 197 (each with the 5 unreconciled, carried).
PassMoney three_years() {
  PassMoney pass;
  pass.years = {priced({80, 40, 10}, {75, 38, 10}, 16, 15), priced({100, 50, 10}, {90, 45, 10}, 20, 18),
                priced({110, 55, 10}, {100, 50, 10}, 22, 20)};
  return pass;
}

}  // namespace

TEST_CASE("savings count in the share delivered, on their own line and in the years they cover") {
  const MoneyAssumptions money = one_line(150.0);
  CHECK(savings_in(money, 2024, 0, {1.0, 0.0}) == 7.0);
  CHECK(savings_in(money, 2024, 0, {0.5, 0.0}) == 3.5);
  CHECK(savings_in(money, 2024, 0, {1.0, 1.0}) == 1007.0);
  CHECK(savings_in(money, 2025, 0, {1.0, 1.0}) == 7.0);  // the second saving does not cover 2025
  CHECK(savings_in(money, 2024, 1, {1.0, 1.0}) == 0.0);
}

TEST_CASE("the bridge splits each year's net spending into base, rebase or pressure, prices, demand and policy") {
  const MoneyAssumptions money = one_line(150.0);
  const PassMoney pass = three_years();
  const std::vector<LineYearMoney> lines = money_by_line(money, pass, pass, {1.0, 0.0}, {2023, 2024, 2025});
  REQUIRE(lines.size() == 2);
  // 2024: net 185 - 7 saved = 178 from a base budget of 150; the year
  // before ran at 151 (rebase 1); pay 180 - 168, contract 185 - 180; policy
  // is the saving; demand 168 - 151 is what remains.
  using Parts = std::array<double, bridge_component_count>;
  CHECK(lines[0].bridge == Parts{150, 1, 12, 5, 17, -7, 0, 178});
  CHECK(lines[0].net_spend() == 178);
  CHECK(lines[0].other_costs == 20);
  CHECK(lines[0].budget == 170);
  CHECK(lines[0].overspend == 8);
  CHECK(lines[0].overspent);
  // 2025: from 2024's budget, 170, with the pressure of 2024's spending
  // above it, 178 - 170; pay 197 - 185, contract 202 - 197; the same saving
  // again changes nothing year on year; demand 185 - 185.
  CHECK(lines[1].bridge == Parts{170, 0, 12, 5, 0, 0, 8, 195});
  CHECK(lines[1].overspend == 0);
  CHECK_FALSE(lines[1].overspent);
}

TEST_CASE("an unreconciled amount only reported is shown but not spent") {
  MoneyAssumptions money = one_line(150.0);
  money.unreconciled_mode = Unreconciled::report;
  const PassMoney pass = three_years();
  const std::vector<LineYearMoney> lines = money_by_line(money, pass, pass, {1.0, 0.0}, {2023, 2024, 2025});
  CHECK(lines[0].unreconciled == 5);
  CHECK(lines[0].net_spend() == 173);  // 185 - 5 - 7 saved
  CHECK(lines[1].net_spend() == 190);
}

TEST_CASE("a run starting in the caseload year rebases from the run rate at the year before's prices") {
  const MoneyAssumptions money = one_line(150.0);
  PassMoney pass = three_years();
  pass.run_rate = pass.years[0];  // at last year's prices: 75 + 38 + 10 + 15 + 5 = 143
  const std::vector<LineYearMoney> lines = money_by_line(money, pass, pass, {0.0, 0.0}, {2024, 2024, 2024});
  REQUIRE(lines.size() == 1);
  // 2024 is the first priced year now: net 80 + 40 + 10 + 16 + 5 = 151.
  CHECK(lines[0].bridge[static_cast<std::size_t>(BridgeComponent::rebase)] == 143 - 150);
  CHECK(lines[0].net_spend() == 151);
}

TEST_CASE("the policy part is the change in the gap between the run and its paired run without policy") {
  const MoneyAssumptions money = one_line(150.0);
  const PassMoney without = three_years();
  PassMoney full = three_years();
  full.years[1].net_by_index[0] -= 10;  // the lever saves 10 of pay-indexed spending in 2024
  full.years[2].net_by_index[0] -= 15;  // and 15 in 2025
  const std::vector<LineYearMoney> lines = money_by_line(money, full, without, {0.0, 0.0}, {2023, 2024, 2025});
  const auto policy = static_cast<std::size_t>(BridgeComponent::policy_and_savings);
  CHECK(lines[0].bridge[policy] == -10);
  CHECK(lines[1].bridge[policy] == -5);
  // Prices and demand come from the paired run alone.
  CHECK(lines[1].bridge[static_cast<std::size_t>(BridgeComponent::pay_inflation)] == 12);
  CHECK(lines[1].bridge[static_cast<std::size_t>(BridgeComponent::demand_growth)] == 0);
}
