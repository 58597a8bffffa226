#pragma once
// What the runner runs: numbered replicates, each computed into one set of
// values of a layout. The runner knows nothing of what a replicate is; a
// scenario's Simulation (run/simulation.h) is one such task.

#include <cstdint>
#include <memory>

#include "carecast/output/layout.h"

namespace carecast {

// What a worker keeps from one replicate to the next, so that once its first
// replicate has run it allocates almost nothing per replicate. Made and
// filled by the task; one per worker, never shared between threads.
class WorkerState {
 public:
  virtual ~WorkerState() = default;
};

class ReplicateTask {
 public:
  virtual ~ReplicateTask() = default;
  virtual const OutputLayout& layout() const = 0;
  // Fills `values` (reset to the layout) with replicate `replicate`'s
  // results. `state` is the calling worker's: empty on its first replicate.
  // Must be safe to call from several threads at once.
  virtual void run_replicate(std::int64_t replicate, ReplicateValues& values, std::unique_ptr<WorkerState>& state) const = 0;

  // Work a task needs done once before its first replicate, in independent
  // pieces 0..preparation_size()-1: the runner spreads them over its
  // workers (each piece with the worker's state, in any order), then calls
  // finish_preparation once, before any replicate starts. A task must give
  // the same replicates whether or not a runner prepared it (a replicate run
  // without one does the work itself), and 0 once it is prepared.
  virtual std::int64_t preparation_size() const { return 0; }
  virtual void prepare(std::int64_t /*piece*/, std::unique_ptr<WorkerState>& /*state*/) const {}
  virtual void finish_preparation() const {}
};

}  // namespace carecast
