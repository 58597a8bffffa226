#include "scenario_run.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>

#include "carecast/run/run_service.h"

namespace carecast::bench {

std::filesystem::path county_scenario() { return std::filesystem::path(CARECAST_SOURCE_DIR) / "scenarios" / "baseline.yaml"; }

double peak_rss_megabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

std::size_t machine_memory() {
  return static_cast<std::size_t>(sysconf(_SC_PHYS_PAGES)) * static_cast<std::size_t>(sysconf(_SC_PAGE_SIZE));
}

ScenarioRun run_scenario(const std::filesystem::path& scenario, const ScenarioOptions& options, std::int64_t replicates,
                         int threads, PopulationMode population_mode, std::size_t memory_budget) {
  const auto started = std::chrono::steady_clock::now();
  LoadedScenario loaded = load_scenario(scenario, options);
  loaded.override_replicates(replicates);
  RunRequest request;
  request.output = std::filesystem::temp_directory_path() / ("carecast-bench-" + std::to_string(::getpid()) + ".h5");
  request.overwrite = true;
  request.options.threads = threads;
  request.population_mode = population_mode;
  request.memory_budget = memory_budget;
  const RunResult result = carecast::run_scenario(loaded, request);

  ScenarioRun run;
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.replicates = replicates;
  run.threads = threads;
  run.years = loaded.scenario.horizon;
  for (const double adults : result.mean_adults) run.person_years += adults * static_cast<double>(replicates);
  run.care_events = static_cast<double>(result.care_events);
  std::filesystem::remove(request.output);
  return run;
}

}  // namespace carecast::bench
