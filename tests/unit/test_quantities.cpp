// The quantities table and the layout a run builds from it: the table's
// quantities in its order, those of money and of drawn assumptions only
// when the scenario has them; names from a user's file looked up in it.

#include <catch2/catch.hpp>

#include "carecast/output/quantities.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;

namespace {

std::vector<std::string> names_with(std::initializer_list<QuantityPresence> presences) {
  std::vector<std::string> names;
  for (const QuantityEntry& entry : quantity_table()) {
    for (const QuantityPresence presence : presences) {
      if (entry.presence == presence) names.push_back(entry.quantity.name);
    }
  }
  return names;
}

std::vector<std::string> names_in(const OutputLayout& layout) {
  std::vector<std::string> names;
  for (const Quantity& quantity : layout.quantities()) names.push_back(quantity.name);
  return names;
}

}  // namespace

TEST_CASE("the table holds each quantity once, at its id") {
  const std::vector<QuantityEntry>& table = quantity_table();
  for (std::size_t k = 0; k < table.size(); ++k) {
    CHECK(static_cast<std::size_t>(table[k].id) == k);
    CHECK(find_quantity(table[k].quantity.name) == &table[k]);
  }
  CHECK(quantity_name(QuantityId::net_spend) == "net_spend");
  CHECK(quantity_entry(QuantityId::mtfp_bridge).quantity.may_be_negative);
  CHECK_FALSE(quantity_entry(QuantityId::clients).quantity.may_be_negative);
  CHECK(find_quantity("net spend") == nullptr);
}

TEST_CASE("a run without money or uncertain assumptions has the quantities every run has, in the table's order") {
  const Simulation simulation(testing::load_scenario_text(testing::small_scenario(2, 1)));
  CHECK(names_in(simulation.layout()) == names_with({QuantityPresence::always}));
  CHECK_FALSE(has_quantity(simulation.layout(), QuantityId::net_spend));
  CHECK(quantity_index(simulation.layout(), QuantityId::self_funder_bed_nights) == simulation.layout().quantities().size() - 1);
}

TEST_CASE("a run with money and uncertain assumptions has theirs too, after the others, and never the analysis") {
  const LoadedScenario loaded = load_scenario(std::filesystem::path(CARECAST_TEST_DATA) / "scenarios" / "golden.yaml",
                                              {testing::test_models()});
  const Simulation simulation(loaded);
  CHECK(names_in(simulation.layout()) ==
        names_with({QuantityPresence::always, QuantityPresence::with_assumptions, QuantityPresence::with_money}));
  const std::size_t net = quantity_index(simulation.layout(), QuantityId::net_spend);
  CHECK(simulation.layout().quantities()[net].dimensions == std::vector<std::string>{"year", "budget_line"});
}
