#pragma once
// A scenario's money: unit costs, the price indices that uplift them, income,
// grants, budgets and cash savings, as read from the scenario's `money:`
// section (docs/scenario-format.md) by loading/money_loader.h.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "carecast/model/citation.h"

namespace carecast {

// A value per financial year: the years given, then `later` for every year
// after the last one given.
struct YearPath {
  std::map<int, double> by_year;
  std::optional<double> later;
  bool zero_before = false;  // years before the first one given are 0 (a saving that starts later)

  bool covers(int year) const;
  double at(int year) const;  // the caller has checked covers()
};

enum class CostBasis { weekly, hourly, per_episode };
enum class PriceIndex { pay, contract, none };

struct UnitCost {
  int setting = 0;
  int client_group = -1;  // -1: every group
  int district = -1;  // -1: every district
  int min_age = 0;
  int max_age = 0;
  CostBasis basis = CostBasis::weekly;
  double amount = 0.0;  // GBP in the price year
};

struct Grant {
  std::string name;
  YearPath amounts;  // GBP a year, cash
};

struct CashSaving {
  std::string name;
  int budget_line = 0;
  YearPath amounts;  // GBP a year, cash, taken off net spend when delivered
  double delivery_probability = 1.0;  // drawn once per replicate
};

// Spending of a budget line outside the care packages the model prices (in-house
// services, assessment and care management, commissioning...), or income
// (negative), named so that every pound of the base year can be traced.
struct NonPackageCost {
  std::string name;
  int budget_line = 0;
  double amount = 0.0;  // GBP a year in the price year
  PriceIndex index = PriceIndex::pay;  // what moves it from the price year
};

// What the run does with the part of the base year's net budget that its
// priced care and named costs do not explain (docs/model.md, "The base
// year reconciled"): nothing (not computed), show it, or show it and carry
// it into every year, moved by contract prices.
enum class Unreconciled { none, report, carry };

// How the budget of the years after those a scenario gives is set
// (money/budget_path.h): as given year by year (`later`), held flat in cash,
// grown by the price change of the line's own spending at the assumed
// rates, or grown by approved rates by year and line.
enum class BudgetRule { given, flat, pay_and_contract_inflation, growth };

struct MoneyAssumptions {
  int price_year = 0;  // unit costs and other costs are in this year's prices
  std::vector<UnitCost> unit_costs;
  std::vector<double> out_of_area_multiplier;  // by setting
  std::vector<PriceIndex> uplift;  // by setting: which index moves its prices
  YearPath pay_inflation;  // yearly change, year y's value moves prices from y-1 to y
  YearPath contract_inflation;
  std::vector<double> income_share;  // by budget line: client contributions and other income, share of gross
  // by setting: a client's contribution in GBP a week (price-year prices,
  // moved by the setting's index), in place of the share of gross; absent
  // (NaN) where the share applies
  std::vector<double> weekly_contribution;
  // Care staff wage growth and the share of each setting's fee that is care
  // staff pay: when given, a setting's contract prices move by
  // labour share x wage growth + (1 - labour share) x contract inflation.
  std::optional<YearPath> care_wage_inflation;
  std::vector<double> labour_share;  // by setting; 0 where none is given
  std::vector<NonPackageCost> non_package_costs;
  // Homecare hours the workforce cannot supply are bought (agency or spot
  // purchase) at the hourly rate plus this share, when `buys_unmet_homecare`;
  // otherwise they go without and cost nothing.
  bool buys_unmet_homecare = false;
  double unmet_homecare_premium = 0.0;
  std::vector<double> base_budget;  // by budget line: the net budget of the year before the first
  // by budget line: the council's own changes to that budget before
  // inflation, growth and savings (virements, structural deficit, rebasing),
  // in the same year's cash
  std::vector<double> base_adjustments;
  Unreconciled unreconciled_mode = Unreconciled::none;
  // by budget line, price-year prices: the base budget and its adjustments
  // less the run rate of the base caseload, priced with every assumption at
  // its median. Not read from the scenario: set by the run before any
  // replicate (run/simulation.cpp).
  std::vector<double> unreconciled;
  std::vector<YearPath> budget;  // by budget line: the net budget per year
  BudgetRule budget_rule = BudgetRule::given;
  std::vector<YearPath> budget_growth;  // by budget line, with BudgetRule::growth: the yearly growth approved
  std::vector<Grant> grants;
  std::vector<CashSaving> savings;
  std::vector<ModelCitation> citations;

  bool has_budget() const { return !budget.empty(); }
};


}  // namespace carecast
