#pragma once
// Runs across processes with MPI (`mpirun -np K carecast run ...`): each
// rank simulates a contiguous share of the replicates on its own threads,
// and rank 0 gathers every share in replicate order and alone writes the
// output, so the file is the same as a single process would write. Built
// without MPI, or started as one process, there is one rank and nothing to
// gather. MPI stays behind this class.

#include <cstdint>
#include <utility>

#include "carecast/parallel/runner.h"

namespace carecast {

class ProcessGroup {
 public:
  // Starts MPI when the program was built with it.
  ProcessGroup(int& argc, char**& argv);
  ~ProcessGroup();
  ProcessGroup(const ProcessGroup&) = delete;
  ProcessGroup& operator=(const ProcessGroup&) = delete;

  int rank() const { return rank_; }
  int size() const { return size_; }
  bool leader() const { return rank_ == 0; }

  // The replicates this rank runs, [first, first + count), out of `replicates`.
  std::pair<std::int64_t, std::int64_t> share(std::int64_t replicates) const;

  // True on every rank when `mine` is true on every rank.
  bool all(bool mine) const;

  // Rank 0 gets every rank's replicates, in order, as one store of
  // `replicates`; the other ranks get an empty store.
  ReplicateStore gather(ReplicateStore mine, std::int64_t replicates, const OutputLayout& layout) const;

 private:
  int rank_ = 0;
  int size_ = 1;
};

}  // namespace carecast
