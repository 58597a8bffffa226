// Attribution by common random numbers: the bridge's parts come from runs
// paired on the same random streams. Prices do not feed back into what
// happens, so repricing a run is the same as rerunning it at other prices;
// the policy part is exactly the difference from the paired run with the
// levers off; each replicate's drawn assumptions are the ones it used.

#include <catch2/catch.hpp>

#include <cmath>

#include "carecast/parallel/runner.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::string money_scenario = std::string(CARECAST_TEST_DATA) + "/scenarios/tiny_money.yaml";

struct Run {
  LoadedScenario loaded;
  Simulation simulation;
  ReplicateStore store;
  Run(const std::string& extra, std::int64_t replicates)
      : loaded(testing::load_scenario_text("extends: " + money_scenario + "\n" + extra, "attribution.yaml", testing::test_models())),
        simulation(loaded),
        store(run_replicates(simulation, 0, replicates, {})) {}

  std::vector<double> values(const std::string& name, std::int64_t replicate) const {
    const std::size_t q = simulation.layout().quantity_index(name);
    const std::size_t cells = simulation.layout().size(q);
    const double* data = store.replicate_values(q, replicate, cells);
    return {data, data + cells};
  }
};

constexpr std::size_t components = 8;
enum Part { base, rebase, pay, contract, demand, policy, pressure, net };

}  // namespace

TEST_CASE("other prices leave every volume unchanged, so repricing equals rerunning") {
  const Run plain("", 3);
  const Run dearer("money:\n  contract_inflation: {2024: 0.2, 2025: 0.15, later: 0.1, assumption: test}\n"
                   "  pay_inflation: {2024: 0.1, later: 0.08, assumption: test}\n", 3);
  for (const char* volume : {"clients", "admissions", "bed_nights", "homecare_hours", "deaths", "population", "requests",
                             "occupied_places", "unmet_homecare_hours"}) {
    INFO(volume);
    const std::size_t q = plain.simulation.layout().quantity_index(volume);
    REQUIRE(plain.store.arrays[q] == dearer.store.arrays[dearer.simulation.layout().quantity_index(volume)]);
  }
  CHECK(plain.values("net_spend", 0) != dearer.values("net_spend", 0));
}

TEST_CASE("the policy part is the difference from the paired run without the lever; the other parts are that run's") {
  const std::string no_savings = "money:\n  savings: []\n";
  const Run without(no_savings, 4);
  const Run with(no_savings +
                     "levers:\n  - {name: t, kind: technology, start_year: 2025, size: 0.4, assumption: test}\n"
                     "  - {name: h, kind: home_first, start_year: 2026, size: 0.5, assumption: test}\n",
                 4);
  const std::size_t lines = with.loaded.model->budget_lines.size();
  const int years = with.loaded.scenario.horizon;
  double largest_policy = 0.0;
  for (std::int64_t r = 0; r < 4; ++r) {
    const auto bridge = with.values("mtfp_bridge", r);
    const auto paired_bridge = without.values("mtfp_bridge", r);
    const auto net_with = with.values("net_spend", r);
    const auto net_without = without.values("net_spend", r);
    for (int y = 0; y < years; ++y) {
      for (std::size_t l = 0; l < lines; ++l) {
        const auto at = [&](const std::vector<double>& b, Part part) {
          return b[(static_cast<std::size_t>(y) * lines + l) * components + part];
        };
        const std::size_t cell = static_cast<std::size_t>(y) * lines + l;
        const double gap = net_with[cell] - net_without[cell];
        const double gap_before = y == 0 ? 0.0 : net_with[cell - lines] - net_without[cell - lines];
        const double scale = std::abs(net_with[cell]);
        CHECK(std::abs(at(bridge, policy) - (gap - gap_before)) <= 1e-9 * scale);
        // Price and demand parts come from the paired run's volumes.
        CHECK(at(bridge, pay) == at(paired_bridge, pay));
        CHECK(at(bridge, contract) == at(paired_bridge, contract));
        CHECK(at(bridge, rebase) == at(paired_bridge, rebase));
        CHECK(std::abs(at(bridge, demand) - at(paired_bridge, demand)) <= 1e-9 * scale);
        if (y == 0) CHECK(at(bridge, policy) == 0.0);  // no lever starts before 2025
        largest_policy = std::max(largest_policy, std::abs(at(bridge, policy)));
      }
    }
  }
  CHECK(largest_policy > 1000.0);  // the levers do act
}

TEST_CASE("a lever never delivered gives a policy part of exactly zero and the plain run's bridge") {
  const Run plain("", 3);
  const Run never("levers:\n  - {name: t, kind: technology, start_year: 2024, size: 0.4, delivery_probability: 0, assumption: test}\n", 3);
  for (std::int64_t r = 0; r < 3; ++r) REQUIRE(plain.values("mtfp_bridge", r) == never.values("mtfp_bridge", r));
}

TEST_CASE("each replicate's drawn assumption is the value its results were computed with") {
  // The older line's other costs are its staffing x the pay index less its
  // health contributions in cash: 2024 is the price year, 2025 moves by 3%,
  // each later year by the drawn `later` value.
  const Run run("money:\n  pay_inflation: {later: {distribution: uniform, min: 0.0, max: 0.2}}\n", 6);
  REQUIRE(run.simulation.layout().dimension("assumption").labels ==
          std::vector<std::string>{"money.pay_inflation.later"});
  std::vector<double> seen;
  for (std::int64_t r = 0; r < 6; ++r) {
    const double later = run.values("assumptions", r)[0];
    REQUIRE((later >= 0.0 && later <= 0.2));
    seen.push_back(later);
    const auto other = run.values("other_costs", r);
    const std::size_t lines = 2;
    CHECK(other[0 * lines] == Approx(1000000.0 - 300000.0));
    CHECK(other[1 * lines] == Approx(1000000.0 * 1.03 - 300000.0));
    CHECK(other[3 * lines] == Approx(1000000.0 * 1.03 * (1.0 + later) * (1.0 + later) - 300000.0));
  }
  std::sort(seen.begin(), seen.end());
  CHECK(std::adjacent_find(seen.begin(), seen.end()) == seen.end());
}

TEST_CASE("a saving or lever that may fail has its draw written beside the assumptions") {
  const Run run("money:\n  savings:\n    - {name: maybe, budget_line: older, amounts: {2024: 100000, later: 100000, assumption: test}, "
                "delivery_probability: 0.5}\n",
                16);
  REQUIRE(run.simulation.layout().dimension("assumption").labels == std::vector<std::string>{"money.savings[0].delivered"});
  int delivered = 0;
  for (std::int64_t r = 0; r < 16; ++r) {
    const double flag = run.values("assumptions", r)[0];
    REQUIRE((flag == 0.0 || flag == 1.0));
    delivered += static_cast<int>(flag);
    // A delivered saving shows in the bridge's policy part of the first year.
    const double first_policy = run.values("mtfp_bridge", r)[policy];
    CHECK(first_policy == Approx(flag == 1.0 ? -100000.0 : 0.0).margin(1e-6));
  }
  CHECK(delivered > 0);
  CHECK(delivered < 16);
}
