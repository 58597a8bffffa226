#pragma once
// The budget of the years after those a scenario gives (docs/scenario-format.md,
// `budget_path`): each line's last given budget carried forward year by year,
// held flat in cash, grown by approved rates, or grown by the price change of
// the line's own spending (pay- and contract-indexed) at the assumed rates.
// The path is set once, before any replicate, so every replicate and the
// expected mode set their spending against the same budget, as a council does.

#include <functional>
#include <optional>
#include <string_view>

#include "carecast/money/assumptions.h"

namespace carecast {

// The rule's id as the scenario and the run file write it.
std::string_view budget_rule_id(BudgetRule rule);

// Whether the budgets after the given years stay at the last given year's
// cash: the `flat` rule, or `later` values equal to it on every line.
bool budget_held_flat(const MoneyAssumptions& money);

// The last year every line gives a budget for, when the lines agree.
std::optional<int> last_given_budget_year(const MoneyAssumptions& money);

// The yearly change, from `year` - 1 to `year`, in the price of budget line
// `line`'s spending (used by the pay_and_contract_inflation rule).
using PriceChange = std::function<double(int line, int year)>;

// Fills every line's budget for each year after its last given one up to
// `last_year` by the scenario's rule; nothing to do for BudgetRule::given.
void extend_budgets(MoneyAssumptions& money, int last_year, const PriceChange& price_change);

}  // namespace carecast
