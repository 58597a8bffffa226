#pragma once
// A target's query resolved against a run's layout: which cells of which
// quantity it sums.

#include <string>
#include <vector>

#include "carecast/calibration/targets.h"
#include "carecast/output/layout.h"

namespace carecast {

struct ResolvedQuery {
  std::size_t quantity = 0;
  std::vector<std::size_t> shape;
  std::vector<std::vector<std::size_t>> selected;  // per dimension of the quantity, the indices summed
  // Empty when every year asked for is simulated; otherwise why it is not.
  std::string outside;
};

// Resolves `query`; a quantity, dimension or value the run does not have is
// an InputError naming `context` (e.g. "targets.yaml:12:5: targets[3].query")
// and, for a close spelling, the intended one. Years the run does not
// simulate are not an error: `outside` says so.
ResolvedQuery resolve_query(const TargetQuery& query, const OutputLayout& layout, const std::string& context);

// The sum of the selected cells of one replicate's values.
double evaluate_query(const ResolvedQuery& query, const ReplicateValues& values);

}  // namespace carecast
