#include "carecast/loading/money_loader.h"

#include <algorithm>
#include <cmath>
#include <charconv>
#include <limits>

#include "carecast/loading/model_tables.h"

namespace carecast {
namespace {

const std::vector<std::string> justification_keys = {"source", "assumption", "derived"};

YearPath read_year_path(ConfigReader& parent, std::string_view key, const Bounds& bounds, int first_year, int last_year,
                        std::vector<ModelCitation>& citations, bool zero_before = false) {
  ConfigReader reader = parent.map(key);
  YearPath path;
  path.zero_before = zero_before;
  std::string shown;
  for (const auto& entry : reader.node().entries) {
    if (entry.key == "later") {
      path.later = to_number(entry, reader.path_of("later"), bounds);
      reader.optional_node("later");
    } else if (std::find(justification_keys.begin(), justification_keys.end(), entry.key) == justification_keys.end()) {
      int year = 0;
      const auto [end, status] = std::from_chars(entry.key.data(), entry.key.data() + entry.key.size(), year);
      if (status != std::errc() || end != entry.key.data() + entry.key.size() || year < 1900 || year > 2200) {
        throw InputError::at(entry.key_where, reader.path_of(entry.key),
                             "expected a financial year such as 2024 (for 2024/25) or `later`");
      }
      path.by_year[year] = to_number(entry, reader.path_of(entry.key), bounds);
      reader.optional_node(entry.key);
    }
    if (std::find(justification_keys.begin(), justification_keys.end(), entry.key) == justification_keys.end()) {
      shown += (shown.empty() ? "" : ", ") + entry.key + ": " + entry.written();
    }
  }
  read_justification(reader, reader.path(), shown, citations);
  reader.finish();
  for (int year = first_year; year <= last_year; ++year) {
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

// A map from budget line to a sourced number; every line must be given.
std::vector<double> read_by_line(ConfigReader& parent, std::string_view key, const Bounds& bounds, const Model& model,
                                 std::vector<ModelCitation>& citations) {
  ConfigReader reader = parent.map(key);
  std::vector<double> values(model.budget_lines.size(), 0.0);
  for (std::size_t line = 0; line < model.budget_lines.size(); ++line) {
    values[line] = read_sourced_number(reader, model.budget_lines[line].id, bounds, citations);
  }
  reader.finish();
  return values;
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

// What the readers of `money:` share: the model and the run's years to check
// against, and the assumptions being read.
struct MoneyReading {
  const Model& model;
  int first_year;
  int last_year;
  MoneyAssumptions& money;
};

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
    cost.amount = row.number(basis, Bounds::non_negative("a cost"));
    read_justification(row, "money.unit_costs[" + std::to_string(money.unit_costs.size()) + "]",
                       setting.id + " " + basis + " " + row.node().find(basis)->written(), money.citations);
    row.finish();
    money.unit_costs.push_back(cost);
  }
  check_unit_cost_coverage(money, model, section);
}

// `out_of_area_multiplier` and `uplift`, each by setting.
void read_setting_prices(ConfigReader& section, MoneyReading& reading) {
  MoneyAssumptions& money = reading.money;
  const auto settings = reading.model.care.setting_ids();
  money.out_of_area_multiplier.assign(settings.size(), 1.0);
  if (auto multipliers = section.optional_map("out_of_area_multiplier")) {
    for (std::size_t s = 0; s < settings.size(); ++s) {
      if (multipliers->node().find(settings[s])) {
        money.out_of_area_multiplier[s] =
            read_sourced_number(*multipliers, settings[s], Bounds::between(0.1, 10, "a multiplier"), money.citations);
      }
    }
    multipliers->finish();
  }

  money.uplift.assign(settings.size(), PriceIndex::contract);
  if (auto uplift = section.optional_map("uplift")) {
    for (std::size_t s = 0; s < settings.size(); ++s) {
      if (uplift->node().find(settings[s])) {
        const std::string which = uplift->choice(settings[s], {"pay", "contract", "none"});
        money.uplift[s] = which == "pay" ? PriceIndex::pay : which == "contract" ? PriceIndex::contract : PriceIndex::none;
      }
    }
    read_justification(*uplift, "money.uplift", "by setting", money.citations);
    uplift->finish();
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
    money.weekly_contribution[s] =
        read_sourced_number(*contributions, settings[s], Bounds::non_negative("an amount"), money.citations);
  }
  contributions->finish();
  for (std::size_t s = 0; s < settings.size(); ++s) {
    if (std::isnan(money.weekly_contribution[s])) continue;
    for (const UnitCost& cost : money.unit_costs) {
      if (cost.setting == static_cast<int>(s) && cost.amount < money.weekly_contribution[s]) {
        throw contributions->error(settings[s], "a contribution of " + std::to_string(money.weekly_contribution[s]) +
                                                    " a week is more than a cost of the setting (" +
                                                    std::to_string(cost.amount) + " a week)");
      }
    }
  }
}

// `budget`, `grants` and `savings`.
void read_budgets_grants_savings(ConfigReader& section, MoneyReading& reading) {
  MoneyAssumptions& money = reading.money;
  const auto lines = line_ids(reading.model);
  const int first_year = reading.first_year;
  const int last_year = reading.last_year;
  ConfigReader budgets = section.map("budget");
  for (const auto& line : lines) {
    money.budget.push_back(read_year_path(budgets, line, Bounds::any(), first_year, last_year, money.citations));
  }
  budgets.finish();

  for (auto& entry : section.map_list("grants")) {
    Grant grant;
    grant.name = entry.text("name");
    grant.amounts = read_year_path(entry, "amounts", Bounds::non_negative("an amount"), first_year, last_year, money.citations);
    entry.finish();
    money.grants.push_back(grant);
  }
  for (auto& entry : section.map_list("savings")) {
    CashSaving saving;
    saving.name = entry.text("name");
    saving.budget_line = lookup_id(lines, entry.required_node("budget_line"), entry.path_of("budget_line"), "budget line");
    saving.amounts = read_year_path(entry, "amounts", Bounds::non_negative("an amount"), first_year, last_year, money.citations, true);
    saving.delivery_probability = entry.number_or("delivery_probability", 1.0, Bounds::probability());
    entry.finish();
    money.savings.push_back(saving);
  }
}

}  // namespace

std::optional<MoneyAssumptions> read_money_assumptions(ConfigReader& top, const Model& model, int first_year, int last_year) {
  std::optional<ConfigReader> section = top.optional_map("money");
  if (!section) return std::nullopt;
  ConfigReader& money_reader = *section;
  if (model.budget_lines.empty()) throw money_reader.error("", "the model has no budget_lines to put spending on");

  MoneyAssumptions money;
  MoneyReading reading{model, first_year, last_year, money};
  money.price_year = static_cast<int>(money_reader.integer("price_year", first_year - 1, last_year));
  read_unit_costs(money_reader, reading);
  read_setting_prices(money_reader, reading);
  const Bounds change = Bounds::between(-0.5, 1.0, "a yearly change");
  money.pay_inflation = read_year_path(money_reader, "pay_inflation", change, first_year, last_year, money.citations);
  money.contract_inflation = read_year_path(money_reader, "contract_inflation", change, first_year, last_year, money.citations);
  money.income_share = read_by_line(money_reader, "income_share", Bounds::probability(), model, money.citations);
  read_weekly_contributions(money_reader, reading);
  money.other_costs = read_by_line(money_reader, "other_costs", Bounds::non_negative("a cost"), model, money.citations);
  money.unpriced_net_costs = read_by_line(money_reader, "unpriced_net_costs", Bounds::any(), model, money.citations);
  money.base_budget = read_by_line(money_reader, "base_budget", Bounds::any(), model, money.citations);
  read_budgets_grants_savings(money_reader, reading);
  money_reader.finish();
  return money;
}

}  // namespace carecast
