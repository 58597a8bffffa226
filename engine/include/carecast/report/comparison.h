#pragma once
// Two runs side by side: whether they can be compared at all, and the
// headline figures of each and of their difference per year. When both runs
// share a seed and a replicate count, replicate r of one and of the other
// used the same random streams (docs/rng.md), so differences are taken
// replicate by replicate and carry their own percentiles; otherwise only
// the difference of the means is meaningful.

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "carecast/output/quantities.h"
#include "carecast/report/labelled_array.h"
#include "carecast/report/run_reader.h"

namespace carecast::report {

// Throws InputError naming both files when they come from different models
// or model versions, or cover different years.
void check_comparable(const RunReader& a, const RunReader& b);

// Bands (statistic × year) of a yearly total for A, B and B - A.
struct ComparedQuantity {
  QuantityId quantity;
  std::string units;
  LabelledArray a, b, difference;  // difference holds only the mean when unpaired
  // What it counts, for a caption: "all settings", or the settings the
  // front page counts (bed nights in long-term care homes, long-term clients).
  std::string counted = "all settings";
};

// B - A of a quantity by one of its dimensions: statistic x year x label
// (the mean alone when unpaired).
struct ComparedBreakdown {
  QuantityId quantity;
  std::string dimension;
  LabelledArray difference;
};

// What a breakdown shows, for captions: "net spend by budget line".
std::string breakdown_title(const ComparedBreakdown& breakdown);

struct Comparison {
  std::vector<std::int64_t> years;
  // Replicate r of two runs with one seed met the same chance events
  // (docs/rng.md), whatever their counts: B - A is then taken replicate by
  // replicate over the replicates both have.
  bool paired = false;
  std::int64_t shared_replicates = 0;  // when paired
  bool money = false;                            // both runs have money
  std::vector<ComparedQuantity> quantities;      // net_spend (with money), bed_nights, clients
  std::vector<double> overspend_a, overspend_b;  // with money
  // With money, net spend by budget line and net spend on care packages by
  // setting and by home district; without, clients by setting and district.
  std::vector<ComparedBreakdown> breakdowns;

  const ComparedQuantity& quantity(QuantityId id) const;
};

Comparison compare_runs(const RunReader& a, const RunReader& b);

// "£187.3m (£185.1m to £189.9m)": the mean and 90% range of bands
// (statistic × year) in one year, or the mean alone when they hold no percentiles.
std::string mean_and_range(const LabelledArray& bands, std::size_t year,
                           const std::function<std::string(double)>& format);

// The terminal table `carecast compare` prints.
std::string comparison_text(const RunReader& a, const RunReader& b, const Comparison& comparison);

// `carecast compare`: reads both files and returns the table; InputError
// when either is not a run file this carecast reads or they cannot be compared.
std::string compare_run_files(const std::filesystem::path& a, const std::filesystem::path& b);

}  // namespace carecast::report
