#include "carecast/parallel/runner.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <atomic>
#include <mutex>

namespace carecast {

std::size_t store_bytes(const OutputLayout& layout, std::int64_t replicates) {
  std::size_t cells = 0;
  for (std::size_t q = 0; q < layout.quantities().size(); ++q) cells += layout.size(q);
  return cells * sizeof(double) * static_cast<std::size_t>(replicates);
}

void check_replicates_fit(const OutputLayout& layout, std::int64_t replicates, const SourceLocation& where,
                          const std::string& key) {
  const double needed = static_cast<double>(store_bytes(layout, replicates));
  const double memory = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  // Half the memory: the summaries, the writer's buffers and the rest of
  // the machine need the other half.
  if (memory > 0 && needed > 0.5 * memory) {
    constexpr double gigabyte = 1024.0 * 1024.0 * 1024.0;
    char text[200];
    std::snprintf(text, sizeof text, "%lld replicates need about %.1f GB for their results; this machine has %.1f GB",
                  static_cast<long long>(replicates), needed / gigabyte, memory / gigabyte);
    throw InputError::at(where, key, text);
  }
}

ReplicateStore run_replicates(const Simulation& simulation, std::int64_t first, std::int64_t count,
                              const RunOptions& options) {
  const OutputLayout& layout = simulation.layout();
  ReplicateStore store;
  store.first = first;
  store.count = count;
  store.arrays.resize(layout.quantities().size());
  for (std::size_t q = 0; q < store.arrays.size(); ++q) {
    store.arrays[q].assign(layout.size(q) * static_cast<std::size_t>(count), 0.0);
  }

  std::atomic<std::int64_t> finished{0};
  std::mutex progress_mutex;
  tbb::enumerable_thread_specific<ReplicateValues> scratch;
  const int threads = options.threads > 0 ? options.threads : tbb::this_task_arena::max_concurrency();
  // Allow as many threads as asked for, even beyond the cores (the
  // determinism tests run 8 threads on 2 cores).
  tbb::global_control parallelism(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  arena.execute([&] {
    tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, count, 1), [&](const tbb::blocked_range<std::int64_t>& range) {
      ReplicateValues& values = scratch.local();
      for (std::int64_t slot = range.begin(); slot != range.end(); ++slot) {
        simulation.run_replicate(first + slot, values);
        for (std::size_t q = 0; q < values.arrays.size(); ++q) {
          const auto& array = values.arrays[q];
          std::copy(array.begin(), array.end(), store.arrays[q].begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(slot) * array.size()));
        }
        const std::int64_t done = ++finished;
        if (options.progress) {
          std::lock_guard lock(progress_mutex);
          options.progress(done, count);
        }
      }
    });
  });
  return store;
}

}  // namespace carecast
