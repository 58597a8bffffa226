#pragma once
// One run's fixed configuration and the simulation of a single replicate.
// Immutable after construction and safe to share between threads: each
// replicate derives its own random streams from (seed, replicate index).

#include <cstdint>
#include <memory>

#include "carecast/loading/scenario.h"
#include "carecast/output/layout.h"
#include "carecast/simulation/population_plan.h"

namespace carecast {

class Simulation {
 public:
  explicit Simulation(const LoadedScenario& loaded);

  const OutputLayout& layout() const { return layout_; }
  const Scenario& scenario() const { return scenario_; }
  const Model& model() const { return *model_; }

  // Fills `values` (reset to the layout) with replicate `replicate`'s results.
  void run_replicate(std::int64_t replicate, ReplicateValues& values) const;

 private:
  Scenario scenario_;
  std::shared_ptr<const Model> model_;
  PopulationPlan population_plan_;
  OutputLayout layout_;
  std::vector<int> age_band_of_age_;  // indexed by age - adult age
  std::size_t population_quantity_ = 0;
  std::size_t deaths_quantity_ = 0;
};

}  // namespace carecast
