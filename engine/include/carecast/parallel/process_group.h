#pragma once
// Runs across processes with MPI (`mpirun -np K carecast run ...`): each
// rank simulates a contiguous share of the replicates on its own threads,
// and rank 0 alone writes the output, streaming its own share and then
// receiving every other rank's share in replicate order, a block of
// replicates at a time, so the file is the same as a single process would
// write and rank 0 never holds more than a block of another rank's share.
// The other ranks keep their own share in memory until rank 0 takes it (a
// share is on the order of 1/K of the replicates' values). Built without
// MPI, or started as one process, there is one rank and nothing to gather.
// MPI stays behind this class.

#include <cstdint>
#include <utility>

#include "carecast/parallel/runner.h"

namespace carecast {

class ProcessGroup {
 public:
  // Starts MPI when the program was built with it and a launcher (mpirun,
  // srun) started this process; otherwise this process is alone.
  ProcessGroup(int& argc, char**& argv);
  // This process alone, MPI untouched: for runs inside a program that does
  // not start it (the benchmarks, the tests).
  ProcessGroup() = default;
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

  // On a rank other than 0: sends this rank's share to rank 0, in blocks.
  void send_to_leader(const ReplicateStore& mine, const OutputLayout& layout) const;

  // On rank 0, after its own share: receives the other ranks' shares of
  // `replicates` and hands each replicate to `consume`, in replicate order.
  void receive_from_others(std::int64_t replicates, const OutputLayout& layout, const ReplicateConsumer& consume) const;

 private:
  int rank_ = 0;
  int size_ = 1;
  [[maybe_unused]] bool started_mpi_ = false;
};

}  // namespace carecast
