#pragma once
// What a run will hold in memory at its peak, estimated from its inputs
// before anything large is allocated, and the budget it must fit in. The
// estimate is meant as an upper bound: it counts every person a replicate
// could ever create, not the fewer alive at once.

#include <cstddef>
#include <cstdint>
#include <string>

#include "carecast/core/error.h"
#include "carecast/loading/scenario.h"

namespace carecast {

// 4 GiB: twenty times what the default run needs, and within what a laptop
// can give one program; never more than half the machine's memory, which the
// rest of the machine needs.
inline constexpr std::size_t standard_memory_budget = std::size_t{4} << 30;
std::size_t default_memory_budget();

// Bytes the program needs whatever the output: the libraries, the model and
// its tables, and each of `threads` workers' simulation with the most people
// a replicate of `loaded` can create.
std::size_t simulation_memory_bytes(const LoadedScenario& loaded, int threads);

// The people a replicate of `loaded` can create at most: the caseload, and in
// each simulated year and once more for those already in short-term support,
// the young people from children's services and the front door's requests
// that go on to long-term care, at the model's highest district need and
// with the scenario's rate factors that raise them.
double most_people_per_replicate(const LoadedScenario& loaded);

// Refuses, as bad input at `where` (the setting named `key` that sets the
// replicate count), a run of `replicates` that needs `needed_bytes` when that
// is more than `budget_bytes`, saying how much it would need.
void check_memory_budget(std::size_t needed_bytes, std::size_t budget_bytes, std::int64_t replicates,
                         const SourceLocation& where, const std::string& key);

}  // namespace carecast
