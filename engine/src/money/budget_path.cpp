#include "carecast/money/budget_path.h"

namespace carecast {

std::string_view budget_rule_id(BudgetRule rule) {
  switch (rule) {
    case BudgetRule::given:
      return "given";
    case BudgetRule::flat:
      return "flat";
    case BudgetRule::pay_and_contract_inflation:
      return "pay_and_contract_inflation";
    case BudgetRule::growth:
      return "growth";
  }
  return "given";
}

bool budget_held_flat(const MoneyAssumptions& money) {
  if (money.budget_rule == BudgetRule::flat) return true;
  if (money.budget_rule != BudgetRule::given) return false;
  for (const YearPath& path : money.budget) {
    if (!path.later || path.by_year.empty() || *path.later != path.by_year.rbegin()->second) return false;
  }
  return !money.budget.empty();
}

std::optional<int> last_given_budget_year(const MoneyAssumptions& money) {
  std::optional<int> last;
  for (const YearPath& path : money.budget) {
    if (path.by_year.empty()) return std::nullopt;
    const int line_last = path.by_year.rbegin()->first;
    if (last && *last != line_last) return std::nullopt;
    last = line_last;
  }
  return last;
}

void extend_budgets(MoneyAssumptions& money, int last_year, const PriceChange& price_change) {
  if (money.budget_rule == BudgetRule::given) return;
  for (std::size_t line = 0; line < money.budget.size(); ++line) {
    YearPath& path = money.budget[line];
    for (int year = path.by_year.rbegin()->first + 1; year <= last_year; ++year) {
      double growth = 0.0;
      if (money.budget_rule == BudgetRule::growth) growth = money.budget_growth[line].at(year);
      if (money.budget_rule == BudgetRule::pay_and_contract_inflation)
        growth = price_change(static_cast<int>(line), year);
      path.by_year[year] = path.by_year.at(year - 1) * (1.0 + growth);
    }
  }
}

}  // namespace carecast
