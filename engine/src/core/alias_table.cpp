#include "carecast/core/alias_table.h"

#include <algorithm>

namespace carecast {

void AliasTable::build(std::span<const double> weights) {
  const std::size_t count = weights.size();
  double total = 0.0;
  std::size_t heaviest = 0;
  for (std::size_t i = 0; i < count; ++i) {
    total += weights[i];
    if (weights[i] > weights[heaviest]) heaviest = i;
  }
  columns_.assign(count, {1.0, static_cast<std::uint32_t>(heaviest)});
  small_.clear();
  large_.clear();
  // Weights scaled so that their mean is 1: a column below 1 is topped up
  // from one above, which keeps the rest of its weight for later columns.
  for (std::size_t i = 0; i < count; ++i) {
    columns_[i].own_share = weights[i] * static_cast<double>(count) / total;
    (columns_[i].own_share < 1.0 ? small_ : large_).push_back(static_cast<std::uint32_t>(i));
  }
  while (!small_.empty() && !large_.empty()) {
    const std::uint32_t low = small_.back();
    small_.pop_back();
    const std::uint32_t high = large_.back();
    columns_[low].alias = high;
    double& rest = columns_[high].own_share;
    rest -= 1.0 - columns_[low].own_share;
    if (rest < 1.0) {
      large_.pop_back();
      small_.push_back(high);
    }
  }
  // What is left is 1 but for rounding; a weight of 0 keeps a share of 0,
  // its column always giving its alias (a column of positive weight).
  for (const std::uint32_t i : large_) columns_[i].own_share = 1.0;
  for (const std::uint32_t i : small_) columns_[i].own_share = weights[i] > 0.0 ? 1.0 : 0.0;
}

}  // namespace carecast
