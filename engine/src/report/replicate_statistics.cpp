#include "carecast/report/replicate_statistics.h"

#include <algorithm>

#include "carecast/core/error.h"
#include "carecast/output/statistics.h"

namespace carecast::report {

double quantile(std::vector<double> values, double probability) {
  std::sort(values.begin(), values.end());
  return quantile_sorted(values, probability);
}

double mean(const std::vector<double>& values) {
  double sum = 0.0;
  for (double value : values) sum += value;
  return sum / static_cast<double>(values.size());
}

LabelledArray summarise_replicates(const LabelledArray& per_replicate, std::span<const Statistic> statistics) {
  if (per_replicate.axes().empty() || per_replicate.axes().front().name != "replicate") {
    throw InputError(per_replicate.name() + ": expected a leading replicate dimension");
  }
  const std::size_t replicates = per_replicate.axes().front().size();
  if (replicates == 0) throw InputError(per_replicate.name() + ": no replicates");
  const std::size_t cells = per_replicate.values().size() / replicates;

  std::vector<std::string> labels;
  for (const Statistic& statistic : statistics) labels.emplace_back(statistic.label);
  std::vector<Axis> axes{Axis::of_labels("statistic", labels)};
  axes.insert(axes.end(), per_replicate.axes().begin() + 1, per_replicate.axes().end());

  std::vector<double> summary(statistics.size() * cells);
  std::vector<double> column(replicates);
  for (std::size_t cell = 0; cell < cells; ++cell) {
    for (std::size_t r = 0; r < replicates; ++r) column[r] = per_replicate.values()[r * cells + cell];
    const double average = mean(column);
    std::sort(column.begin(), column.end());
    for (std::size_t k = 0; k < statistics.size(); ++k) {
      summary[k * cells + cell] =
          statistics[k].is_mean() ? average : quantile_sorted(column, statistics[k].probability);
    }
  }
  return LabelledArray(per_replicate.name(), per_replicate.units(), std::move(axes), std::move(summary));
}

}  // namespace carecast::report
