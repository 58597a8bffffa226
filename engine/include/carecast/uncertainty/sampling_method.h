#pragma once
// How a run spreads its replicates' draws of the uncertain assumptions over
// their joint distribution (docs/rng.md, "Sampling the assumptions").
// `random` draws each replicate on its own; `latin_hypercube` gives each
// assumption one draw in each of the run's N equally likely strata;
// `sobol` takes the replicates as the first N points of a Sobol' sequence
// randomised by a digital shift; `directed_sobol` turns those points so that
// their two most evenly spread coordinates run along the two directions in
// which the years' net spend moves most. All four are unbiased: the designs
// only make the replicates cover the assumptions more evenly.

#include <string>
#include <string_view>
#include <vector>

namespace carecast {

enum class SamplingMethod { random, latin_hypercube, sobol, directed_sobol };

// The names a scenario's `sampling:` takes, in the order of the enum.
const std::vector<std::string>& sampling_method_names();
std::string_view sampling_method_name(SamplingMethod method);
// The method of one of sampling_method_names().
SamplingMethod sampling_method_named(std::string_view name);

}  // namespace carecast
