#pragma once
// Walker's alias method (in Vose's construction): draws an index in
// proportion to non-negative weights in constant time from one uniform, where
// a search of cumulative weights takes a logarithmic number of steps. Worth
// building when a set of weights serves many draws (the ages of a year's
// new clients of one district, sex and client group).

#include <cstdint>
#include <span>
#include <vector>

#include "carecast/core/draws.h"

namespace carecast {

class AliasTable {
 public:
  // Replaces the table with one for `weights`; their sum must be positive.
  // An index of weight 0 is never drawn.
  void build(std::span<const double> weights);
  // An index drawn in proportion to the weights: the uniform's integer part
  // (scaled by the count) picks a column, its fraction whether the column's
  // own index or its alias.
  std::size_t draw(RandomEngine& random) const {
    const double scaled = draw_uniform(random) * static_cast<double>(columns_.size());
    const auto column = static_cast<std::size_t>(scaled);
    const Column& chosen = columns_[column];
    return scaled - static_cast<double>(column) < chosen.own_share ? column : chosen.alias;
  }

 private:
  struct Column {
    double own_share;  // of the column's draws, the share that gives the column's own index
    std::uint32_t alias;
  };
  std::vector<Column> columns_;
  std::vector<std::uint32_t> small_;  // scratch: columns below the mean weight
  std::vector<std::uint32_t> large_;  // scratch: columns at or above it
};

}  // namespace carecast
