#pragma once
// The briefing: one self-contained HTML file a finance officer, a
// commissioner or a scrutiny panel reads, with inline SVG charts and CSS and
// nothing fetched, laid out to print on A4. Sections: key figures and where
// the numbers come from; net spend against budget with its bands; the MTFP
// bridge; spend by setting and budget line; bed nights by district; homecare
// hours; capacity; the assumptions and their sensitivity; and, given a
// second run, the two side by side.

#include <filesystem>
#include <optional>
#include <string>

#include "carecast/report/run_reader.h"

namespace carecast::report {

std::string briefing_html(const RunReader& run, const RunReader* compared = nullptr);

// `carecast report`: reads the run (and the one to compare with), and writes
// the briefing to `output`, complete or not at all.
void write_briefing(const std::filesystem::path& run, const std::optional<std::filesystem::path>& compared,
                    const std::filesystem::path& output, bool overwrite);

}  // namespace carecast::report
