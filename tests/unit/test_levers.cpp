// Levers act on the simulation: one never delivered changes nothing, one
// always delivered changes what it should; demand growth raises requests;
// the scenario's capacity changes open and close places and workforce.

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>

#include "carecast/market/capacity_changes.h"
#include "carecast/parallel/runner.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::string tiny = std::string(CARECAST_TEST_DATA) + "/scenarios/tiny.yaml";

struct Run {
  LoadedScenario loaded;
  Simulation simulation;
  ReplicateStore store;
  explicit Run(const std::string& extra)
      : loaded(testing::load_scenario_text("extends: " + tiny + "\nreplicates: 6\n" + extra, "levers.yaml", testing::test_models())),
        simulation(loaded),
        store(run_replicates(simulation, 0, 6, {})) {}
  // Sum over replicates and every cell of a year.
  double total(const std::string& name, int year_index, const std::vector<std::string>& settings = {}) const {
    const OutputLayout& layout = simulation.layout();
    const std::size_t q = layout.quantity_index(name);
    const auto shape = layout.shape(q);
    const std::size_t per_year = layout.size(q) / shape[0];
    const auto& dims = layout.quantities()[q].dimensions;
    double sum = 0.0;
    for (std::int64_t r = 0; r < store.count; ++r) {
      const double* values = store.replicate_values(q, r, layout.size(q)) + static_cast<std::size_t>(year_index) * per_year;
      for (std::size_t cell = 0; cell < per_year; ++cell) {
        if (!settings.empty() && dims.size() > 1 && dims[1] == "setting") {
          const std::size_t inner = per_year / shape[1];
          const std::string& setting = layout.dimension("setting").labels[cell / inner];
          if (std::find(settings.begin(), settings.end(), setting) == settings.end()) continue;
        }
        sum += values[cell];
      }
    }
    return sum;
  }
};

}  // namespace

TEST_CASE("a lever with delivery probability 0 changes nothing at all") {
  const Run plain("");
  const Run undelivered(
      "levers:\n  - {name: r, kind: reablement, start_year: 2024, size: 0.5, delivery_probability: 0, assumption: test}\n"
      "  - {name: m, kind: move, from: residential, to: supported_living, start_year: 2024, size: 0.3, delivery_probability: 0, assumption: test}\n");
  for (std::size_t q = 0; q < plain.store.arrays.size(); ++q) REQUIRE(plain.store.arrays[q] == undelivered.store.arrays[q]);
}

TEST_CASE("reablement for everyone stops new long-term care from the front door") {
  const Run plain("");
  const Run reablement("levers:\n  - {name: r, kind: reablement, start_year: 2025, size: 1, assumption: test}\n");
  const std::vector<std::string> long_term = {"homecare", "residential", "supported_living"};
  CHECK(plain.total("requests", 0) == reablement.total("requests", 0));
  CHECK(plain.total("admissions", 0, long_term) == reablement.total("admissions", 0, long_term));
  for (int y = 2; y < 5; ++y) {
    CHECK(reablement.total("admissions", y, long_term) < 0.5 * plain.total("admissions", y, long_term));
  }
}

TEST_CASE("technology-enabled care cuts the hours of new homecare packages") {
  const Run plain("");
  const Run technology("levers:\n  - {name: t, kind: technology, start_year: 2024, size: 0.5, assumption: test}\n");
  // Hours needed, delivered or not (the tiny model's workforce runs short).
  auto needed = [](const Run& run) { return run.total("homecare_hours", 4) + run.total("unmet_homecare_hours", 4); };
  CHECK(needed(technology) < 0.9 * needed(plain));
}

TEST_CASE("an extra move rate moves people between settings") {
  const Run plain("");
  const Run moves(
      "levers:\n  - {name: m, kind: move, client_group: older_people, from: homecare, to: residential, start_year: 2024, size: 1.0, "
      "assumption: test}\n");
  CHECK(moves.total("moves_out", 0, {"homecare"}) > 2 * plain.total("moves_out", 0, {"homecare"}));
}

TEST_CASE("demand growth raises requests year on year") {
  const Run plain("");
  const Run growing("demand: {need_growth: {value: 0.2, assumption: test}}\n");
  for (int y = 0; y < 5; ++y) CHECK(growing.total("requests", y) > plain.total("requests", y));
  CHECK(growing.total("requests", 4) > 1.8 * plain.total("requests", 4));
}

TEST_CASE("capacity changes add and grow from their start year, in one district or all, never below zero") {
  const double unlimited = std::numeric_limits<double>::infinity();
  const std::vector<std::vector<double>> base = {{10.0, 20.0}, {unlimited, unlimited}};
  const std::vector<CapacityChange> changes = {
      {"growth", 0, -1, 2025, 0.0, 0.1},   // every district, 10% a year from 2025
      {"opening", 0, 1, 2026, 5.0, 0.0},   // district 1 only, from 2026
      {"closure", 0, 0, 2027, -50.0, 0.0}, // more than district 0 has
      {"unlimited", 1, -1, 2024, 7.0, 0.0},
  };
  CHECK(capacity_in_year(base, changes, 2024) == std::vector<std::vector<double>>{{10.0, 20.0}, {unlimited, unlimited}});
  const auto in_2025 = capacity_in_year(base, changes, 2025);
  CHECK(in_2025[0][0] == Approx(11.0));
  CHECK(in_2025[0][1] == Approx(22.0));
  const auto in_2026 = capacity_in_year(base, changes, 2026);
  CHECK(in_2026[0][0] == Approx(12.1));
  CHECK(in_2026[0][1] == Approx(24.2 + 5.0));
  const auto in_2027 = capacity_in_year(base, changes, 2027);
  CHECK(in_2027[0][0] == 0.0);
  CHECK(in_2027[0][1] == Approx(26.62 + 5.0));
  CHECK(std::isinf(in_2027[1][0]));
}

TEST_CASE("places opened go to those waiting, show in the capacity output, and leave earlier years alone") {
  const Run plain("");
  const Run opened("capacity:\n  - {name: s, setting: supported_living, start_year: 2025, add: 40, assumption: test}\n");
  const std::vector<std::string> supported_living = {"supported_living"};
  // The tiny model has 10 + 14 supported living places; 6 replicates.
  CHECK(plain.total("capacity", 1, supported_living) == Approx(6 * 24.0));
  CHECK(opened.total("capacity", 0, supported_living) == Approx(6 * 24.0));
  CHECK(opened.total("capacity", 1, supported_living) == Approx(6 * 104.0));
  CHECK(opened.total("clients", 0, supported_living) == plain.total("clients", 0, supported_living));
  CHECK(opened.total("admissions", 0) == plain.total("admissions", 0));
  // People were waiting: the new places fill at once.
  CHECK(opened.total("clients", 1, supported_living) > plain.total("clients", 1, supported_living) + 6 * 10.0);
  CHECK(opened.total("occupancy", 1, supported_living) < plain.total("occupancy", 1, supported_living));
}

TEST_CASE("a shrinking homecare workforce leaves more hours unmet, in the Monte Carlo and the expected mode") {
  const std::string shrinking = "capacity:\n  - {name: w, setting: homecare, growth: -0.3, assumption: test}\n";
  const Run plain("");
  const Run shrunk(shrinking);
  CHECK(shrunk.total("capacity", 0, {"homecare"}) == Approx(6 * 1300.0 * 0.7));
  CHECK(shrunk.total("unmet_homecare_hours", 2) > plain.total("unmet_homecare_hours", 2));
  CHECK(shrunk.total("homecare_hours", 2) < plain.total("homecare_hours", 2));

  ReplicateValues expected_plain, expected_shrunk;
  plain.simulation.run_expected(expected_plain);
  shrunk.simulation.run_expected(expected_shrunk);
  const std::size_t unmet = plain.simulation.layout().quantity_index("unmet_homecare_hours");
  double before = 0.0, after = 0.0;
  for (const double hours : expected_plain.arrays[unmet]) before += hours;
  for (const double hours : expected_shrunk.arrays[unmet]) after += hours;
  CHECK(after > before);
}
