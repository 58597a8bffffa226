#pragma once
// Turns a replicate's totals into its output rows. Holds the run file's
// layout (the dimensions from the model and the scenario, the quantities
// from the table in output/quantities.h) and copies each year's care
// totals, the population, the drawn assumptions and the money, with its
// bridge, into a ReplicateValues in that layout.

#include <cstddef>
#include <vector>

#include "carecast/loading/scenario.h"
#include "carecast/money/bridge.h"
#include "carecast/money/prices.h"
#include "carecast/output/layout.h"
#include "carecast/output/quantities.h"
#include "carecast/simulation/care_year_totals.h"
#include "carecast/simulation/population_plan.h"

namespace carecast {

class ReplicateRecorder {
 public:
  ReplicateRecorder(const LoadedScenario& loaded, const PopulationPlan& plan);

  const OutputLayout& layout() const { return layout_; }

  // Year index `y` of the run (0 is its first year, `year`): the care
  // totals of that year.
  void record_care_year(int y, int year, const CareYearTotals& totals, ReplicateValues& values) const;
  // A population's counts (or, with `deaths`, its deaths) by age band into
  // year index `y`: a replicate's PopulationState or the ExpectedPopulation.
  template <typename Population>
  void record_population(int y, const Population& population, bool deaths, ReplicateValues& values) const;
  // The `assumptions` output: the drawn values, then the delivery of each
  // saving and lever that may or may not be delivered (0 or 1 in a
  // replicate, its probability when expected), from shares given for all,
  // then where the replicate's drift of need ends (need's multiplier in the
  // last year, by client group; 1 when expected: `need_drift_path` empty).
  void record_assumptions(const std::vector<double>& drawn, const std::vector<double>& savings_delivered,
                          const std::vector<double>& levers_delivered, const std::vector<std::vector<double>>& need_drift_path,
                          ReplicateValues& values) const;
  // The spending, the bridge and the budget of every year of the run from
  // the run's priced years and its paired run's without policy.
  void record_money(const MoneyAssumptions& money, const PriceBook& prices, const PassMoney& full, const PassMoney& without_policy,
                    const std::vector<double>& savings_delivered, ReplicateValues& values) const;

 private:
  void add_dimensions(const LoadedScenario& loaded);
  // The `assumption` dimension and the `assumptions` output: the uncertain
  // assumptions, then the savings and levers whose delivery varies.
  void add_assumptions(const LoadedScenario& loaded);
  void add_money(const LoadedScenario& loaded);
  // Occupied places, capacity and occupancy by setting and district; the
  // hours setting's "places" are hours a week.
  void record_occupancy(std::size_t y, int year, const CareYearTotals& totals, ReplicateValues& values) const;
  // Council-funded nights in beds or places by client group, from the days
  // money prices (the same nights as bed_nights, summed another way).
  void record_nights_by_group(std::size_t y, const CareYearTotals& totals, ReplicateValues& values) const;
  std::vector<double>& array(QuantityId id, ReplicateValues& values) const;
  // Whether this run's layout has the quantity.
  bool records(QuantityId id) const;

  OutputLayout layout_;
  std::vector<std::size_t> slots_;  // by QuantityId: the quantity's index in the layout
  BridgeYears years_;
  std::size_t districts_ = 0;
  std::size_t age_bands_ = 0;
  int adult_age_ = 0;
  int oldest_age_ = 0;
  std::vector<int> age_band_of_age_;  // indexed by age - adult age
  std::vector<bool> has_places_;  // by setting
  int hours_setting_ = 0;
  // Savings and levers whose delivery varies between replicates (0 < p < 1):
  // each one's draw is an output column beside the drawn assumptions.
  std::vector<std::size_t> varying_savings_;
  std::vector<std::size_t> varying_levers_;
};

}  // namespace carecast
