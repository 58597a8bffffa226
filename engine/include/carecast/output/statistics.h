#pragma once
// Summaries across replicates: the mean and the 5th, 50th and 95th
// percentiles. Percentiles interpolate linearly between order statistics
// (Hyndman and Fan's type 7, the default of R and NumPy): for n sorted values
// x[0..n-1], the p-quantile is x[h] + (h - floor h)(x[floor h + 1] - x[floor h])
// with h = (n - 1) p. Means are summed in replicate order, so they do not
// depend on how replicates were spread over threads.

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace carecast {

inline constexpr std::array<std::string_view, 4> statistic_labels = {"mean", "p5", "p50", "p95"};
inline constexpr std::array<double, 3> statistic_probabilities = {0.05, 0.50, 0.95};

// Type-7 quantile of values already sorted ascending; `sorted` is not empty.
double quantile_sorted(const std::vector<double>& sorted, double probability);

// `values` is replicate-major: replicates × cells. The result is
// statistic-major: 4 × cells, in the order of statistic_labels.
std::vector<double> summarise(const double* values, std::size_t replicates, std::size_t cells);
// The same of `cells` cells of rows `row_stride` apart: a range of the cells
// of every replicate's row, summarised where the rows are kept.
std::vector<double> summarise(const double* values, std::size_t replicates, std::size_t cells, std::size_t row_stride);

}  // namespace carecast
