// Benchmarks: one JSON object per case on standard output. Never run as
// tests; results are recorded in bench/RESULTS.md with the machine and the
// command. `carecast_bench` alone runs every case, each in a fresh process;
// see bench/README.md.

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include "carecast/core/random.h"
#include "carecast/loading/scenario.h"
#include "carecast/run/simulation.h"
#include "carecast/uncertainty/sampling_method.h"
#include "accuracy.h"
#include "caseload_census.h"
#include "child_process.h"
#include "national_model.h"
#include "scenario_run.h"

namespace {

using carecast::bench::county_scenario;
using carecast::bench::peak_rss_megabytes;
using carecast::bench::run_scenario;

const std::vector<std::string> every_case = {"county", "scaling", "replicates", "throughput", "national", "caseload"};

// The default Worcestershire scenario, 15 years, all outputs and the
// attribution counterfactuals, HDF5 written.
void county(std::int64_t replicates, int threads) {
  const auto run = run_scenario(county_scenario(), {}, replicates, threads);
  fmt::print(
      "{{\"case\": \"county\", \"replicates\": {}, \"threads\": {}, \"years\": {}, \"wall_seconds\": {:.3f}, "
      "\"replicates_per_second\": {:.1f}, \"peak_rss_mb\": {:.1f}}}\n",
      replicates, threads, run.years, run.seconds, static_cast<double>(replicates) / run.seconds, peak_rss_megabytes());
}

// The county case at 1, 2, 4, ... threads up to the machine's, and at the
// machine's count: speed-up over one thread and parallel efficiency.
void scaling(std::int64_t replicates, int most_threads) {
  std::vector<int> counts;
  for (int threads = 1; threads < most_threads; threads *= 2) counts.push_back(threads);
  counts.push_back(most_threads);
  std::string runs;
  double one_thread = 0.0;
  for (const int threads : counts) {
    const double seconds = run_scenario(county_scenario(), {}, replicates, threads).seconds;
    if (threads == 1) one_thread = seconds;
    runs += fmt::format("{}{{\"threads\": {}, \"wall_seconds\": {:.3f}, \"speed_up\": {:.3f}, \"efficiency\": {:.3f}}}",
                        runs.empty() ? "" : ", ", threads, seconds, one_thread / seconds,
                        one_thread / seconds / threads);
  }
  fmt::print("{{\"case\": \"scaling\", \"replicates\": {}, \"runs\": [{}]}}\n", replicates, runs);
}

// Peak memory of the county case at 100, 1,000 and 10,000 replicates, each
// in a fresh process, beside the size of the replicates' values.
void replicates_case(int threads) {
  carecast::LoadedScenario loaded = carecast::load_scenario(county_scenario());
  loaded.override_replicates(1);
  const double replicate_megabytes =
      static_cast<double>(carecast::Simulation(loaded).layout().total_size() * sizeof(double)) / (1024.0 * 1024.0);
  std::string runs;
  for (const std::int64_t replicates : {100, 1'000, 10'000}) {
    const auto child = carecast::bench::run_self({"county", "--replicates", std::to_string(replicates), "--threads",
                                                  std::to_string(threads)});
    runs += fmt::format("{}{{\"replicates\": {}, \"values_mb\": {:.1f}, \"wall_seconds\": {:.3f}, \"peak_rss_mb\": {:.1f}}}",
                        runs.empty() ? "" : ", ", replicates, replicate_megabytes * static_cast<double>(replicates),
                        child.seconds, child.peak_rss_megabytes);
  }
  fmt::print("{{\"case\": \"replicates\", \"threads\": {}, \"runs\": [{}]}}\n", threads, runs);
}

// Nanoseconds per raw 64-bit draw of the engine's generator.
double nanoseconds_per_draw() {
  constexpr std::uint64_t draws = std::uint64_t{1} << 28;
  carecast::RandomEngine engine = carecast::make_stream(1, 0, carecast::StreamPurpose::care);
  std::uint64_t folded = 0;
  const auto started = std::chrono::steady_clock::now();
  for (std::uint64_t i = 0; i < draws; ++i) folded ^= engine();
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  // Printed so the compiler cannot drop the draws.
  fmt::print(stderr, "draw checksum {:x}\n", folded);
  return seconds * 1e9 / static_cast<double>(draws);
}

// The county case's person-years (every adult of every year) per second
// per thread, and core time per care event against a raw draw, for the
// default engine path (the population as cohort counts, everyone known to
// the council as an individual) and with every adult an individual record
// with draws of their own (carecast/simulation/population.h).
void throughput(std::int64_t replicates, int threads) {
  const double per_draw = nanoseconds_per_draw();
  std::string modes;
  for (const auto& [name, population] : {std::pair{"default", carecast::PopulationMode::cohorts},
                                         std::pair{"every_adult_individual", carecast::PopulationMode::individuals}}) {
    const auto run = run_scenario(county_scenario(), {}, replicates, threads, population);
    const double core_seconds = run.seconds * threads;
    const double per_event = core_seconds * 1e9 / run.care_events;
    modes += fmt::format(
        "{}{{\"mode\": \"{}\", \"wall_seconds\": {:.3f}, \"person_years\": {:.4g}, "
        "\"person_years_per_second_per_core\": {:.4g}, \"care_events\": {:.4g}, \"ns_per_care_event\": {:.1f}, "
        "\"raw_draws_per_care_event_time\": {:.1f}}}",
        modes.empty() ? "" : ", ", name, run.seconds, run.person_years, run.person_years / core_seconds, run.care_events,
        per_event, per_event / per_draw);
  }
  fmt::print("{{\"case\": \"throughput\", \"replicates\": {}, \"threads\": {}, \"ns_per_raw_draw\": {:.3f}, \"modes\": [{}]}}\n",
             replicates, threads, per_draw, modes);
}

// The baseline on a synthetic England (bench/national_model.h): 150
// districts, 45 million adults.
void national(std::int64_t replicates, int threads) {
  const auto folder = std::filesystem::temp_directory_path() / ("carecast-bench-national-" + std::to_string(::getpid()));
  const auto started = std::chrono::steady_clock::now();
  const carecast::bench::NationalSpec spec;
  const auto model = carecast::bench::write_national_model(std::filesystem::path(CARECAST_SOURCE_DIR) / "models" / "worcestershire",
                                                           county_scenario(), folder, spec);
  const double generated = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  carecast::ScenarioOptions options;
  options.models_directory = model.models;
  // Its memory is estimated above the command line's default budget (every
  // person a replicate could create); the machine's is its budget.
  const auto run = run_scenario(model.scenario, options, replicates, threads, carecast::PopulationMode::cohorts,
                                carecast::bench::machine_memory());
  std::filesystem::remove_all(folder);
  fmt::print(
      "{{\"case\": \"national\", \"districts\": {}, \"adults\": {:.4g}, \"replicates\": {}, \"threads\": {}, \"years\": {}, "
      "\"generate_seconds\": {:.3f}, \"wall_seconds\": {:.3f}, \"peak_rss_mb\": {:.1f}}}\n",
      spec.districts, model.adults, replicates, threads, run.years, generated, run.seconds, peak_rss_megabytes());
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"carecast benchmarks: one JSON object per case on standard output"};
  std::vector<std::string> cases;
  std::vector<std::string> choices = every_case;
  choices.push_back("all");
  // Not in `all`: about an hour on 2 cores (bench/README.md).
  choices.push_back("accuracy");
  app.add_option("cases", cases, "Cases to run (default: all, each in a fresh process)")->check(CLI::IsMember(choices));
  std::optional<std::int64_t> replicates;
  app.add_option("--replicates", replicates, "Replicates (default: 1,000; national and caseload 100; not for the replicates case)")
      ->check(CLI::Range(std::int64_t{1}, carecast::max_replicates));
  int threads = static_cast<int>(std::thread::hardware_concurrency());
  app.add_option("--threads", threads, "Threads (default: all cores; scaling goes up to it)")->check(CLI::Range(1, 1024));
  carecast::bench::AccuracyStudy study;
  app.add_option("--seeds", study.seeds, "accuracy: repeats of each method and replicate count (default 6)")
      ->check(CLI::Range(1, 1000));
  app.add_option("--reference", study.reference_replicates, "accuracy: replicates of the reference run (default 20,000)")
      ->check(CLI::Range(std::int64_t{1}, carecast::max_replicates));
  app.add_option("--counts", study.replicate_counts, "accuracy: replicate counts to try (default 64 128 256 512 1024)")
      ->check(CLI::Range(std::int64_t{1}, carecast::max_replicates));
  app.add_option("--methods", study.methods, "accuracy: sampling methods to try (default: all four)")
      ->check(CLI::IsMember(carecast::sampling_method_names()));
  CLI11_PARSE(app, argc, argv);
  if (cases.empty()) cases = {"all"};

  try {
    for (const auto& which : cases) {
      if (which == "all") {
        for (const auto& each : every_case) {
          std::vector<std::string> arguments{each, "--threads", std::to_string(threads)};
          if (replicates) arguments.insert(arguments.end(), {"--replicates", std::to_string(*replicates)});
          std::cout << carecast::bench::run_self(arguments).output << std::flush;
        }
      } else if (which == "county") {
        county(replicates.value_or(1000), threads);
      } else if (which == "scaling") {
        scaling(replicates.value_or(1000), threads);
      } else if (which == "replicates") {
        replicates_case(threads);
      } else if (which == "throughput") {
        throughput(replicates.value_or(1000), threads);
      } else if (which == "national") {
        national(replicates.value_or(100), threads);
      } else if (which == "caseload") {
        carecast::bench::caseload_census(county_scenario(), replicates.value_or(100));
      } else if (which == "accuracy") {
        study.threads = threads;
        carecast::bench::accuracy(study);
      }
      std::fflush(stdout);
    }
  } catch (const std::exception& error) {
    fmt::print(stderr, "carecast_bench: {}\n", error.what());
    return 1;
  }
  return 0;
}
