// Levers act on the simulation: one never delivered changes nothing, one
// always delivered changes what it should; demand growth raises requests.

#include <catch2/catch.hpp>

#include "carecast/parallel/runner.h"
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
