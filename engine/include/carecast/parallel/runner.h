#pragma once
// Runs replicates in parallel on oneTBB. Every random stream is keyed by the
// replicate index, so each replicate's values are bit-identical for any
// thread count or scheduling; they are handed on in replicate order, so what
// is made of them (the run file, a store in memory) is too.
//
// Memory is bounded whatever the replicate count: a replicate may start only
// while it is within the reorder window (a few replicates per thread) of the
// oldest replicate not yet handed on, so a fast thread waits for a slow one
// rather than buffering finished replicates without limit.

#include <cstdint>
#include <functional>
#include <vector>

#include "carecast/core/error.h"
#include "carecast/output/layout.h"
#include "carecast/parallel/replicate_task.h"

namespace carecast {

// Every replicate's values: per quantity, replicate-major
// ([replicate][cell...]), for replicates first..first+count-1.
struct ReplicateStore {
  std::int64_t first = 0;
  std::int64_t count = 0;
  std::vector<std::vector<double>> arrays;

  const double* replicate_values(std::size_t quantity, std::int64_t replicate, std::size_t cells) const {
    return arrays[quantity].data() + static_cast<std::size_t>(replicate - first) * cells;
  }
};

struct RunOptions {
  int threads = 0;  // 0: as many as the machine has
  // Called after each replicate with the number finished; from any thread,
  // never concurrently.
  std::function<void(std::int64_t finished, std::int64_t total)> progress;
};

// Takes each replicate's values, in replicate order, one call at a time
// (from whichever worker thread completes the next replicate in order). The
// values are valid only during the call.
using ReplicateConsumer = std::function<void(std::int64_t replicate, const ReplicateValues& values)>;

// Bytes the store of `replicates` replicates needs.
std::size_t store_bytes(const OutputLayout& layout, std::int64_t replicates);

// The threads a run asking for `asked` uses (0: as many as the machine has).
int thread_count(int asked);

// Bytes of the reorder window with `threads` threads (0: all cores).
std::size_t reorder_window_bytes(const OutputLayout& layout, int threads);

// Runs replicates first..first+count-1, handing each to `consume` in order.
// An exception from a replicate or from `consume` stops the run and is
// rethrown here.
void run_replicates(const ReplicateTask& task, std::int64_t first, std::int64_t count, const RunOptions& options,
                    const ReplicateConsumer& consume);

// The same, keeping every replicate in memory.
ReplicateStore run_replicates(const ReplicateTask& task, std::int64_t first, std::int64_t count,
                              const RunOptions& options);

}  // namespace carecast
