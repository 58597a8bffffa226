#pragma once
// Which uncertain assumptions drive net spending (docs/model.md, "Uncertain
// assumptions and sensitivity"). Each replicate's drawn assumptions and net
// spending are collected in replicate order as the replicates arrive (a few
// numbers each), then ranked by standardised rank regression
// (sensitivity.h) for each budget line and for all of them together, in the
// third and the final year of the run.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "carecast/uncertainty/sensitivity.h"

namespace carecast {

class SpendingSensitivity {
 public:
  // `years` of the run in order, `lines` budget lines, `assumptions` values
  // drawn per replicate.
  SpendingSensitivity(const std::vector<int>& years, std::size_t lines, std::size_t assumptions);

  // The next replicate: its drawn assumptions and its net spending,
  // [year][line] over every year of the run.
  void add(std::span<const double> drawn, std::span<const double> net_spend);

  // The years measured: the third and the final (only the final in a run
  // of fewer than three years).
  const std::vector<int>& years() const { return measured_years_; }
  // Each budget line, then all of them together.
  std::size_t scopes() const { return lines_ + 1; }
  std::size_t assumptions() const { return assumptions_; }
  // Fewer replicates than the assumptions and three more leave the
  // regression nothing to estimate with.
  bool rankable() const;
  // One regression per year measured and scope, [year][scope].
  std::vector<RankRegression> rank() const;

  // Memory held for `replicates` replicates, and used while ranking them.
  static std::size_t memory_bytes(std::size_t lines, std::size_t assumptions, std::int64_t replicates);

 private:
  std::vector<int> measured_years_;
  std::vector<std::size_t> measured_index_;  // each measured year's index in the run
  std::size_t lines_;
  std::size_t assumptions_;
  std::size_t replicates_ = 0;
  std::vector<double> drawn_;  // [replicate][assumption]
  std::vector<std::vector<double>> spending_;  // [year measured][scope]: one value per replicate
};

}  // namespace carecast
