#include "scenario_run.h"

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <numeric>

#include "carecast/output/pending_output.h"
#include "carecast/output/quantities.h"
#include "carecast/output/run_file.h"
#include "carecast/parallel/runner.h"
#include "carecast/run/sensitivity_collector.h"
#include "carecast/run/simulation.h"

namespace carecast::bench {

std::filesystem::path county_scenario() { return std::filesystem::path(CARECAST_SOURCE_DIR) / "scenarios" / "baseline.yaml"; }

double peak_rss_megabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

ScenarioRun run_scenario(const std::filesystem::path& scenario, const ScenarioOptions& options, std::int64_t replicates,
                         int threads, PopulationMode population_mode) {
  const auto started = std::chrono::steady_clock::now();
  LoadedScenario loaded = load_scenario(scenario, options);
  loaded.override_replicates(replicates);
  const Simulation simulation(loaded, population_mode);
  const OutputLayout& layout = simulation.layout();
  const std::size_t population = quantity_index(layout, QuantityId::population);

  ScenarioRun run;
  run.replicates = replicates;
  run.threads = threads;
  run.years = loaded.scenario.horizon;
  const auto output =
      std::filesystem::temp_directory_path() / ("carecast-bench-" + std::to_string(::getpid()) + ".h5");
  {
    PendingOutput pending(output, true);
    RunFileWriter writer(pending.temporary(), loaded, layout, replicates);
    SensitivityCollector sensitivity(loaded.scenario, layout);
    run_replicates(simulation, 0, replicates, {threads, {}}, [&](std::int64_t replicate, const ReplicateValues& values) {
      writer.append(replicate, values);
      sensitivity.add(values);
      const auto& adults = values.arrays[population];
      run.person_years += std::accumulate(adults.begin(), adults.end(), 0.0);
    });
    writer.finish(sensitivity.ranking());
    pending.commit();
  }
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  run.care_events = static_cast<double>(simulation.care_events());
  std::filesystem::remove(output);
  return run;
}

}  // namespace carecast::bench
