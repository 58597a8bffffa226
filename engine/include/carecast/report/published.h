#pragma once
// The published figures of past years a run file carries (/published,
// docs/output-format.md), matched to what a table of the run shows, so
// history stands beside the forecast with its source.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "carecast/output/quantities.h"
#include "carecast/report/run_reader.h"

namespace carecast::report {

struct PublishedPoint {
  std::int64_t year = 0;
  double value = 0.0;
  std::string name;
  std::string source;
  std::string quantity;  // the run file quantity its query sums
  std::string query;
};

// Every published figure of the file, in its order; none when the file
// carries no /published group.
std::vector<PublishedPoint> read_published(const RunReader& run);

// Of `published`, the figures of `quantity` whose query selects exactly
// `selection` (dimension and label) besides one year, in year order.
std::vector<PublishedPoint> published_points(const std::vector<PublishedPoint>& published, QuantityId quantity,
                                             const std::vector<std::pair<std::string, std::string>>& selection);

}  // namespace carecast::report
