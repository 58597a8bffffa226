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
  std::vector<double> other_costs;  // by budget line: staffing and the like, price-year prices, pay-indexed
  // by budget line: the line's costs and income the model does not price
  // (day services, transport, commissioning, health contributions...), cash,
  // the same every year; may be negative
  std::vector<double> unpriced_net_costs;
  // Homecare hours the workforce cannot supply are bought (agency or spot
  // purchase) at the hourly rate plus this share, when `buys_unmet_homecare`;
  // otherwise they go without and cost nothing.
  bool buys_unmet_homecare = false;
  double unmet_homecare_premium = 0.0;
  std::vector<double> base_budget;  // by budget line: the net budget of the year before the first
  std::vector<YearPath> budget;  // by budget line: the net budget per year
  std::vector<Grant> grants;
  std::vector<CashSaving> savings;
  std::vector<ModelCitation> citations;

  bool has_budget() const { return !budget.empty(); }
};


}  // namespace carecast
