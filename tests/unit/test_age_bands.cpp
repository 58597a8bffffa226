// Every `X_by_age_band` output is X split by age band: summed over the
// bands it gives X summed over its other dimensions, in every replicate,
// year and setting, in the Monte Carlo and in the expected mode.

#include <catch2/catch.hpp>

#include <cmath>
#include <string>

#include "carecast/parallel/runner.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;

namespace {

// The sums of `values` over every dimension after the first two (year and setting).
std::vector<double> by_year_and_setting(const double* values, std::size_t size, std::size_t cells) {
  std::vector<double> sums(cells, 0.0);
  const std::size_t per_cell = size / cells;
  for (std::size_t k = 0; k < size; ++k) sums[k / per_cell] += values[k];
  return sums;
}

// Checks one replicate's values; returns the number of comparisons made.
int check_age_bands(const OutputLayout& layout, const ReplicateValues& values, std::size_t cells) {
  const std::string suffix = "_by_age_band";
  int checked = 0;
  for (std::size_t q = 0; q < layout.quantities().size(); ++q) {
    const std::string& name = layout.quantities()[q].name;
    if (name.size() <= suffix.size() || name.compare(name.size() - suffix.size(), suffix.size(), suffix) != 0) continue;
    const std::string total_name = name.substr(0, name.size() - suffix.size());
    REQUIRE(layout.has_quantity(total_name));
    const std::size_t total = layout.quantity_index(total_name);
    const auto split = by_year_and_setting(values.arrays[q].data(), values.arrays[q].size(), cells);
    const auto whole = by_year_and_setting(values.arrays[total].data(), values.arrays[total].size(), cells);
    for (std::size_t c = 0; c < cells; ++c) {
      INFO(name << " cell " << c << ": " << split[c] << " by age band, " << whole[c] << " in " << total_name);
      CHECK(std::abs(split[c] - whole[c]) <= 1e-9 * std::max(1.0, std::abs(whole[c])));
      ++checked;
    }
  }
  return checked;
}

}  // namespace

TEST_CASE("every quantity by age band sums to its total, short-term support included") {
  LoadedScenario loaded = load_scenario(testing::test_models() / ".." / "scenarios" / "tiny_binding.yaml");
  loaded.override_replicates(4);
  const Simulation simulation(loaded);
  const OutputLayout& layout = simulation.layout();
  const std::size_t cells = loaded.scenario.years().size() * loaded.model->care.settings.size();
  int checked = 0;
  for (std::int64_t r = 0; r < 4; ++r) {
    ReplicateValues values;
    simulation.run_replicate(r, values);
    checked += check_age_bands(layout, values, cells);
  }
  ReplicateValues expected;
  simulation.run_expected(expected);
  checked += check_age_bands(layout, expected, cells);
  // Two quantities by age band, each year and setting, five times.
  CHECK(checked == 2 * static_cast<int>(cells) * 5);
  // Short-term support is there to be counted.
  const std::size_t short_term = static_cast<std::size_t>(loaded.model->care.short_term_setting);
  const auto& clients = expected.arrays[layout.quantity_index("clients_by_age_band")];
  const std::size_t bands = loaded.model->population.age_bands.size();
  double short_term_clients = 0.0;
  for (std::size_t band = 0; band < bands; ++band) short_term_clients += clients[short_term * bands + band];
  CHECK(short_term_clients > 10.0);
}
