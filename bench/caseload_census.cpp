#include "caseload_census.h"

#include <fmt/core.h>

#include <chrono>
#include <set>
#include <string>
#include <tuple>

#include "carecast/core/random.h"
#include "carecast/loading/scenario.h"
#include "carecast/simulation/care_engine.h"
#include "carecast/simulation/population.h"
#include "carecast/simulation/population_plan.h"

namespace carecast::bench {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// A client's year-end counts and care days fall in the first kind of cell;
// what else decides their future, short of a continuous attribute (package
// hours, the exit clock, capital), makes the second.
std::string census_of_year(int year, const CareEngine& engine, int short_term_setting, std::uint64_t events) {
  std::set<std::tuple<int, int, int, int, bool, bool>> counted_cells;
  std::set<std::tuple<int, int, int, int, int, bool, int, int>> discrete_states;
  std::int64_t clients = 0;
  for (const Person& person : engine.people()) {
    if (!person.active || person.setting == short_term_setting) continue;
    ++clients;
    counted_cells.insert({person.setting, person.client_group, person.age, person.home_district,
                          person.location == out_of_county, person.self_funded});
    discrete_states.insert({person.setting, person.client_group, person.age, person.home_district, person.location,
                            person.self_funded, person.sex, person.awaiting});
  }
  return fmt::format("{{\"year\": {}, \"long_term_clients\": {}, \"care_events\": {}, \"counted_cells\": {}, \"discrete_states\": {}}}",
                     year, clients, events, counted_cells.size(), discrete_states.size());
}

}  // namespace

void caseload_census(const std::filesystem::path& scenario, std::int64_t replicates) {
  const LoadedScenario loaded = load_scenario(scenario);
  const Model& model = *loaded.model;
  const std::uint64_t seed = loaded.scenario.seed;
  const PopulationPlan plan(model.population, static_cast<int>(model.districts.size()), loaded.scenario.end_year() + 1);
  PopulationState population(plan);
  CareEngine engine(model.care, plan);
  CareYearTotals totals;

  double care_seconds = 0.0;
  double population_seconds = 0.0;
  std::uint64_t events = 0;
  std::string census;
  for (std::int64_t replicate = 0; replicate < replicates; ++replicate) {
    const auto id = static_cast<std::uint64_t>(replicate);
    RandomEngine demography = make_stream(seed, id, StreamPurpose::demography);
    RandomEngine need = make_stream(seed, id, StreamPurpose::need);
    RandomEngine care = make_stream(seed, id, StreamPurpose::care);
    RandomEngine caseload = make_stream(seed, id, StreamPurpose::care, 1);
    auto started = Clock::now();
    population.initialise(demography);
    while (population.year() < model.care.caseload_year) population.advance(demography);
    population_seconds += seconds_since(started);
    started = Clock::now();
    engine.start(population, caseload);
    care_seconds += seconds_since(started);
    for (int year = population.year(); year <= loaded.scenario.end_year(); ++year) {
      const std::uint64_t before = engine.events_processed();
      started = Clock::now();
      engine.run_year(year, population, need, care, totals);
      care_seconds += seconds_since(started);
      if (replicate == 0) {
        census += (census.empty() ? "" : ", ") +
                  census_of_year(year, engine, model.care.short_term_setting, engine.events_processed() - before);
      }
      started = Clock::now();
      population.advance(demography);
      population_seconds += seconds_since(started);
    }
    events += engine.events_processed();
  }
  const auto count = static_cast<double>(replicates);
  fmt::print(
      "{{\"case\": \"caseload\", \"seed\": {}, \"replicates\": {}, \"care_ms_per_replicate\": {:.2f}, "
      "\"population_ms_per_replicate\": {:.2f}, \"care_events_per_replicate\": {:.0f}, \"ns_per_care_event\": {:.1f}, "
      "\"replicate_0\": [{}]}}\n",
      seed, replicates, care_seconds * 1e3 / count, population_seconds * 1e3 / count, static_cast<double>(events) / count,
      care_seconds * 1e9 / static_cast<double>(events), census);
}

}  // namespace carecast::bench
