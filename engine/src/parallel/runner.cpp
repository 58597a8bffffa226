#include "carecast/parallel/runner.h"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <mutex>

namespace carecast {

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
