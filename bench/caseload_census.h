#pragma once
// The care engine alone, without money, recording or output: what one
// county replicate's care years are made of (the long-term clients at each
// year's end, the care events of the year, the distinct cells those clients
// fill) and what they cost beside the rest of a run (bench/RESULTS.md).

#include <cstdint>
#include <filesystem>

namespace carecast::bench {

// Prints one JSON object. The scenario's caseload is advanced year by year
// through the care engine with the model's own rates and no policy, on one
// thread, for `replicates` replicates on the streams of the scenario's seed;
// the census is of replicate 0.
void caseload_census(const std::filesystem::path& scenario, std::int64_t replicates);

}  // namespace carecast::bench
