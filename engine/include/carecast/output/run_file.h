#pragma once
// Writes a run to one self-describing HDF5 file; the layout is specified in
// docs/output-format.md. Dimension scales sit in the root group, named after
// their dimensions; each quantity appears under /replicates with a leading
// `replicate` dimension and under /summary with a leading `statistic`.

#include <filesystem>
#include <string>

#include "carecast/loading/scenario.h"
#include "carecast/output/layout.h"
#include "carecast/parallel/runner.h"

namespace carecast {

void write_run_file(const std::filesystem::path& path, const LoadedScenario& loaded,
                    const OutputLayout& layout, const ReplicateStore& store);

// The current time as ISO 8601 UTC, e.g. 2026-11-23T09:30:00Z.
std::string utc_timestamp();

}  // namespace carecast
