#pragma once
// Accuracy per replicate: how many replicates each way of sampling the
// uncertain assumptions (carecast/uncertainty/sampling_method.h) needs for
// the 5th, 50th and 95th percentiles of total net spend, in every year, to
// fall within 1% of a reference run of many replicates.

#include <cstdint>
#include <string>
#include <vector>

namespace carecast::bench {

struct AccuracyStudy {
  std::int64_t reference_replicates = 20000;
  std::vector<std::int64_t> replicate_counts = {64, 128, 256, 512, 1024};
  // Names of the sampling methods to try (sampling_method.h's).
  std::vector<std::string> methods = {"random", "latin_hypercube", "sobol", "directed_sobol"};
  int seeds = 6;  // independent repeats of each method and count
  int threads = 0;
};

// Runs the study on the default scenario and prints one JSON object.
void accuracy(const AccuracyStudy& study);

}  // namespace carecast::bench
