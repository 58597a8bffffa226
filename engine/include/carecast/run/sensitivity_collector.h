#pragma once
// Takes from each replicate's values, as the replicates arrive in order,
// what the sensitivity ranking needs (the drawn assumptions and the net
// spending), and at the end hands the ranking to the run file's writer:
//
//   SensitivityCollector sensitivity(loaded.scenario, layout);
//   ... for each replicate: writer.append(r, values); sensitivity.add(values);
//   writer.finish(sensitivity.ranking());

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "carecast/loading/scenario.h"
#include "carecast/output/layout.h"
#include "carecast/output/run_file.h"
#include "carecast/uncertainty/spending_sensitivity.h"

namespace carecast {

class SensitivityCollector {
 public:
  // Collects nothing when the run has no drawn assumptions or no money.
  SensitivityCollector(const Scenario& scenario, const OutputLayout& layout);

  void add(const ReplicateValues& values);
  // The /analysis arrays, or nothing when the run has none: no drawn
  // assumptions, no money, or too few replicates to rank.
  std::optional<SensitivityArrays> ranking() const;

  // Memory the collector holds for `replicates` replicates, and uses while
  // ranking them.
  static std::size_t memory_bytes(const OutputLayout& layout, std::int64_t replicates);

 private:
  std::optional<SpendingSensitivity> sensitivity_;
  std::size_t assumptions_ = 0;  // index of the quantity in the layout
  std::size_t net_spend_ = 0;
  std::vector<std::string> lines_;
};

}  // namespace carecast
