#include "carecast/output/statistics.h"

#include <algorithm>
#include <cmath>

namespace carecast {

double quantile_sorted(const std::vector<double>& sorted, double probability) {
  const double position = static_cast<double>(sorted.size() - 1) * probability;
  const double below = std::floor(position);
  const auto lower = static_cast<std::size_t>(below);
  if (lower + 1 >= sorted.size()) return sorted.back();
  return sorted[lower] + (position - below) * (sorted[lower + 1] - sorted[lower]);
}

namespace {

// Cells gathered together: eight doubles are one cache line of each
// replicate's row, where gathering one cell at a time would touch a line
// per replicate for every cell.
constexpr std::size_t cells_per_tile = 8;

// The type-7 quantile at `probability` of the `count` values at `column`,
// reordered in place, by selection: it needs only the order statistics
// floor(h) and the next, which std::nth_element finds in linear time where a
// sort takes n log n. `from` is where the unselected part begins: a later,
// larger probability need only search beyond an earlier one's selected
// element, which the selection has left with everything before it no
// greater. Returns the index selected, for the next call.
std::size_t select_quantile(double* column, std::size_t count, std::size_t from, double probability, double& quantile) {
  const double position = static_cast<double>(count - 1) * probability;
  const double below = std::floor(position);
  const auto lower = static_cast<std::size_t>(below);
  std::nth_element(column + from, column + lower, column + count);
  if (lower + 1 >= count) {
    quantile = column[lower];
  } else {
    const double next = *std::min_element(column + lower + 1, column + count);
    quantile = column[lower] + (position - below) * (next - column[lower]);
  }
  return lower;
}

}  // namespace

std::vector<double> summarise(const double* values, std::size_t replicates, std::size_t cells) {
  return summarise(values, replicates, cells, cells);
}

std::vector<double> summarise(const double* values, std::size_t replicates, std::size_t cells, std::size_t row_stride) {
  std::vector<double> summary(statistic_labels.size() * cells, 0.0);
  std::vector<double> columns(cells_per_tile * replicates);
  for (std::size_t first = 0; first < cells; first += cells_per_tile) {
    const std::size_t width = std::min(cells_per_tile, cells - first);
    for (std::size_t r = 0; r < replicates; ++r) {
      const double* row = values + r * row_stride + first;
      for (std::size_t c = 0; c < width; ++c) columns[c * replicates + r] = row[c];
    }
    for (std::size_t c = 0; c < width; ++c) {
      double* column = columns.data() + c * replicates;
      const std::size_t cell = first + c;
      double sum = 0.0;
      for (std::size_t r = 0; r < replicates; ++r) sum += column[r];
      summary[cell] = sum / static_cast<double>(replicates);
      // statistic_probabilities rise, so each selection starts at the last.
      std::size_t from = 0;
      for (std::size_t k = 0; k < statistic_probabilities.size(); ++k) {
        from = select_quantile(column, replicates, from, statistic_probabilities[k], summary[(k + 1) * cells + cell]);
      }
    }
  }
  return summary;
}

}  // namespace carecast
