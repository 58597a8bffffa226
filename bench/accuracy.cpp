#include "accuracy.h"

#include <fmt/core.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <string>

#include "carecast/loading/scenario.h"
#include "carecast/output/quantities.h"
#include "carecast/output/statistics.h"
#include "carecast/parallel/runner.h"
#include "carecast/run/simulation.h"
#include "scenario_run.h"

namespace carecast::bench {
namespace {

constexpr std::array<double, 3> probabilities = {0.05, 0.50, 0.95};
// Seeds of the repeats, far from the scenario's own, which the reference uses.
constexpr std::uint64_t first_repeat_seed = 1'000'003;

// [year][probability] of total net spend over the run's replicates.
using Percentiles = std::vector<std::array<double, 3>>;

struct NetSpendPercentiles {
  Percentiles values;
  // Half the width of each percentile's distribution-free 95% interval
  // (order statistics k - m and k + m, m = 1.96 sqrt(n p (1 - p))), over
  // the value: the reference's own error, valid for independent draws only.
  Percentiles half_widths;
};

double interval_half_width(const std::vector<double>& sorted, double probability) {
  const auto count = static_cast<double>(sorted.size());
  const double reach = std::ceil(1.96 * std::sqrt(count * probability * (1.0 - probability)));
  const double at = probability * (count - 1.0);
  const double lowest = std::max(0.0, std::floor(at) - reach);
  const double highest = std::min(count - 1.0, std::ceil(at) + reach);
  return (sorted[static_cast<std::size_t>(highest)] - sorted[static_cast<std::size_t>(lowest)]) / 2.0 /
         quantile_sorted(sorted, probability);
}

// `baseline` is loaded once for the whole study, so every run simulates the
// same model even if the files change while the study runs.
NetSpendPercentiles net_spend_percentiles(const LoadedScenario& baseline, SamplingMethod method, std::int64_t replicates,
                                          std::uint64_t seed, int threads) {
  LoadedScenario loaded = baseline;
  loaded.override_replicates(replicates);
  loaded.override_seed(std::to_string(seed));
  loaded.scenario.sampling = method;
  const Simulation simulation(loaded);
  const OutputLayout& layout = simulation.layout();
  const std::size_t quantity = layout.quantity_index(quantity_name(QuantityId::net_spend));
  const std::size_t years = static_cast<std::size_t>(loaded.scenario.horizon);
  const std::size_t per_year = layout.size(quantity) / years;
  std::vector<std::vector<double>> totals(years);
  RunOptions options;
  options.threads = threads;
  run_replicates(simulation, 0, replicates, options, [&](std::int64_t, const ReplicateValues& values) {
    const std::vector<double>& spend = values.arrays[quantity];
    for (std::size_t y = 0; y < years; ++y) {
      double total = 0.0;
      for (std::size_t line = 0; line < per_year; ++line) total += spend[y * per_year + line];
      totals[y].push_back(total);
    }
  });
  NetSpendPercentiles result{Percentiles(years), Percentiles(years)};
  for (std::size_t y = 0; y < years; ++y) {
    std::sort(totals[y].begin(), totals[y].end());
    for (std::size_t p = 0; p < probabilities.size(); ++p) {
      result.values[y][p] = quantile_sorted(totals[y], probabilities[p]);
      result.half_widths[y][p] = interval_half_width(totals[y], probabilities[p]);
    }
  }
  return result;
}

// The largest relative error of any year's p5, p50 or p95 against the reference.
double worst_error(const Percentiles& estimate, const Percentiles& reference) {
  double worst = 0.0;
  for (std::size_t y = 0; y < reference.size(); ++y) {
    for (std::size_t p = 0; p < probabilities.size(); ++p) {
      worst = std::max(worst, std::abs(estimate[y][p] / reference[y][p] - 1.0));
    }
  }
  return worst;
}

}  // namespace

void accuracy(const AccuracyStudy& study) {
  const auto started = std::chrono::steady_clock::now();
  const LoadedScenario baseline = load_scenario(county_scenario());
  const NetSpendPercentiles reference_run =
      net_spend_percentiles(baseline, SamplingMethod::random, study.reference_replicates, baseline.scenario.seed, study.threads);
  const Percentiles& reference = reference_run.values;
  std::string rows;
  for (const std::string& name : study.methods) {
    const SamplingMethod method = sampling_method_named(name);
    for (const std::int64_t count : study.replicate_counts) {
      std::vector<double> errors;
      for (int repeat = 0; repeat < study.seeds; ++repeat) {
        const std::uint64_t seed = first_repeat_seed + static_cast<std::uint64_t>(repeat);
        errors.push_back(worst_error(net_spend_percentiles(baseline, method, count, seed, study.threads).values, reference));
      }
      std::sort(errors.begin(), errors.end());
      const auto within = std::count_if(errors.begin(), errors.end(), [](double e) { return e <= 0.01; });
      rows += fmt::format("{}{{\"method\": \"{}\", \"replicates\": {}, \"worst_error_median\": {:.4f}, "
                          "\"worst_error_max\": {:.4f}, \"repeats_within_1pc\": {}, \"repeats\": {}}}",
                          rows.empty() ? "" : ",\n  ", sampling_method_name(method), count,
                          quantile_sorted(errors, 0.5), errors.back(), within, errors.size());
    }
  }
  std::string reference_text;
  std::string half_width_text;
  for (std::size_t y = 0; y < reference.size(); ++y) {
    const auto& widths = reference_run.half_widths[y];
    reference_text += fmt::format("{}[{:.0f}, {:.0f}, {:.0f}]", y == 0 ? "" : ", ", reference[y][0], reference[y][1],
                                  reference[y][2]);
    half_width_text +=
        fmt::format("{}[{:.4f}, {:.4f}, {:.4f}]", y == 0 ? "" : ", ", widths[0], widths[1], widths[2]);
  }
  fmt::print("{{\"case\": \"accuracy\", \"reference_replicates\": {}, \"seeds\": {}, \"wall_seconds\": {:.1f},\n "
             "\"reference_p5_p50_p95_by_year\": [{}],\n \"reference_95pc_half_width_by_year\": [{}],\n "
             "\"runs\": [\n  {}]}}\n",
             study.reference_replicates, study.seeds,
             std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count(), reference_text,
             half_width_text, rows);
}

}  // namespace carecast::bench
