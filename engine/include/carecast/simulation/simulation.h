#pragma once
// One run's fixed configuration and the simulation of a single replicate.
// Immutable after construction and safe to share between threads: each
// replicate derives its own random streams from (seed, replicate index).

#include <cstdint>
#include <memory>

#include "carecast/loading/scenario.h"
#include "carecast/money/accounts.h"
#include "carecast/output/layout.h"
#include "carecast/simulation/care_year_totals.h"
#include "carecast/simulation/population_plan.h"

namespace carecast {

class Simulation {
 public:
  explicit Simulation(const LoadedScenario& loaded);

  const OutputLayout& layout() const { return layout_; }
  const Scenario& scenario() const { return scenario_; }
  const Model& model() const { return *model_; }
  const PopulationPlan& population_plan() const { return population_plan_; }

  // Fills `values` (reset to the layout) with replicate `replicate`'s results.
  void run_replicate(std::int64_t replicate, ReplicateValues& values) const;

 private:
  void record_care_year(int year_index, int year, const CareYearTotals& totals, ReplicateValues& values) const;
  // Money of simulated year `year` (index y in the outputs) against the year
  // before; `delivered` says which cash savings this replicate delivers.
  void record_money_year(int y, int year, const YearMoney& now, const YearMoney& before, bool before_simulated,
                         const std::vector<bool>& delivered, std::vector<double>& net_by_line,
                         ReplicateValues& values) const;
  double savings_in(int year, int line, const std::vector<bool>& delivered) const;

  Scenario scenario_;
  std::vector<Lever> levers_;
  double need_growth_ = 0.0;
  std::shared_ptr<const Model> model_;
  PopulationPlan population_plan_;
  OutputLayout layout_;
  std::vector<int> age_band_of_age_;  // indexed by age - adult age
  std::optional<MoneyAssumptions> money_;
  std::optional<PriceBook> prices_;
  std::optional<Accounts> accounts_;

  struct QuantityIndex {
    std::size_t population, population_deaths, clients, admissions, deaths, care_ended, moves_out, bed_nights, homecare_hours,
        unmet_homecare_hours, out_of_area_placements, occupied_places, occupancy, self_funders,
        self_funder_conversions, requests, clients_by_age_band, admissions_by_age_band, spend_gross, spend_income,
        spend_net, other_costs, net_spend, budget, grants, mtfp_bridge, overspend, overspend_occurred;
  } quantity_{};
};

}  // namespace carecast
