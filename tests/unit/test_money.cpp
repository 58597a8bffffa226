// Money on the tiny test model: prices move by the right index in the right
// years, the bridge's parts add up to net spending, and cash savings act only
// when delivered.

#include <catch2/catch.hpp>

#include <cmath>

#include "carecast/money/prices.h"
#include "carecast/parallel/runner.h"
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

TEST_CASE("the bridge's parts add up to net spending, and each year starts from the last") {
  const LoadedScenario loaded = load_money();
  const Simulation simulation(loaded);
  const ReplicateStore store = run_replicates(simulation, 0, 8, {});
  const std::size_t lines = loaded.model->budget_lines.size();
  for (std::int64_t r = 0; r < 8; ++r) {
    const auto bridge = values_of(simulation, store, "mtfp_bridge", r);
    const auto net = values_of(simulation, store, "net_spend", r);
    for (std::size_t y = 0; y < 5; ++y) {
      for (std::size_t line = 0; line < lines; ++line) {
        const double* parts = &bridge[(y * lines + line) * 7];
        double sum = 0.0;
        for (int k = 0; k < 6; ++k) sum += parts[k];
        const double total = net[y * lines + line];
        REQUIRE(parts[6] == total);
        REQUIRE(std::abs(sum - total) <= 1e-9 * std::abs(total));
        if (y > 0) REQUIRE(parts[0] == net[(y - 1) * lines + line]);
        else REQUIRE(parts[0] == loaded.inputs.money->base_budget[line]);
        if (y > 0) REQUIRE(parts[1] == 0.0);
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
