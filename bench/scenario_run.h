#pragma once
// One benchmark run of a scenario as `carecast run` does it: every output,
// the attribution counterfactuals, the HDF5 file streamed to a temporary
// path and committed, then removed. Counts what was simulated on the way.

#include <cstdint>
#include <filesystem>

#include "carecast/loading/scenario.h"
#include "carecast/simulation/population.h"

namespace carecast::bench {

struct ScenarioRun {
  double seconds = 0.0;  // wall time from loading the scenario to the committed file
  std::int64_t replicates = 0;
  int threads = 0;
  int years = 0;
  // Adults simulated, summed over years and replicates.
  double person_years = 0.0;
  // Care events the engine processed (carecast::Simulation::care_events):
  // arrivals, ends of short-term support, moves, deaths, ends of care and
  // self-funders' money running out, each taken from the event queue, in
  // every pass including the paired runs without policy.
  double care_events = 0.0;
};

// `memory_budget` as `carecast run --memory-budget` takes it (0: its
// default); the summaries are kept in memory or read back as it allows.
ScenarioRun run_scenario(const std::filesystem::path& scenario, const ScenarioOptions& options, std::int64_t replicates,
                         int threads, PopulationMode population_mode = PopulationMode::cohorts, std::size_t memory_budget = 0);

// This machine's memory: a budget for a run whose needs are estimated above
// the command line's default (the national case).
std::size_t machine_memory();

// The default Worcestershire scenario, scenarios/baseline.yaml.
std::filesystem::path county_scenario();

// Peak resident memory of this process so far, in MiB.
double peak_rss_megabytes();

}  // namespace carecast::bench
