// Benchmarks: one JSON object per case on standard output. Never run as
// tests; results are recorded in bench/RESULTS.md with the machine and the
// command. Usage: carecast_bench [county] [--replicates N] [--threads N]

#include <fmt/core.h>
#include <sys/resource.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include "carecast/loading/scenario.h"
#include "carecast/output/pending_output.h"
#include "carecast/output/run_file.h"
#include "carecast/parallel/runner.h"
#include "carecast/simulation/simulation.h"

namespace {

double peak_rss_megabytes() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// The default scenario, all outputs, HDF5 written: wall time, replicates per
// second and peak memory.
void county(std::int64_t replicates, int threads) {
  const auto started = std::chrono::steady_clock::now();
  carecast::LoadedScenario loaded =
      carecast::load_scenario(std::filesystem::path(CARECAST_SOURCE_DIR) / "scenarios" / "baseline.yaml");
  loaded.override_replicates(replicates);
  const carecast::Simulation simulation(loaded);
  const auto output = std::filesystem::temp_directory_path() / "carecast-bench-county.h5";
  {
    carecast::PendingOutput pending(output, true);
    const auto store = carecast::run_replicates(simulation, 0, replicates, {threads, {}});
    carecast::write_run_file(pending.temporary(), loaded, simulation.layout(), store);
    pending.commit();
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::filesystem::remove(output);
  fmt::print(
      "{{\"case\": \"county\", \"replicates\": {}, \"threads\": {}, \"years\": {}, \"wall_seconds\": {:.3f}, "
      "\"replicates_per_second\": {:.1f}, \"peak_rss_mb\": {:.1f}}}\n",
      replicates, threads, loaded.scenario.horizon, seconds, static_cast<double>(replicates) / seconds,
      peak_rss_megabytes());
}

}  // namespace

int main(int argc, char** argv) {
  std::string which = "county";
  std::int64_t replicates = 1000;
  int threads = static_cast<int>(std::thread::hardware_concurrency());
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--replicates" && i + 1 < argc) {
      replicates = std::stoll(argv[++i]);
    } else if (argument == "--threads" && i + 1 < argc) {
      threads = std::stoi(argv[++i]);
    } else {
      which = argument;
    }
  }
  if (which == "county") {
    county(replicates, threads);
    return 0;
  }
  fmt::print(stderr, "unknown benchmark case: {}\n", which);
  return 2;
}
