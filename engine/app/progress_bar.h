#pragma once
// The progress bar shown on standard error while replicates run, when it is
// a terminal.

#include <cstdint>

#include "carecast/parallel/runner.h"

namespace carecast::app {

class ProgressBar {
 public:
  // Shown only when wanted and standard error is a terminal.
  explicit ProgressBar(bool wanted);
  void update(std::int64_t done, std::int64_t total);

 private:
  bool enabled_;
  int last_percent_ = -1;
};

// Runner options with `threads` threads and progress shown on `progress`.
RunOptions run_options(int threads, ProgressBar& progress);

}  // namespace carecast::app
