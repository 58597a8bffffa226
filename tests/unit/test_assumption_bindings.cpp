// Uncertain assumptions bound at load: a replicate's inputs, made by writing
// its draws into a copy of the central inputs, are to the last bit what
// reading the scenario again with the draws written in as text gives (the
// path replicates took before), and every uncertain assumption feeds a field.

#include <catch2/catch.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>

#include "carecast/core/number_text.h"
#include "carecast/core/random.h"
#include "carecast/uncertainty/assumption_sampler.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::string everywhere = std::string(CARECAST_TEST_DATA) + "/scenarios/uncertain_everywhere.yaml";

// The scenario read again with each distribution's scalar replaced by its
// value's shortest round-trip text: the text path replicates used to take.
void write_values(ConfigNode& node, const std::vector<double>& values) {
  if (node.varying) node.scalar = shortest_text(values[node.varying->assumption]);
  for (auto& entry : node.entries) write_values(entry, values);
  for (auto& item : node.items) write_values(item, values);
}

ScenarioInputs read_again_with(const LoadedScenario& loaded, const std::vector<double>& values) {
  ConfigNode tree = loaded.resolved;
  take_distributions(tree);
  write_values(tree, values);
  AssumptionBindings unused;
  return read_scenario_inputs(tree, *loaded.model, loaded.scenario, unused);
}

// Each difference between two inputs, named by the field; doubles are
// compared bit for bit, so an absent contribution (NaN) equals another.
class Differences {
 public:
  void number(const std::string& what, double bound, double reread) {
    if (std::bit_cast<std::uint64_t>(bound) != std::bit_cast<std::uint64_t>(reread)) {
      found_.push_back(what + ": " + shortest_text(bound) + " bound, " + shortest_text(reread) + " read again");
    }
  }
  void whole(const std::string& what, long long bound, long long reread) {
    if (bound != reread) found_.push_back(what + ": " + std::to_string(bound) + " and " + std::to_string(reread));
  }
  void text(const std::string& what, const std::string& bound, const std::string& reread) {
    if (bound != reread) found_.push_back(what + ": \"" + bound + "\" and \"" + reread + "\"");
  }
  // Records a difference in the lists' lengths; returns how many items both have.
  template <typename List>
  std::size_t common(const std::string& what, const List& bound, const List& reread) {
    whole(what + " size", static_cast<long long>(bound.size()), static_cast<long long>(reread.size()));
    return std::min(bound.size(), reread.size());
  }
  // Compares the items both lists have, each with `compare(name, bound item, reread item)`.
  template <typename List, typename Compare>
  void items(const std::string& what, const List& bound, const List& reread, Compare compare) {
    const std::size_t both = common(what, bound, reread);
    for (std::size_t k = 0; k < both; ++k) compare(what + "[" + std::to_string(k) + "]", bound[k], reread[k]);
  }
  void numbers(const std::string& what, const std::vector<double>& bound, const std::vector<double>& reread) {
    items(what, bound, reread, [this](const std::string& name, double a, double b) { number(name, a, b); });
  }
  void path(const std::string& what, const YearPath& bound, const YearPath& reread) {
    whole(what + " years", static_cast<long long>(bound.by_year.size()), static_cast<long long>(reread.by_year.size()));
    for (const auto& [year, value] : bound.by_year) {
      const auto other = reread.by_year.find(year);
      if (other == reread.by_year.end()) {
        found_.push_back(what + ": no " + std::to_string(year) + " read again");
      } else {
        number(what + "." + std::to_string(year), value, other->second);
      }
    }
    whole(what + " has later", bound.later.has_value(), reread.later.has_value());
    if (bound.later && reread.later) number(what + ".later", *bound.later, *reread.later);
    whole(what + " zero before", bound.zero_before, reread.zero_before);
  }
  const std::vector<std::string>& found() const { return found_; }

 private:
  std::vector<std::string> found_;
};

void compare_money(const MoneyAssumptions& bound, const MoneyAssumptions& reread, Differences& differences) {
  differences.whole("price_year", bound.price_year, reread.price_year);
  differences.items("unit_costs", bound.unit_costs, reread.unit_costs,
                    [&](const std::string& name, const UnitCost& a, const UnitCost& b) {
                      differences.whole(name + ".setting", a.setting, b.setting);
                      differences.whole(name + ".client_group", a.client_group, b.client_group);
                      differences.whole(name + ".district", a.district, b.district);
                      differences.whole(name + ".ages", a.min_age * 1000 + a.max_age, b.min_age * 1000 + b.max_age);
                      differences.whole(name + ".basis", static_cast<int>(a.basis), static_cast<int>(b.basis));
                      differences.number(name + ".amount", a.amount, b.amount);
                    });
  differences.numbers("out_of_area_multiplier", bound.out_of_area_multiplier, reread.out_of_area_multiplier);
  differences.whole("uplift", bound.uplift == reread.uplift, true);
  differences.path("pay_inflation", bound.pay_inflation, reread.pay_inflation);
  differences.path("contract_inflation", bound.contract_inflation, reread.contract_inflation);
  differences.numbers("income_share", bound.income_share, reread.income_share);
  differences.numbers("weekly_contribution", bound.weekly_contribution, reread.weekly_contribution);
  for (std::size_t k = 0; k < bound.non_package_costs.size(); ++k) {
    differences.numbers("non_package_costs[" + std::to_string(k) + "]", {bound.non_package_costs[k].amount},
                        {reread.non_package_costs[k].amount});
  }
  differences.numbers("base_budget", bound.base_budget, reread.base_budget);
  differences.items("budget", bound.budget, reread.budget, [&](const std::string& name, const YearPath& a, const YearPath& b) {
    differences.path(name, a, b);
  });
  differences.items("grants", bound.grants, reread.grants, [&](const std::string& name, const Grant& a, const Grant& b) {
    differences.text(name + ".name", a.name, b.name);
    differences.path(name + ".amounts", a.amounts, b.amounts);
  });
  differences.items("savings", bound.savings, reread.savings,
                    [&](const std::string& name, const CashSaving& a, const CashSaving& b) {
                      differences.text(name + ".name", a.name, b.name);
                      differences.whole(name + ".budget_line", a.budget_line, b.budget_line);
                      differences.path(name + ".amounts", a.amounts, b.amounts);
                      differences.number(name + ".delivery_probability", a.delivery_probability, b.delivery_probability);
                    });
  differences.common("money citations", bound.citations, reread.citations);
}

std::vector<std::string> differences_between(const ScenarioInputs& bound, const ScenarioInputs& reread) {
  Differences differences;
  differences.whole("has money", bound.money.has_value(), reread.money.has_value());
  if (bound.money && reread.money) compare_money(*bound.money, *reread.money, differences);
  differences.numbers("need_growth", bound.need_growth, reread.need_growth);
  differences.items("levers", bound.levers, reread.levers, [&](const std::string& name, const Lever& a, const Lever& b) {
    differences.text(name + ".name", a.name, b.name);
    differences.whole(name + ".kind", static_cast<int>(a.kind), static_cast<int>(b.kind));
    differences.whole(name + ".start_year", a.start_year, b.start_year);
    differences.number(name + ".size", a.size, b.size);
    differences.number(name + ".delivery_probability", a.delivery_probability, b.delivery_probability);
    differences.whole(name + ".client_group", a.client_group, b.client_group);
    differences.whole(name + ".settings", a.from_setting * 100 + a.to_setting, b.from_setting * 100 + b.to_setting);
  });
  differences.items("capacity", bound.capacity_changes, reread.capacity_changes,
                    [&](const std::string& name, const CapacityChange& a, const CapacityChange& b) {
                      differences.whole(name + ".where", a.setting * 100 + a.district, b.setting * 100 + b.district);
                      differences.whole(name + ".start_year", a.start_year, b.start_year);
                      differences.number(name + ".added", a.added, b.added);
                      differences.number(name + ".growth", a.growth, b.growth);
                    });
  differences.common("policy citations", bound.policy_citations, reread.policy_citations);
  return differences.found();
}

}  // namespace

TEST_CASE("a replicate's bound inputs are, to the last bit, the scenario read again with its draws written in") {
  const LoadedScenario loaded = testing::load_scenario_text("extends: " + everywhere + "\n", "everywhere.yaml",
                                                            testing::test_models());
  // Every kind of number the readers bind is uncertain in this scenario.
  REQUIRE(loaded.uncertain.size() == 23);
  std::vector<Distribution> distributions;
  std::size_t need_growth = 0;
  for (std::size_t k = 0; k < loaded.uncertain.size(); ++k) {
    distributions.push_back(loaded.uncertain[k].distribution);
    if (loaded.uncertain[k].label == "demand.need_growth.value") need_growth = k;
  }
  const AssumptionSampler sampler(distributions, loaded.correlation);
  for (std::uint64_t replicate = 0; replicate < 20; ++replicate) {
    RandomEngine stream = make_stream(loaded.scenario.seed, replicate, StreamPurpose::assumptions);
    const std::vector<double> drawn = sampler.draw(stream);
    const ScenarioInputs bound = loaded.bindings.applied(loaded.inputs, drawn);
    const ScenarioInputs reread = read_again_with(loaded, drawn);
    INFO("replicate " << replicate);
    CHECK(differences_between(bound, reread) == std::vector<std::string>{});
    // Draws land where they were written, not at the median: the
    // comparison above is between two sets of drawn values.
    // One number for every client group: each group's field holds the draw.
    for (const double growth : bound.need_growth) CHECK(growth == drawn[need_growth]);
    CHECK(bound.need_growth != loaded.inputs.need_growth);
  }
}

TEST_CASE("every uncertain assumption of a scenario feeds a field of its inputs") {
  const LoadedScenario loaded = testing::load_scenario_text("extends: " + everywhere + "\n", "everywhere.yaml",
                                                            testing::test_models());
  for (std::size_t k = 0; k < loaded.uncertain.size(); ++k) {
    INFO(loaded.uncertain[k].label);
    // Need growth written as one number feeds each client group's field.
    const bool every_group = loaded.uncertain[k].label == "demand.need_growth.value";
    CHECK(loaded.bindings.fields_of(k) == (every_group ? loaded.model->care.client_groups.size() : 1));
  }
}

TEST_CASE("a distribution that feeds no field is refused at its place") {
  UncertainAssumption unread;
  unread.label = "money.not_read";
  unread.where = {"scenario.yaml", 4, 12};
  const AssumptionBindings none;
  REQUIRE_THROWS_WITH(none.require_every_one_bound({unread}),
                      "scenario.yaml:4:12: money.not_read: this number cannot vary between replicates, so it cannot be "
                      "a distribution; give one value");
}
