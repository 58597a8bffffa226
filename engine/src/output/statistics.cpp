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

std::vector<double> summarise(const double* values, std::size_t replicates, std::size_t cells) {
  std::vector<double> summary(statistic_labels.size() * cells, 0.0);
  std::vector<double> column(replicates);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    double sum = 0.0;
    for (std::size_t r = 0; r < replicates; ++r) {
      column[r] = values[r * cells + cell];
      sum += column[r];
    }
    summary[cell] = sum / static_cast<double>(replicates);
    std::sort(column.begin(), column.end());
    for (std::size_t k = 0; k < statistic_probabilities.size(); ++k) {
      summary[(k + 1) * cells + cell] = quantile_sorted(column, statistic_probabilities[k]);
    }
  }
  return summary;
}

}  // namespace carecast
