#pragma once
// Runs replicates in parallel on oneTBB. Each replicate writes only its own
// slot of the store, and every random stream is keyed by the replicate index,
// so the store is bit-identical for any thread count or scheduling.

#include <cstdint>
#include <functional>
#include <vector>

#include "carecast/core/error.h"
#include "carecast/simulation/simulation.h"

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

// Bytes the store of `replicates` replicates needs.
std::size_t store_bytes(const OutputLayout& layout, std::int64_t replicates);

// Refuses, as bad input at `where` (the replicates setting), a replicate
// count whose results would not fit in this machine's memory (with room for
// the summaries and the file writer).
void check_replicates_fit(const OutputLayout& layout, std::int64_t replicates, const SourceLocation& where,
                          const std::string& key);

ReplicateStore run_replicates(const Simulation& simulation, std::int64_t first, std::int64_t count,
                              const RunOptions& options);

}  // namespace carecast
