// Money on the tiny test model: prices move by the right index in the right
// years, the bridge's parts add up to net spending, and cash savings act only
// when delivered.

#include <catch2/catch.hpp>

#include <cmath>

#include "carecast/money/bridge.h"
#include "carecast/money/prices.h"
#include "carecast/parallel/runner.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::string money_scenario = std::string(CARECAST_TEST_DATA) + "/scenarios/tiny_money.yaml";

LoadedScenario load_money(const std::string& extra = "") {
  return testing::load_scenario_text("extends: " + money_scenario + "\n" + extra, "money.yaml", testing::test_models());
}

std::vector<double> values_of(const Simulation& simulation, const ReplicateStore& store, const std::string& name,
                              std::int64_t replicate) {
  const std::size_t q = simulation.layout().quantity_index(name);
  const std::size_t cells = simulation.layout().size(q);
  const double* data = store.replicate_values(q, replicate, cells);
  return {data, data + cells};
}

}  // namespace

TEST_CASE("prices move by their setting's index from the price year, backwards too") {
  const LoadedScenario loaded = load_money();
  const CareModel& care = loaded.model->care;
  const PriceBook prices(*loaded.inputs.money, care, 18, 100, 2024, 2028);
  const int residential = care.setting_index("residential");
  const int supported = care.setting_index("supported_living");
  const int short_term = care.setting_index("short_term");
  const int homecare = care.setting_index("homecare");
  // Residential follows contract inflation: 6% into 2024, 4% into 2025, then 3%.
  CHECK(prices.price(2024, residential, 0, 80, 0) == Approx(800.0));
  CHECK(prices.price(2023, residential, 0, 80, 0) == Approx(800.0 / 1.06));
  CHECK(prices.price(2026, residential, 0, 80, 0) == Approx(800.0 * 1.04 * 1.03));
  CHECK(prices.price(2025, residential, 1, 40, 0) == Approx(1500.0 * 1.04));
  // Supported living follows pay: 3% into 2025, 2% later.
  CHECK(prices.price(2026, supported, 1, 30, 1) == Approx(1000.0 * 1.03 * 1.02));
  // Short-term support is not uplifted; homecare differs by district.
  CHECK(prices.price(2028, short_term, 0, 70, 0) == Approx(500.0));
  CHECK(prices.price(2024, homecare, 0, 70, 0) == Approx(20.0));
  CHECK(prices.price(2024, homecare, 0, 70, 1) == Approx(22.0));
}

TEST_CASE("the bridge's parts add up to net spending, and each year starts from the last one's budget") {
  const LoadedScenario loaded = load_money();
  const Simulation simulation(loaded);
  const ReplicateStore store = run_replicates(simulation, 0, 8, {});
  const std::size_t lines = loaded.model->budget_lines.size();
  const auto part = [](BridgeComponent component) { return static_cast<std::size_t>(component); };
  for (std::int64_t r = 0; r < 8; ++r) {
    const auto bridge = values_of(simulation, store, "mtfp_bridge", r);
    const auto net = values_of(simulation, store, "net_spend", r);
    const auto budget = values_of(simulation, store, "budget", r);
    for (std::size_t y = 0; y < 5; ++y) {
      for (std::size_t line = 0; line < lines; ++line) {
        const double* parts = &bridge[(y * lines + line) * bridge_component_count];
        double sum = 0.0;
        for (std::size_t k = 0; k < part(BridgeComponent::net); ++k) sum += parts[k];
        const double total = net[y * lines + line];
        REQUIRE(parts[part(BridgeComponent::net)] == total);
        REQUIRE(std::abs(sum - total) <= 1e-9 * std::abs(total));
        if (y > 0) {
          // From the year before's budget, and the pressure of its spending above it.
          const std::size_t before = (y - 1) * lines + line;
          REQUIRE(parts[part(BridgeComponent::base)] == budget[before]);
          REQUIRE(parts[part(BridgeComponent::pressure)] == Approx(net[before] - budget[before]));
          REQUIRE(parts[part(BridgeComponent::rebase)] == 0.0);
        } else {
          REQUIRE(parts[part(BridgeComponent::base)] == loaded.inputs.money->base_budget[line]);
          REQUIRE(parts[part(BridgeComponent::pressure)] == 0.0);
        }
      }
    }
  }
}

TEST_CASE("a saving never delivered changes nothing; one always delivered changes net spending by its amount") {
  const LoadedScenario with_savings = load_money();
  const LoadedScenario without = load_money("money:\n  savings: []\n");
  const Simulation a(with_savings);
  const Simulation b(without);
  const ReplicateStore store_a = run_replicates(a, 0, 4, {});
  const ReplicateStore store_b = run_replicates(b, 0, 4, {});
  const int older = 0;
  const int younger = 1;
  for (std::int64_t r = 0; r < 4; ++r) {
    const auto net_a = values_of(a, store_a, "net_spend", r);
    const auto net_b = values_of(b, store_b, "net_spend", r);
    const auto clients_a = values_of(a, store_a, "clients", r);
    const auto clients_b = values_of(b, store_b, "clients", r);
    REQUIRE(clients_a == clients_b);  // savings draw from their own stream
    const double sure[5] = {0.0, 100000.0, 150000.0, 150000.0, 150000.0};
    for (std::size_t y = 0; y < 5; ++y) {
      CHECK(net_a[y * 2 + younger] == net_b[y * 2 + younger]);
      CHECK(net_b[y * 2 + older] - net_a[y * 2 + older] == Approx(sure[y]).margin(1e-6));
    }
  }
}

TEST_CASE("overspend is net spending above budget, and its indicator says when") {
  const LoadedScenario loaded = load_money();
  const Simulation simulation(loaded);
  const ReplicateStore store = run_replicates(simulation, 0, 3, {});
  for (std::int64_t r = 0; r < 3; ++r) {
    const auto net = values_of(simulation, store, "net_spend", r);
    const auto budget = values_of(simulation, store, "budget", r);
    const auto over = values_of(simulation, store, "overspend", r);
    const auto occurred = values_of(simulation, store, "overspend_occurred", r);
    for (std::size_t k = 0; k < net.size(); ++k) {
      CHECK(over[k] == Approx(std::max(0.0, net[k] - budget[k])));
      CHECK(occurred[k] == (net[k] > budget[k] ? 1.0 : 0.0));
    }
  }
}

TEST_CASE("a weekly contribution per client replaces the share of gross for its setting") {
  const LoadedScenario loaded = load_money("money:\n  weekly_contribution: {residential: {value: 200, assumption: test}}\n");
  const Simulation simulation(loaded);
  const ReplicateStore store = run_replicates(simulation, 0, 3, {});
  const OutputLayout& layout = simulation.layout();
  const std::size_t settings = layout.dimension("setting").labels.size();
  const std::size_t districts = layout.dimension("district").labels.size();
  const std::size_t lines = layout.dimension("budget_line").labels.size();
  const auto residential = static_cast<std::size_t>(loaded.model->care.setting_index("residential"));
  const auto homecare = static_cast<std::size_t>(loaded.model->care.setting_index("homecare"));
  const double index[2] = {1.0, 1.04};  // contract inflation from the 2024 price year
  for (std::int64_t r = 0; r < 3; ++r) {
    const auto income = values_of(simulation, store, "spend_income", r);
    const auto gross = values_of(simulation, store, "spend_gross", r);
    const auto nights = values_of(simulation, store, "bed_nights", r);
    for (std::size_t y = 0; y < 2; ++y) {
      double residential_income = 0.0, residential_nights = 0.0, homecare_income = 0.0, homecare_gross_share = 0.0;
      for (std::size_t l = 0; l < lines; ++l) {
        const double share = loaded.inputs.money->income_share[l];
        for (std::size_t d = 0; d < districts; ++d) {
          residential_income += income[((y * lines + l) * settings + residential) * districts + d];
          homecare_income += income[((y * lines + l) * settings + homecare) * districts + d];
          homecare_gross_share += share * gross[((y * lines + l) * settings + homecare) * districts + d];
        }
      }
      for (std::size_t d = 0; d < districts; ++d) {
        for (std::size_t placement = 0; placement < 2; ++placement) {
          residential_nights += nights[((y * settings + residential) * districts + d) * 2 + placement];
        }
      }
      REQUIRE(residential_nights > 0.0);
      CHECK(residential_income == Approx(residential_nights / 7.0 * 200.0 * index[y]));
      CHECK(homecare_income == Approx(homecare_gross_share));
    }
  }
}

TEST_CASE("a weekly contribution above the setting's cost is refused") {
  REQUIRE_THROWS_WITH(load_money("money:\n  weekly_contribution: {residential: {value: 900, assumption: test}}\n"),
                      Catch::EndsWith("money.yaml:3:46: money.weekly_contribution.residential: a contribution of 900 a "
                                      "week is more than a cost of the setting (800 a week)"));
  REQUIRE_THROWS_WITH(load_money("money:\n  weekly_contribution: {homecare: {value: 20, assumption: test}}\n"),
                      Catch::Contains("needs a setting priced by the week"));
}

TEST_CASE("a weekly contribution stays within its setting's costs for every value either can draw") {
  // Each median is within the costs; a draw above 800, or of a cost below 750, is not.
  REQUIRE_THROWS_WITH(
      load_money("money:\n  weekly_contribution: {residential: {value: {distribution: uniform, min: 150, max: 950}, "
                 "assumption: test}}\n"),
      Catch::EndsWith("money.weekly_contribution.residential: a contribution of up to 950 (uniform(min 150, max 950)) a "
                      "week can be more than a cost of the setting (800 a week); every value they can draw must keep the "
                      "contribution within the cost"));
  REQUIRE_THROWS_WITH(
      load_money("money:\n  weekly_contribution: {residential: {value: {distribution: lognormal, mean: 200, sd: 50}, "
                 "assumption: test}}\n"),
      Catch::Contains("a contribution of any amount (lognormal(mean 200, sd 50)) a week can be more than a cost"));
  const std::string costs =
      "money:\n  unit_costs:\n"
      "    - {setting: short_term, per_episode: 500, assumption: test}\n"
      "    - {setting: homecare, hourly: 20, assumption: test}\n"
      "    - {setting: residential, weekly: {distribution: normal, mean: 800, sd: 50, min: 700, max: 900}, assumption: test}\n"
      "    - {setting: supported_living, weekly: 1000, assumption: test}\n";
  REQUIRE_THROWS_WITH(load_money(costs + "  weekly_contribution: {residential: {value: 750, assumption: test}}\n"),
                      Catch::EndsWith("a contribution of 750 a week can be more than a cost of the setting (as low as 700 "
                                      "(normal(mean 800, sd 50, min 700, max 900)) a week); every value they can draw "
                                      "must keep the contribution within the cost"));
  // Up to the lowest cost is allowed: a contribution may equal the cost.
  const LoadedScenario within = load_money(
      costs + "  weekly_contribution: {residential: {value: {distribution: triangular, min: 400, mode: 600, max: 700}, "
              "assumption: test}}\n");
  const auto residential = static_cast<std::size_t>(within.model->care.setting_index("residential"));
  REQUIRE(within.uncertain.size() == 2);
  CHECK(within.inputs.money->weekly_contribution[residential] == within.uncertain[1].distribution.median());
}

TEST_CASE("a setting with a labour share moves its contract prices partly by care wages") {
  const LoadedScenario loaded = load_money(
      "money:\n  care_wage_inflation: {2024: 0.10, 2025: 0.08, later: 0.05, assumption: test}\n"
      "  labour_share: {homecare: {value: 0.7, assumption: test}}\n");
  const CareModel& care = loaded.model->care;
  const PriceBook prices(*loaded.inputs.money, care, 18, 100, 2024, 2028);
  const int homecare = care.setting_index("homecare");
  const int residential = care.setting_index("residential");
  CHECK(prices.price(2023, homecare, 0, 70, 0) == Approx(20.0 / (1.0 + 0.7 * 0.10 + 0.3 * 0.06)));
  CHECK(prices.price(2026, homecare, 0, 70, 1) == Approx(22.0 * (1.0 + 0.7 * 0.08 + 0.3 * 0.04) * (1.0 + 0.7 * 0.05 + 0.3 * 0.03)));
  // Without a labour share, contract inflation alone, as before.
  CHECK(prices.price(2026, residential, 0, 80, 0) == Approx(800.0 * 1.04 * 1.03));
  CHECK(prices.index(PriceIndex::contract, 2026) == Approx(1.04 * 1.03));
}

TEST_CASE("care wages and labour shares go together, and only on contract prices") {
  REQUIRE_THROWS_WITH(load_money("money:\n  care_wage_inflation: {later: 0.05, assumption: test}\n"),
                      Catch::Contains("care_wage_inflation and labour_share go together"));
  REQUIRE_THROWS_WITH(load_money("money:\n  care_wage_inflation: {later: 0.05, assumption: test}\n"
                                 "  labour_share: {supported_living: {value: 0.7, assumption: test}}\n"),
                      Catch::Contains("supported_living is uplifted by another index"));
}

namespace {

// The first year's expected bridge and unreconciled amounts of each line.
struct FirstYear {
  std::vector<double> rebase;
  std::vector<double> unreconciled;
  std::vector<double> net;
};

FirstYear expected_first_year(const std::string& extra) {
  const LoadedScenario loaded = load_money(extra);
  const Simulation simulation(loaded);
  ReplicateValues values;
  simulation.run_expected(values);
  const OutputLayout& layout = simulation.layout();
  const auto& bridge = values.arrays[layout.quantity_index("mtfp_bridge")];
  const auto& net = values.arrays[layout.quantity_index("net_spend")];
  FirstYear first;
  for (std::size_t line = 0; line < 2; ++line) {
    first.rebase.push_back(bridge[line * bridge_component_count + static_cast<std::size_t>(BridgeComponent::rebase)]);
    first.net.push_back(net[line]);
    if (layout.has_quantity("unreconciled")) first.unreconciled.push_back(values.arrays[layout.quantity_index("unreconciled")][line]);
  }
  return first;
}

}  // namespace

TEST_CASE("the base year's unexplained budget is reported, and when carried the first year starts from the council's base") {
  const std::string adjustments =
      "  base_adjustments:\n"
      "    - {name: Virements, amounts: {older: 200000, younger: -50000}, assumption: test}\n"
      "    - {name: Structural deficit, amounts: {older: 300000}, assumption: test}\n";
  const FirstYear plain = expected_first_year("");
  const FirstYear reported = expected_first_year("money:\n  unreconciled: report\n" + adjustments);
  const FirstYear carried = expected_first_year("money:\n  unreconciled: carry\n" + adjustments);
  REQUIRE(plain.unreconciled.empty());
  const std::vector<double> adjusted = {500000.0, -50000.0};
  for (std::size_t line = 0; line < 2; ++line) {
    // Reported: nothing spent; the rebase is the model's run rate less the
    // base budget, and what it leaves of the council's adjusted base is the
    // unreconciled amount, moved from 2023 to 2024 prices by 6% contract inflation.
    CHECK(reported.net[line] == Approx(plain.net[line]));
    CHECK(reported.unreconciled[line] == Approx((adjusted[line] - plain.rebase[line]) * 1.06));
    // Carried: the run rate plus the unreconciled amount is the adjusted base.
    CHECK(carried.rebase[line] == Approx(adjusted[line]).margin(1e-6));
    CHECK(carried.unreconciled[line] == Approx(reported.unreconciled[line]));
    CHECK(carried.net[line] == Approx(plain.net[line] + carried.unreconciled[line]));
  }
}
