#pragma once
// A target's query resolved against a run's layout: which cells of which
// quantities it sums.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "carecast/calibration/targets.h"
#include "carecast/output/layout.h"
#include "carecast/parallel/runner.h"

namespace carecast {

struct ResolvedQuery {
  struct Term {
    std::size_t quantity = 0;
    std::vector<std::size_t> shape;
    std::vector<std::vector<std::size_t>> selected;  // per dimension of the quantity, the indices summed
  };
  std::vector<Term> terms;
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
// The same, for one replicate of a store.
double evaluate_query(const ResolvedQuery& query, const ReplicateStore& store, std::int64_t replicate);

// A published figure as a run sees it.
struct ResolvedTarget {
  const PublishedTarget* target = nullptr;
  ResolvedQuery query;
  std::optional<ResolvedQuery> per;
  int year = 0;         // the latest year the figure names; 0 when it names none
  std::string outside;  // why the run cannot give it, or empty
};

// Resolves the target's query and per; `context` names the target in
// messages ("targets.yaml:12:5: targets[3]").
ResolvedTarget resolve_target(const PublishedTarget& target, const OutputLayout& layout, const std::string& context);

// The target's measure in one replicate, from `values` (ReplicateValues, or
// a store and a replicate): scale x query, divided by per when the target
// has one (0 when per is not positive).
template <typename... Values>
double measure(const ResolvedTarget& resolved, const Values&... values) {
  const double amount = evaluate_query(resolved.query, values...);
  if (!resolved.per) return resolved.target->scale * amount;
  const double base = evaluate_query(*resolved.per, values...);
  return base > 0.0 ? resolved.target->scale * amount / base : 0.0;
}

}  // namespace carecast
