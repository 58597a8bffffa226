#pragma once
// Runs this benchmark program again as a fresh child process, so that a
// case's peak memory (ru_maxrss, a high-water mark) is its own and not that
// of whatever ran before it in the same process.

#include <string>
#include <vector>

namespace carecast::bench {

struct ChildResult {
  std::string output;  // what the child printed on standard output
  double seconds = 0.0;  // wall time from start to exit
  double peak_rss_megabytes = 0.0;
};

// Runs this program with `arguments`; throws if it fails.
ChildResult run_self(const std::vector<std::string>& arguments);

}  // namespace carecast::bench
