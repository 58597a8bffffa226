#include "carecast/report/comparison.h"

#include <fmt/core.h>

#include <algorithm>
#include <span>

#include "carecast/core/error.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/replicate_statistics.h"
#include "carecast/report/run_figures.h"
#include "carecast/report/run_labels.h"

namespace carecast::report {
namespace {

// B - A of two replicate-leading arrays of the same shape: replicate by
// replicate over the first `shared_replicates` when paired, with its own
// statistics; else the difference of the means alone.
LabelledArray difference_of(const LabelledArray& per_a, const LabelledArray& per_b, std::int64_t shared_replicates) {
  const std::vector<Axis> rest(per_a.axes().begin() + 1, per_a.axes().end());
  if (shared_replicates > 0) {
    // The first replicates' values come first.
    const std::size_t cells = per_a.values().size() / per_a.axes()[0].size();
    const std::size_t shared_values = static_cast<std::size_t>(shared_replicates) * cells;
    std::vector<double> difference(shared_values);
    for (std::size_t k = 0; k < shared_values; ++k) difference[k] = per_b.values()[k] - per_a.values()[k];
    std::vector<std::string> replicates;
    for (std::int64_t r = 0; r < shared_replicates; ++r) replicates.push_back(std::to_string(r));
    std::vector<Axis> axes{Axis::of_labels(per_a.axes()[0].name, replicates)};
    axes.insert(axes.end(), rest.begin(), rest.end());
    return summarise_replicates(LabelledArray(per_a.name(), per_a.units(), axes, std::move(difference)));
  }
  const std::span<const Statistic> mean_only(band_statistics.data(), 1);
  const LabelledArray mean_a = summarise_replicates(per_a, mean_only);
  const LabelledArray mean_b = summarise_replicates(per_b, mean_only);
  std::vector<double> difference(mean_a.values().size());
  for (std::size_t k = 0; k < difference.size(); ++k) difference[k] = mean_b.values()[k] - mean_a.values()[k];
  return LabelledArray(per_a.name(), per_a.units(), mean_a.axes(), std::move(difference));
}

ComparedQuantity compare_quantity(const RunReader& a, const RunReader& b, QuantityId quantity, std::int64_t shared_replicates) {
  const LabelledArray totals_a = yearly_totals(a, quantity);
  const LabelledArray totals_b = yearly_totals(b, quantity);
  return {quantity, totals_a.units(), summarise_replicates(totals_a), summarise_replicates(totals_b),
          difference_of(totals_a, totals_b, shared_replicates)};
}

// Per replicate and year, the quantity summed over `settings` alone (at
// least one).
LabelledArray yearly_totals_over(const RunReader& run, QuantityId quantity, const std::vector<std::string>& settings) {
  const LabelledArray by_setting = run.replicates(quantity).sum_all_but({"replicate", "year", "setting"});
  const LabelledArray first = by_setting.select("setting", settings.front());
  std::vector<double> values = first.values();
  for (std::size_t s = 1; s < settings.size(); ++s) {
    const LabelledArray part = by_setting.select("setting", settings[s]);
    for (std::size_t k = 0; k < values.size(); ++k) values[k] += part.values()[k];
  }
  return LabelledArray(first.name(), first.units(), first.axes(), std::move(values));
}

// Bed nights and clients as the front page counts them (in long-term care
// homes; in long-term care), when both files say which settings those are.
ComparedQuantity compare_counted(const RunReader& a, const RunReader& b, QuantityId quantity,
                                 std::int64_t shared_replicates) {
  const auto settings = [&](const RunReader& run) {
    return quantity == QuantityId::bed_nights ? long_term_care_homes(run) : long_term_settings(run);
  };
  const auto of_a = settings(a);
  const auto of_b = settings(b);
  if (!of_a || !of_b || *of_a != *of_b || of_a->empty()) return compare_quantity(a, b, quantity, shared_replicates);
  const LabelledArray totals_a = yearly_totals_over(a, quantity, *of_a);
  const LabelledArray totals_b = yearly_totals_over(b, quantity, *of_b);
  return {quantity, totals_a.units(), summarise_replicates(totals_a), summarise_replicates(totals_b),
          difference_of(totals_a, totals_b, shared_replicates),
          quantity == QuantityId::bed_nights ? "long-term care homes" : "long-term care"};
}

ComparedBreakdown compare_by(const RunReader& a, const RunReader& b, QuantityId quantity, const std::string& dimension,
                             std::int64_t shared_replicates) {
  const std::vector<std::string> kept{"replicate", "year", dimension};
  return {quantity, dimension,
          difference_of(a.replicates(quantity).sum_all_but(kept), b.replicates(quantity).sum_all_but(kept),
                        shared_replicates)};
}

// Three lines, so that the comparison fits an 80-column terminal.
std::string described(const std::string& letter, const RunReader& run) {
  return fmt::format("{}: {}\n   {}\n   model {} {}, {} replicates, seed {}\n", letter, run.info().title, run.info().path.string(),
                     run.info().model_name, run.info().model_version, run.info().replicates, run.info().seed);
}

// The last year's B - A by each breakdown's labels, a row per label:
// mean, and the 5th and 95th percentiles when paired; within 80 columns.
std::string breakdown_text(const Comparison& comparison) {
  std::string text;
  const std::size_t last = comparison.years.size() - 1;
  for (const ComparedBreakdown& breakdown : comparison.breakdowns) {
    const LabelledArray& bands = breakdown.difference;
    const Axis& statistics = bands.axes()[0];
    const bool ranged = statistics.contains("p5") && statistics.contains("p95");
    const auto cell = [&](double value) {
      return bands.units() == "GBP" ? pounds_millions(value) : with_thousands(value);
    };
    text += fmt::format("\nB - A in {}, {}\n", financial_year(comparison.years[last]), breakdown_title(breakdown));
    text += fmt::format("  {:<30} {:>14}", display_name(breakdown.dimension), "mean");
    text += ranged ? fmt::format(" {:>14} {:>14}\n", "5th pct", "95th pct") : "\n";
    const Axis& labels = bands.axis(breakdown.dimension);
    for (std::size_t k = 0; k < labels.size(); ++k) {
      const auto at = [&](const char* statistic) { return cell(bands.at({statistics.index_of(statistic), last, k})); };
      text += fmt::format("  {:<30.30} {:>14}", display_name(labels.labels[k]), at("mean"));
      text += ranged ? fmt::format(" {:>14} {:>14}\n", at("p5"), at("p95")) : "\n";
    }
  }
  return text;
}

}  // namespace

std::string breakdown_title(const ComparedBreakdown& breakdown) {
  const std::string what = breakdown.quantity == QuantityId::net_spend   ? "net spend"
                     : breakdown.quantity == QuantityId::spend_net ? "net spend on care packages"
                                                                   : "clients at year end";
  std::string dimension = breakdown.dimension;
  for (char& c : dimension) c = c == '_' ? ' ' : c;
  if (breakdown.dimension == "district") dimension = "home district";
  return what + " by " + dimension;
}

void check_comparable(const RunReader& a, const RunReader& b) {
  const RunInfo& x = a.info();
  const RunInfo& y = b.info();
  const std::string files = x.path.string() + " and " + y.path.string() + " cannot be compared: ";
  if (x.model_name != y.model_name || x.model_version != y.model_version) {
    throw InputError(files + "they come from different models (" + x.model_name + " " + x.model_version + " and " +
                     y.model_name + " " + y.model_version + ")");
  }
  if (years(a) != years(b)) {
    throw InputError(files + "they cover different years (" + financial_year(x.first_year) + " to " +
                     financial_year(x.last_year) + " and " + financial_year(y.first_year) + " to " +
                     financial_year(y.last_year) + ")");
  }
}

std::string mean_and_range(const LabelledArray& bands, std::size_t year,
                           const std::function<std::string(double)>& format) {
  const Axis& statistics = bands.axes()[0];
  std::string text = format(bands.at({statistics.index_of("mean"), year}));
  if (statistics.contains("p5") && statistics.contains("p95")) {
    text += " (" + format(bands.at({statistics.index_of("p5"), year})) + " to " +
            format(bands.at({statistics.index_of("p95"), year})) + ")";
  }
  return text;
}

const ComparedQuantity& Comparison::quantity(QuantityId id) const {
  for (const ComparedQuantity& compared : quantities) {
    if (compared.quantity == id) return compared;
  }
  throw InputError("the comparison has no " + quantity_name(id));
}

Comparison compare_runs(const RunReader& a, const RunReader& b) {
  check_comparable(a, b);
  Comparison comparison;
  comparison.years = years(a);
  comparison.paired = a.info().seed == b.info().seed;
  comparison.shared_replicates = comparison.paired ? std::min(a.info().replicates, b.info().replicates) : 0;
  comparison.money = a.has_money() && b.has_money();
  if (comparison.money) {
    comparison.quantities.push_back(compare_quantity(a, b, QuantityId::net_spend, comparison.shared_replicates));
    comparison.overspend_a = total_overspend_probability(a);
    comparison.overspend_b = total_overspend_probability(b);
  }
  comparison.quantities.push_back(compare_counted(a, b, QuantityId::bed_nights, comparison.shared_replicates));
  comparison.quantities.push_back(compare_counted(a, b, QuantityId::clients, comparison.shared_replicates));
  const std::int64_t shared = comparison.shared_replicates;
  if (comparison.money) {
    comparison.breakdowns = {compare_by(a, b, QuantityId::net_spend, "budget_line", shared),
                             compare_by(a, b, QuantityId::spend_net, "setting", shared),
                             compare_by(a, b, QuantityId::spend_net, "district", shared)};
  } else {
    comparison.breakdowns = {compare_by(a, b, QuantityId::clients, "setting", shared),
                             compare_by(a, b, QuantityId::clients, "district", shared)};
  }
  return comparison;
}

std::string comparison_text(const RunReader& a, const RunReader& b, const Comparison& comparison) {
  std::string text = described("A", a) + described("B", b);
  text += comparison.paired ? fmt::format("Same seed: B - A is taken replicate by replicate over the {} replicates\n"
                                          "both runs have, with its own 5th to 95th percentiles.\n",
                                          comparison.shared_replicates)
                            : "Different seeds: B - A is the difference of the means.\n";
  const auto millions = [](double value) { return pounds_millions(value); };
  const auto count = [](double value) { return with_thousands(value); };
  if (comparison.money) {
    const ComparedQuantity& net = comparison.quantity(QuantityId::net_spend);
    text += "\nNet spend: mean (5th to 95th percentile); chance of an overspend on the\nwhole budget\n";
    text += fmt::format("{:<9} {:<28} {:<28} {:>5} {:>5}\n", "year", "A", "B", "P(A)", "P(B)");
    for (std::size_t y = 0; y < comparison.years.size(); ++y) {
      text += fmt::format("{:<9} {:<28} {:<28} {:>5} {:>5}\n", financial_year(comparison.years[y]),
                          mean_and_range(net.a, y, millions), mean_and_range(net.b, y, millions),
                          percent(comparison.overspend_a[y]), percent(comparison.overspend_b[y]));
    }
    text += comparison.paired ? "\nNet spend, B - A: mean (5th to 95th percentile)\n" : "\nNet spend, B - A: mean\n";
    text += fmt::format("{:<9} {}\n", "year", "B - A");
    for (std::size_t y = 0; y < comparison.years.size(); ++y) {
      text += fmt::format("{:<9} {}\n", financial_year(comparison.years[y]), mean_and_range(net.difference, y, millions));
    }
  } else {
    text += "\nNet spend: not compared (at least one run has no money section)\n";
  }
  const ComparedQuantity& beds = comparison.quantity(QuantityId::bed_nights);
  const ComparedQuantity& clients = comparison.quantity(QuantityId::clients);
  text += beds.counted == clients.counted
              ? "\nBed nights in the year and clients at year end (" + beds.counted + "): means\n"
              : "\nBed nights in the year (" + beds.counted + ") and clients at year end\n(" + clients.counted +
                    "): means\n";
  text += fmt::format("{:<9} {:>11} {:>11} {:>10}   {:>9} {:>9} {:>8}\n", "year", "nights A", "nights B", "B - A",
                      "clients A", "clients B", "B - A");
  for (std::size_t y = 0; y < comparison.years.size(); ++y) {
    const auto mean = [&](const LabelledArray& bands) { return bands.at({bands.axes()[0].index_of("mean"), y}); };
    text += fmt::format("{:<9} {:>11} {:>11} {:>10}   {:>9} {:>9} {:>8}\n", financial_year(comparison.years[y]),
                        count(mean(beds.a)), count(mean(beds.b)), count(mean(beds.difference)), count(mean(clients.a)),
                        count(mean(clients.b)), count(mean(clients.difference)));
  }
  return text + breakdown_text(comparison);
}

std::string compare_run_files(const std::filesystem::path& a, const std::filesystem::path& b) {
  const RunReader first(a);
  const RunReader second(b);
  return comparison_text(first, second, compare_runs(first, second));
}

}  // namespace carecast::report
