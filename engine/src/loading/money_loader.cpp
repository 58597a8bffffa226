#include "carecast/loading/money_loader.h"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <functional>
#include <limits>

#include "carecast/core/number_text.h"
#include "carecast/loading/model_tables.h"
#include "carecast/loading/scenario.h"

namespace carecast {
namespace {

const std::vector<std::string> justification_keys = {"source", "assumption", "derived"};

// What the readers of `money:` share: the model and the run's years to check
// against, the assumptions being read, and where their uncertain numbers go.
struct MoneyReading {
  const Model& model;
  int first_year;
  int last_year;
  MoneyAssumptions& money;
  AssumptionBindings& bindings;
  // By unit cost: where its amount is written, for the checks that compare
  // it with other numbers over every value a replicate can draw.
  std::vector<const ConfigNode*> unit_cost_written;
};

MoneyAssumptions& money_of(ScenarioInputs& inputs) { return *inputs.money; }

// The lowest and highest values a number read from `node` as `value` takes
// in any replicate: its distribution's range, or the value itself.
double lowest_drawn(const ConfigNode& node, double value) { return node.varying ? node.varying->lowest : value; }
double highest_drawn(const ConfigNode& node, double value) { return node.varying ? node.varying->highest : value; }

// A number at the end of its range that a message is about: "800", or
// "up to 950 (uniform(min 700, max 950))" for a distribution.
std::string shown_at(const ConfigNode& node, double end, std::string_view which) {
  if (!node.varying) return shortest_text(end);
  const std::string bound = std::isfinite(end) ? std::string(which) + " " + shortest_text(end) : "any amount";
  return bound + " (" + node.varying->description + ")";
}

// Where a year path is in a scenario's inputs, for binding its uncertain years.
using YearPathIn = std::function<YearPath&(ScenarioInputs&)>;

// A path covers `needed` years (first, last): by default every year of the
// run; a budget whose later years come from `budget_path` only those it
// gives, and an approved growth only those after the budget given.
using YearsNeeded = std::function<std::pair<int, int>(const YearPath&)>;

YearPath read_year_path(ConfigReader& parent, std::string_view key, const Bounds& bounds, MoneyReading& reading,
                        const YearPathIn& path_in, bool zero_before = false, const YearsNeeded& needed = {}) {
  ConfigReader reader = parent.map(key);
  YearPath path;
  path.zero_before = zero_before;
  std::string shown;
  for (const auto& entry : reader.node().entries) {
    if (entry.key == "later") {
      path.later = reading.bindings.number(entry, reader.path_of("later"), bounds,
                                           [path_in](ScenarioInputs& inputs) -> double& { return *path_in(inputs).later; });
      reader.optional_node("later");
    } else if (std::find(justification_keys.begin(), justification_keys.end(), entry.key) == justification_keys.end()) {
      int year = 0;
      const auto [end, status] = std::from_chars(entry.key.data(), entry.key.data() + entry.key.size(), year);
      if (status != std::errc() || end != entry.key.data() + entry.key.size() || year < 1900 || year > 2200) {
        throw InputError::at(entry.key_where, reader.path_of(entry.key),
                             "expected a financial year such as 2024 (for 2024/25) or `later`");
      }
      path.by_year[year] = reading.bindings.number(entry, reader.path_of(entry.key), bounds,
                                                   [path_in, year](ScenarioInputs& inputs) -> double& {
                                                     return path_in(inputs).by_year.at(year);
                                                   });
      reader.optional_node(entry.key);
    }
    if (std::find(justification_keys.begin(), justification_keys.end(), entry.key) == justification_keys.end()) {
      shown += (shown.empty() ? "" : ", ") + entry.key + ": " + entry.written();
    }
  }
  read_justification(reader, reader.path(), shown, reading.money.citations);
  reader.finish();
  const auto [first_needed, last_needed] = needed ? needed(path) : std::pair{reading.first_year, reading.last_year};
  for (int year = first_needed; year <= last_needed; ++year) {
    if (!path.covers(year)) {
      throw reader.error("", "no value for " + std::to_string(year) + "; give every year of the run or a `later` value");
    }
  }
  return path;
}

std::vector<std::string> line_ids(const Model& model) {
  std::vector<std::string> ids;
  for (const auto& line : model.budget_lines) ids.push_back(line.id);
  return ids;
}

// A map from budget line to a sourced number, read into `field`; every line
// must be given.
void read_by_line(ConfigReader& parent, std::string_view key, const Bounds& bounds, MoneyReading& reading,
                  std::vector<double> MoneyAssumptions::*field) {
  ConfigReader reader = parent.map(key);
  const auto& lines = reading.model.budget_lines;
  std::vector<double>& values = reading.money.*field;
  values.assign(lines.size(), 0.0);
  for (std::size_t line = 0; line < lines.size(); ++line) {
    values[line] = reading.bindings.sourced_number(
        reader, lines[line].id, bounds, reading.money.citations,
        [field, line](ScenarioInputs& inputs) -> double& { return (money_of(inputs).*field)[line]; });
  }
  reader.finish();
}

void check_unit_cost_coverage(const MoneyAssumptions& money, const Model& model, const ConfigReader& unit_costs) {
  const CareModel& care = model.care;
  for (std::size_t s = 0; s < care.settings.size(); ++s) {
    for (std::size_t g = 0; g < care.client_groups.size(); ++g) {
      for (int age = model.population.adult_age; age <= model.population.oldest_age; ++age) {
        for (std::size_t d = 0; d < model.districts.size(); ++d) {
          const bool covered = std::any_of(money.unit_costs.begin(), money.unit_costs.end(), [&](const UnitCost& cost) {
            return cost.setting == static_cast<int>(s) && (cost.client_group < 0 || cost.client_group == static_cast<int>(g)) &&
                   (cost.district < 0 || cost.district == static_cast<int>(d)) && age >= cost.min_age && age <= cost.max_age;
          });
          if (!covered) {
            throw unit_costs.error("", "no unit cost for " + care.client_groups[g].id + " in " + care.settings[s].id +
                                           " at age " + std::to_string(age) + " in " + model.districts[d].name);
          }
        }
      }
    }
  }
}

void read_unit_costs(ConfigReader& section, MoneyReading& reading) {
  const CareModel& care = reading.model.care;
  const Model& model = reading.model;
  MoneyAssumptions& money = reading.money;
  const auto settings = care.setting_ids();
  const auto groups = care.client_group_ids();
  const auto districts = model.district_names();
  for (auto& row : section.map_list("unit_costs")) {
    UnitCost cost;
    cost.setting = lookup_id(settings, row.required_node("setting"), row.path_of("setting"), "setting");
    if (const ConfigNode* group = row.optional_node("client_group")) cost.client_group = lookup_id(groups, *group, row.path_of("client_group"), "client group");
    if (const ConfigNode* district = row.optional_node("district")) cost.district = lookup_id(districts, *district, row.path_of("district"), "district");
    cost.min_age = static_cast<int>(row.integer_or("min_age", model.population.adult_age, model.population.adult_age, model.population.oldest_age));
    cost.max_age = static_cast<int>(row.integer_or("max_age", model.population.oldest_age, cost.min_age, model.population.oldest_age));
    const CareSetting& setting = care.settings[static_cast<std::size_t>(cost.setting)];
    const char* basis = setting.kind == SettingKind::short_term ? "per_episode" : setting.hours ? "hourly" : "weekly";
    cost.basis = setting.kind == SettingKind::short_term ? CostBasis::per_episode : setting.hours ? CostBasis::hourly : CostBasis::weekly;
    for (const char* other : {"weekly", "hourly", "per_episode"}) {
      if (std::string(other) != basis && row.node().find(other)) {
        throw row.error(other, std::string("a ") + setting.id + " cost is given " + basis + ", not " + other);
      }
    }
    const std::size_t k = money.unit_costs.size();
    cost.amount = reading.bindings.number(row, basis, Bounds::money("a cost"), [k](ScenarioInputs& inputs) -> double& {
      return money_of(inputs).unit_costs[k].amount;
    });
    const ConfigNode& written = *row.node().find(basis);
    read_justification(row, "money.unit_costs[" + std::to_string(k) + "]", setting.id + " " + basis + " " + written.written(),
                       money.citations);
    row.finish();
    money.unit_costs.push_back(cost);
    reading.unit_cost_written.push_back(&written);
  }
  check_unit_cost_coverage(money, model, section);
}

PriceIndex read_index(ConfigReader& reader, std::string_view key) {
  const std::string which = reader.choice(key, {"pay", "contract", "none"});
  return which == "pay" ? PriceIndex::pay : which == "contract" ? PriceIndex::contract : PriceIndex::none;
}

// `out_of_area_multiplier` and `uplift`, each by setting.
void read_setting_prices(ConfigReader& section, MoneyReading& reading) {
  MoneyAssumptions& money = reading.money;
  const auto settings = reading.model.care.setting_ids();
  money.out_of_area_multiplier.assign(settings.size(), 1.0);
  if (auto multipliers = section.optional_map("out_of_area_multiplier")) {
    for (std::size_t s = 0; s < settings.size(); ++s) {
      if (multipliers->node().find(settings[s])) {
        money.out_of_area_multiplier[s] = reading.bindings.sourced_number(
            *multipliers, settings[s], Bounds::between(0.1, 10, "a multiplier"), money.citations,
            [s](ScenarioInputs& inputs) -> double& { return money_of(inputs).out_of_area_multiplier[s]; });
      }
    }
    multipliers->finish();
  }

  money.uplift.assign(settings.size(), PriceIndex::contract);
  if (auto uplift = section.optional_map("uplift")) {
    for (std::size_t s = 0; s < settings.size(); ++s) {
      if (uplift->node().find(settings[s])) money.uplift[s] = read_index(*uplift, settings[s]);
    }
    read_justification(*uplift, "money.uplift", "by setting", money.citations);
    uplift->finish();
  }
}

// A client's weekly contribution may not be more than any cost of its
// setting, in any replicate: the highest contribution a draw can give is
// set against the lowest each cost can take.
void check_contribution_within_costs(const ConfigReader& contributions, std::size_t setting,
                                     const SourcedNumber& contribution, const MoneyReading& reading) {
  const std::string& id = reading.model.care.settings[setting].id;
  const double most = highest_drawn(contribution.node, contribution.value);
  const auto& costs = reading.money.unit_costs;
  for (std::size_t k = 0; k < costs.size(); ++k) {
    if (costs[k].setting != static_cast<int>(setting)) continue;
    const ConfigNode& cost = *reading.unit_cost_written[k];
    const double least = lowest_drawn(cost, costs[k].amount);
    if (!(least < most)) continue;
    const bool fixed = !contribution.node.varying && !cost.varying;
    // At the value, which may be in a scenario extending the one that gives the key.
    throw InputError::at(contribution.node.where, contributions.path_of(id), "a contribution of " + shown_at(contribution.node, most, "up to") + " a week " +
                                      (fixed ? "is" : "can be") + " more than a cost of the setting (" +
                                      shown_at(cost, least, "as low as") + " a week)" +
                                      (fixed ? "" : "; every value they can draw must keep the contribution within the cost"));
  }
}

void read_weekly_contributions(ConfigReader& section, MoneyReading& reading) {
  MoneyAssumptions& money = reading.money;
  const CareModel& care = reading.model.care;
  const auto settings = care.setting_ids();
  money.weekly_contribution.assign(settings.size(), std::numeric_limits<double>::quiet_NaN());
  auto contributions = section.optional_map("weekly_contribution");
  if (!contributions) return;
  for (std::size_t s = 0; s < settings.size(); ++s) {
    if (!contributions->node().find(settings[s])) continue;
    const CareSetting& setting = care.settings[s];
    if (setting.kind == SettingKind::short_term || setting.hours) {
      throw contributions->error(settings[s], "a weekly contribution needs a setting priced by the week; give " +
                                                  settings[s] + "'s income through income_share");
    }
    const SourcedNumber contribution =
        read_sourced(*contributions, settings[s], Bounds::money("an amount"), money.citations);
    reading.bindings.bind(contribution.node,
                          [s](ScenarioInputs& inputs) -> double& { return money_of(inputs).weekly_contribution[s]; });
    money.weekly_contribution[s] = contribution.value;
    check_contribution_within_costs(*contributions, s, contribution, reading);
  }
  contributions->finish();
}

// `care_wage_inflation` and `labour_share`: both or neither.
void read_care_wages(ConfigReader& section, MoneyReading& reading) {
  MoneyAssumptions& money = reading.money;
  const auto settings = reading.model.care.setting_ids();
  money.labour_share.assign(settings.size(), 0.0);
  const bool wages = section.node().find("care_wage_inflation") != nullptr;
  std::optional<ConfigReader> shares = section.optional_map("labour_share");
  if (wages != shares.has_value()) {
    throw section.error(wages ? "care_wage_inflation" : "labour_share",
                        "care_wage_inflation and labour_share go together: give both, or neither");
  }
  if (!wages) return;
  money.care_wage_inflation = read_year_path(section, "care_wage_inflation", Bounds::between(-0.5, 1.0, "a yearly change"),
                                             reading, [](ScenarioInputs& inputs) -> YearPath& { return *money_of(inputs).care_wage_inflation; });
  for (std::size_t s = 0; s < settings.size(); ++s) {
    if (!shares->node().find(settings[s])) continue;
    if (money.uplift[s] != PriceIndex::contract) {
      throw shares->error(settings[s], "a labour share moves contract prices, and " + settings[s] + " is uplifted by another index");
    }
    money.labour_share[s] = reading.bindings.sourced_number(
        *shares, settings[s], Bounds::probability(), money.citations,
        [s](ScenarioInputs& inputs) -> double& { return money_of(inputs).labour_share[s]; });
  }
  shares->finish();
}

// `non_package_costs`: named costs (or income, negative) of a budget line.
void read_non_package_costs(ConfigReader& section, MoneyReading& reading) {
  MoneyAssumptions& money = reading.money;
  const auto lines = line_ids(reading.model);
  for (auto& entry : section.map_list("non_package_costs")) {
    const std::size_t k = money.non_package_costs.size();
    NonPackageCost cost;
    cost.name = entry.text("name");
    cost.budget_line = lookup_id(lines, entry.required_node("budget_line"), entry.path_of("budget_line"), "budget line");
    cost.amount = reading.bindings.number(entry, "amount", Bounds::money("an amount", true), [k](ScenarioInputs& inputs) -> double& {
      return money_of(inputs).non_package_costs[k].amount;
    });
    cost.index = read_index(entry, "index");
    read_justification(entry, "money.non_package_costs[" + std::to_string(k) + "]",
                       cost.name + ": " + entry.node().find("amount")->written(), money.citations);
    entry.finish();
    money.non_package_costs.push_back(cost);
  }
}

// `base_adjustments` (named amounts by budget line) and `unreconciled`.
void read_base_reconciliation(ConfigReader& section, MoneyReading& reading) {
  MoneyAssumptions& money = reading.money;
  const auto lines = line_ids(reading.model);
  money.base_adjustments.assign(lines.size(), 0.0);
  for (auto& entry : section.map_list("base_adjustments")) {
    const std::string name = entry.text("name");
    ConfigReader amounts = entry.map("amounts");
    std::string shown;
    for (std::size_t l = 0; l < lines.size(); ++l) {
      if (!amounts.node().find(lines[l])) continue;
      const double amount = amounts.number(lines[l], Bounds::money("an amount", true));
      money.base_adjustments[l] += amount;
      shown += (shown.empty() ? "" : ", ") + lines[l] + ": " + shortest_text(amount);
    }
    amounts.finish();
    read_justification(entry, "money.base_adjustments", name + " (" + shown + ")", money.citations);
    entry.finish();
  }
  if (section.node().find("unreconciled")) {
    const std::string mode = section.choice("unreconciled", {"report", "carry"});
    money.unreconciled_mode = mode == "carry" ? Unreconciled::carry : Unreconciled::report;
  }
}

// With `budget_path`, a line's budget gives its years and stops: `later`
// would set the same years twice, and the path needs a year to start from,
// no earlier than the year before the run (whose prices the run knows).
void check_budget_ends(const ConfigReader& budgets, const std::string& line, const MoneyReading& reading) {
  const ConfigNode* given = budgets.node().find(line);
  if (!given || !given->is_map()) return;
  const std::string path = budgets.path_of(line);
  if (const ConfigNode* later = given->find("later")) {
    throw InputError::at(later->key_where, path + ".later",
                         "budget_path sets the years after those given; give the years and no `later`, or drop budget_path");
  }
  int last = 0;
  for (const auto& entry : given->entries) {
    int year = 0;
    const auto [end, status] = std::from_chars(entry.key.data(), entry.key.data() + entry.key.size(), year);
    if (status == std::errc() && end == entry.key.data() + entry.key.size()) last = std::max(last, year);
  }
  if (last < reading.first_year - 1) {
    throw InputError::at(given->where, path,
                         "budget_path starts from the last year given, so give a budget for " +
                             std::to_string(reading.first_year - 1) + " or a later year");
  }
}

// `budget_path`: the rule for the years after those `budget` gives.
void read_budget_path(ConfigReader& section, MoneyReading& reading) {
  MoneyAssumptions& money = reading.money;
  const auto lines = line_ids(reading.model);
  ConfigReader path = section.map("budget_path");
  const std::string rule = path.choice("rule", {"flat", "pay_and_contract_inflation", "growth"});
  money.budget_rule = rule == "flat" ? BudgetRule::flat
                      : rule == "growth" ? BudgetRule::growth
                                         : BudgetRule::pay_and_contract_inflation;
  if (money.budget_rule != BudgetRule::growth && path.node().find("growth")) {
    throw path.error("growth", "growth by line goes with `rule: growth`, not `rule: " + rule + "`");
  }
  if (money.budget_rule == BudgetRule::growth) {
    ConfigReader growth = path.map("growth");
    for (const auto& entry : growth.node().entries) {
      if (std::find(lines.begin(), lines.end(), entry.key) == lines.end()) {
        throw InputError::at(entry.key_where, growth.path_of(entry.key), "no budget line \"" + entry.key + "\" with a budget");
      }
    }
    for (std::size_t l = 0; l < lines.size(); ++l) {
      const ConfigNode* rates = growth.node().find(lines[l]);
      if (!rates) throw growth.error("", "no growth for budget line " + lines[l] + "; give every line's");
      // The path is set once for every replicate, so a drawn rate would be ignored.
      for (const auto& entry : rates->entries) {
        if (entry.varying) {
          throw InputError::at(entry.where, growth.path_of(lines[l]) + "." + entry.key,
                               "an approved growth is one number, not a distribution");
        }
      }
      const int after = money.budget[l].by_year.rbegin()->first;
      YearPath approved = read_year_path(
          growth, lines[l], Bounds::between(-0.5, 1.0, "a yearly growth"), reading,
          [l](ScenarioInputs& inputs) -> YearPath& { return money_of(inputs).budget_growth[l]; }, false,
          [&reading, after](const YearPath&) { return std::pair{after + 1, reading.last_year}; });
      money.budget_growth.push_back(std::move(approved));
    }
    growth.finish();
  }
  read_justification(path, path.path(), "rule: " + rule, money.citations);
  path.finish();
}

// `budget`, `grants` and `savings`.
void read_budgets_grants_savings(ConfigReader& section, MoneyReading& reading) {
  MoneyAssumptions& money = reading.money;
  const auto lines = line_ids(reading.model);
  const Bounds amount = Bounds::money("an amount");
  ConfigReader budgets = section.map("budget");
  const bool path_given = section.node().find("budget_path") != nullptr;
  // With a path, a line's budget covers the run's years up to the last it gives.
  const YearsNeeded up_to_last_given = [&reading](const YearPath& given) {
    return std::pair{reading.first_year, given.by_year.rbegin()->first};
  };
  for (std::size_t l = 0; l < lines.size(); ++l) {
    if (path_given) check_budget_ends(budgets, lines[l], reading);
    money.budget.push_back(read_year_path(
        budgets, lines[l], Bounds::money("a budget", true), reading,
        [l](ScenarioInputs& inputs) -> YearPath& { return money_of(inputs).budget[l]; }, false,
        path_given ? up_to_last_given : YearsNeeded()));
  }
  budgets.finish();
  if (path_given) read_budget_path(section, reading);

  for (auto& entry : section.map_list("grants")) {
    const std::size_t k = money.grants.size();
    Grant grant;
    grant.name = entry.text("name");
    grant.amounts = read_year_path(entry, "amounts", amount, reading,
                                   [k](ScenarioInputs& inputs) -> YearPath& { return money_of(inputs).grants[k].amounts; });
    entry.finish();
    money.grants.push_back(grant);
  }
  for (auto& entry : section.map_list("savings")) {
    const std::size_t k = money.savings.size();
    CashSaving saving;
    saving.name = entry.text("name");
    saving.budget_line = lookup_id(lines, entry.required_node("budget_line"), entry.path_of("budget_line"), "budget line");
    saving.amounts = read_year_path(
        entry, "amounts", amount, reading,
        [k](ScenarioInputs& inputs) -> YearPath& { return money_of(inputs).savings[k].amounts; }, true);
    saving.delivery_probability = reading.bindings.number_or(
        entry, "delivery_probability", 1.0, Bounds::probability(),
        [k](ScenarioInputs& inputs) -> double& { return money_of(inputs).savings[k].delivery_probability; });
    entry.finish();
    money.savings.push_back(saving);
  }
}

}  // namespace

std::optional<MoneyAssumptions> read_money_assumptions(ConfigReader& top, const Model& model, int first_year, int last_year,
                                                       AssumptionBindings& bindings) {
  std::optional<ConfigReader> section = top.optional_map("money");
  if (!section) return std::nullopt;
  ConfigReader& money_reader = *section;
  if (model.budget_lines.empty()) throw money_reader.error("", "the model has no budget_lines to put spending on");

  MoneyAssumptions money;
  MoneyReading reading{model, first_year, last_year, money, bindings, {}};
  money.price_year = static_cast<int>(money_reader.integer("price_year", first_year - 1, last_year));
  read_unit_costs(money_reader, reading);
  read_setting_prices(money_reader, reading);
  const Bounds change = Bounds::between(-0.5, 1.0, "a yearly change");
  money.pay_inflation = read_year_path(money_reader, "pay_inflation", change, reading,
                                       [](ScenarioInputs& inputs) -> YearPath& { return money_of(inputs).pay_inflation; });
  money.contract_inflation = read_year_path(money_reader, "contract_inflation", change, reading, [](ScenarioInputs& inputs) -> YearPath& {
    return money_of(inputs).contract_inflation;
  });
  read_by_line(money_reader, "income_share", Bounds::probability(), reading, &MoneyAssumptions::income_share);
  read_weekly_contributions(money_reader, reading);
  read_care_wages(money_reader, reading);
  read_non_package_costs(money_reader, reading);
  if (money_reader.node().find("unmet_homecare_premium")) {
    money.buys_unmet_homecare = true;
    money.unmet_homecare_premium = bindings.sourced_number(
        money_reader, "unmet_homecare_premium", Bounds::between(0.0, 10.0, "a share of the hourly rate"), money.citations,
        [](ScenarioInputs& inputs) -> double& { return money_of(inputs).unmet_homecare_premium; });
  }
  read_by_line(money_reader, "base_budget", Bounds::money("a budget", true), reading, &MoneyAssumptions::base_budget);
  read_base_reconciliation(money_reader, reading);
  read_budgets_grants_savings(money_reader, reading);
  money_reader.finish();
  return money;
}

}  // namespace carecast
