#include "carecast/run/run_service.h"

#include <chrono>
#include <optional>

#include "carecast/core/error.h"
#include "carecast/output/pending_output.h"
#include "carecast/output/quantities.h"
#include "carecast/output/run_file.h"
#include "carecast/run/memory_estimate.h"
#include "carecast/run/sensitivity_collector.h"
#include "carecast/run/simulation.h"

namespace carecast {
namespace {

using Clock = std::chrono::steady_clock;

// Adults, and adults aged 65 and over, per year summed as the replicates
// arrive in replicate order, for the means a run reports.
class PopulationHeadline {
 public:
  PopulationHeadline(const LoadedScenario& loaded, const OutputLayout& layout)
      : population_(quantity_index(layout, QuantityId::population)),
        years_(loaded.scenario.years().size()),
        bands_(loaded.model->population.age_bands),
        adults_(years_, 0.0),
        older_(years_, 0.0) {}

  void add(const ReplicateValues& values) {
    const std::vector<double>& population = values.arrays[population_];
    const std::size_t per_year = population.size() / years_;
    for (std::size_t y = 0; y < years_; ++y) {
      const double* year = population.data() + y * per_year;
      for (std::size_t cell = 0; cell < per_year; ++cell) {
        adults_[y] += year[cell];
        if (bands_[cell % bands_.size()].first_age >= 65) older_[y] += year[cell];
      }
    }
    ++replicates_;
  }

  // The means into `result`, with the time since `started`.
  void report(RunResult& result, Clock::time_point started) const {
    result.written = true;
    result.replicates = replicates_;
    for (std::size_t y = 0; y < years_; ++y) {
      result.mean_adults.push_back(adults_[y] / static_cast<double>(replicates_));
      result.mean_aged_65_and_over.push_back(older_[y] / static_cast<double>(replicates_));
    }
    result.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  }

 private:
  std::size_t population_;
  std::size_t years_;
  std::vector<AgeBand> bands_;
  std::vector<double> adults_;
  std::vector<double> older_;
  std::int64_t replicates_ = 0;
};

// Checks the output on rank 0 before any work; every rank learns whether it
// was refused, so all stop or none (only rank 0's error names the reason).
void open_output(const RunRequest& request, const ProcessGroup& processes, std::optional<PendingOutput>& output) {
  std::optional<InputError> refused;
  if (processes.leader()) {
    try {
      output.emplace(request.output, request.overwrite);
    } catch (const InputError& error) {
      refused = error;
    }
  }
  if (!processes.all(!refused)) {
    if (refused) throw *refused;
    throw InputError(request.output.string() + ": refused by rank 0");
  }
}

// One set of trajectories, computed in this process: only rank 0 writes.
RunResult write_expected(const LoadedScenario& loaded, const ProcessGroup& processes, PendingOutput* output,
                         Clock::time_point started) {
  LoadedScenario one = loaded;
  one.override_replicates(1);
  const Simulation simulation(one);
  RunResult result;
  if (!processes.leader()) return result;
  const OutputLayout& layout = simulation.layout();
  ReplicateValues values;
  simulation.run_expected(values);
  {
    RunFileWriter writer(output->temporary(), one, layout, 1, default_summary_block_bytes, "expected");
    writer.append(0, values);
    writer.finish();
  }
  output->commit();
  PopulationHeadline headline(one, layout);
  headline.add(values);
  headline.report(result, started);
  return result;
}

RunResult write_replicates(const LoadedScenario& loaded, const RunRequest& request, const ProcessGroup& processes,
                           PendingOutput* output, Clock::time_point started) {
  const Simulation simulation(loaded, request.population_mode);
  const OutputLayout& layout = simulation.layout();
  const std::int64_t replicates = loaded.scenario.replicates;
  // Every rank checks the same figure, so all refuse or none: rank 0's
  // writer and reorder window, and, across processes, the largest share
  // another rank keeps until rank 0 takes it.
  std::size_t others = SensitivityCollector::memory_bytes(layout, replicates) + reorder_window_bytes(layout, request.options.threads) +
                       simulation_memory_bytes(loaded, request.options.threads);
  if (processes.size() > 1) others += store_bytes(layout, (replicates + processes.size() - 1) / processes.size());
  check_replicates_fit(loaded, RunFileWriter::memory_bytes(layout, replicates) + others, request.memory_budget,
                       request.replicates_from_command_line);
  // The writer keeps every replicate for the summaries, rather than reading
  // them back from the file, where that takes no more than a quarter of the
  // budget: reading back is one thread's work after the last replicate, the
  // summaries all threads'. Beyond it (a run of thousands of replicates)
  // memory stays flat in the replicate count.
  const int threads = thread_count(request.options.threads);
  const std::size_t budget = request.memory_budget == 0 ? default_memory_budget() : request.memory_budget;
  const std::size_t held = RunFileWriter::held_memory_bytes(layout, replicates, threads);
  const SummarySource summary_source =
      held <= budget / 4 && held + others <= budget ? SummarySource::memory : SummarySource::file;
  const auto [first, count] = processes.share(replicates);
  RunResult result;
  if (!processes.leader()) {
    RunOptions quiet = request.options;
    quiet.progress = nullptr;
    processes.send_to_leader(run_replicates(simulation, first, count, quiet), layout);
    result.care_events = simulation.care_events();
    return result;
  }
  PopulationHeadline headline(loaded, layout);
  {
    RunFileWriter writer(output->temporary(), loaded, layout, replicates, default_summary_block_bytes, "monte_carlo",
                         summary_source, threads > 1);
    SensitivityCollector sensitivity(loaded.scenario, layout);
    const ReplicateConsumer take = [&](std::int64_t replicate, const ReplicateValues& values) {
      writer.append(replicate, values);
      sensitivity.add(values);
      headline.add(values);
    };
    run_replicates(simulation, first, count, request.options, take);
    processes.receive_from_others(replicates, layout, take);
    writer.finish(sensitivity.ranking(), threads);
  }
  output->commit();
  headline.report(result, started);
  result.care_events = simulation.care_events();
  return result;
}

}  // namespace

RunResult run_scenario(const LoadedScenario& loaded, const RunRequest& request) {
  const ProcessGroup alone;
  const ProcessGroup& processes = request.processes ? *request.processes : alone;
  std::optional<PendingOutput> output;
  open_output(request, processes, output);
  const auto started = Clock::now();
  PendingOutput* leaders_output = output ? &*output : nullptr;
  return request.expected ? write_expected(loaded, processes, leaders_output, started)
                          : write_replicates(loaded, request, processes, leaders_output, started);
}

void check_replicates_fit(const LoadedScenario& loaded, std::size_t needed_bytes, std::size_t budget_bytes,
                          bool from_command_line) {
  const ConfigNode* node = loaded.resolved.find("replicates");
  const SourceLocation where = from_command_line || !node ? SourceLocation{} : node->where;
  check_memory_budget(needed_bytes, budget_bytes == 0 ? default_memory_budget() : budget_bytes, loaded.scenario.replicates,
                      where, from_command_line ? "--replicates" : "replicates");
}

void run_replicates_in_memory(const LoadedScenario& loaded, std::int64_t replicates, int threads,
                              const ReplicateConsumer& consume) {
  const Simulation simulation(loaded);
  RunOptions options;
  options.threads = threads;
  run_replicates(simulation, 0, replicates, options, consume);
}

ReplicateValues run_expected_in_memory(const LoadedScenario& loaded) {
  ReplicateValues values;
  Simulation(loaded).run_expected(values);
  return values;
}

}  // namespace carecast
