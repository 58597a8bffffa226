#pragma once
// A run of a scenario as the program, the benchmarks and the fit ask for it.
// To a file: the output checked before any work, the memory the run needs
// checked against the machine's, the replicates shared between MPI ranks and
// gathered in replicate order on rank 0, which alone writes the run file and
// moves it into place (complete or absent). In memory: every replicate's
// values, or the expected trajectories, handed to the caller.

#include <cstdint>
#include <filesystem>
#include <vector>

#include "carecast/loading/scenario.h"
#include "carecast/output/layout.h"
#include "carecast/parallel/process_group.h"
#include "carecast/parallel/runner.h"
#include "carecast/simulation/population.h"

namespace carecast {

struct RunRequest {
  std::filesystem::path output;  // the run file
  bool overwrite = false;
  // Write the expected trajectories, computed without sampling, as the
  // file's one replicate instead of the scenario's replicates.
  bool expected = false;
  // Threads, and the progress shown on rank 0 as replicates finish.
  RunOptions options;
  // Whether the replicate count came from the command line: a run too large
  // for memory is then refused naming --replicates, not the scenario's key.
  bool replicates_from_command_line = false;
  // The ranks that share the replicates; null: this process alone.
  const ProcessGroup* processes = nullptr;
  PopulationMode population_mode = PopulationMode::cohorts;
  // Bytes the run may use (--memory-budget); 0: default_memory_budget().
  std::size_t memory_budget = 0;
};

// What a run gives its caller to print or measure. Ranks other than 0 write
// nothing and learn only their care events.
struct RunResult {
  bool written = false;  // this process wrote the run file (rank 0)
  std::int64_t replicates = 0;
  // Per year, the mean over replicates of the adults, and of those aged 65
  // and over.
  std::vector<double> mean_adults;
  std::vector<double> mean_aged_65_and_over;
  double seconds = 0.0;  // from the output's check to its commit
  std::uint64_t care_events = 0;  // processed in this process (Simulation::care_events)
};

// Runs `loaded` as `request` says and writes its run file. Bad input
// (InputError): an output that may not be written, a run too large for
// memory; on every rank alike, so all stop or none. A file that cannot be
// written is a WriteError, and leaves nothing at the output.
RunResult run_scenario(const LoadedScenario& loaded, const RunRequest& request);

// Refuses, as bad input, a run of the scenario's replicates that needs
// `needed_bytes` while it runs when that is more than `budget_bytes` (0: the
// default budget), naming where the replicate count was set: the scenario's
// `replicates`, or --replicates when `from_command_line`.
void check_replicates_fit(const LoadedScenario& loaded, std::size_t needed_bytes, std::size_t budget_bytes,
                          bool from_command_line);

// Runs `replicates` replicates of `loaded` in this process without a file,
// handing each one's values to `consume` in replicate order.
void run_replicates_in_memory(const LoadedScenario& loaded, std::int64_t replicates, int threads,
                              const ReplicateConsumer& consume);

// The expected trajectories of `loaded` (Simulation::run_expected).
ReplicateValues run_expected_in_memory(const LoadedScenario& loaded);

}  // namespace carecast
