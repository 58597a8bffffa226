#pragma once
// Statistics across replicates for the reading commands, computed the way the
// run file's /summary is (the mean summed in replicate order, percentiles by
// type-7 interpolation, carecast::quantile_sorted), so that a report's p5, p50
// and p95 equal the file's and its other percentiles (p25, p75) sit with them.
// Quantities summed over a dimension are summed within each replicate first:
// the percentile of a total is not the total of percentiles.

#include <array>
#include <span>
#include <string_view>
#include <vector>

#include "carecast/report/labelled_array.h"

namespace carecast::report {

struct Statistic {
  std::string_view label;
  double probability;  // negative for the mean

  bool is_mean() const { return probability < 0.0; }
};

// The statistics of a fan chart: the mean, and the bands p5-p95 and p25-p75 around the median.
inline constexpr std::array<Statistic, 6> band_statistics = {
    {{"mean", -1.0}, {"p5", 0.05}, {"p25", 0.25}, {"p50", 0.50}, {"p75", 0.75}, {"p95", 0.95}}};

// Type-7 quantile of unsorted values; `values` is not empty.
double quantile(std::vector<double> values, double probability);

// Mean summed in the order given.
double mean(const std::vector<double>& values);

// `per_replicate` has the leading axis "replicate"; the result has a leading
// axis "statistic" labelled by `statistics`, then the other axes.
LabelledArray summarise_replicates(const LabelledArray& per_replicate,
                                   std::span<const Statistic> statistics = band_statistics);

}  // namespace carecast::report
