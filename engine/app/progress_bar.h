#pragma once
// The progress bar shown on standard error while replicates run, when it is
// a terminal.

#include <chrono>
#include <cstdint>
#include <string>

#include "carecast/parallel/runner.h"

namespace carecast::app {

class ProgressBar {
 public:
  // Shown only when wanted and standard error is a terminal.
  explicit ProgressBar(bool wanted);
  void update(std::int64_t done, std::int64_t total);

 private:
  std::string time_remaining(std::int64_t done, std::int64_t total) const;

  bool enabled_;
  int last_percent_ = -1;
  std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();
};

// Runner options with `threads` threads and progress shown on `progress`.
RunOptions run_options(int threads, ProgressBar& progress);

}  // namespace carecast::app
