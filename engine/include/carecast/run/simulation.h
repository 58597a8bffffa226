#pragma once
// One run's fixed configuration and the simulation of a single replicate.
// Immutable after construction (but for a directed design's turn, made once
// before any replicate draws) and safe to share between threads: each
// replicate derives its own random streams from (seed, replicate index),
// draws its own values of the scenario's uncertain assumptions, and, when
// it delivers a policy lever, runs the care system a second time on the
// same streams with the levers off, so that the bridge's policy part is the
// difference of two paired runs (docs/model.md, "Attribution"). The
// recorder (replicate_recorder.h) turns what the passes total into the
// output rows; the bridge is money/bridge.h's.

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>

#include "carecast/loading/scenario.h"
#include "carecast/money/bridge.h"
#include "carecast/output/layout.h"
#include "carecast/parallel/replicate_task.h"
#include "carecast/run/replicate_recorder.h"
#include "carecast/simulation/care_year_totals.h"
#include "carecast/simulation/population.h"
#include "carecast/simulation/population_plan.h"
#include "carecast/uncertainty/assumption_sampler.h"

namespace carecast {

class Simulation : public ReplicateTask {
 public:
  explicit Simulation(const LoadedScenario& loaded, PopulationMode population_mode = PopulationMode::cohorts);
  ~Simulation() override;

  const OutputLayout& layout() const override { return recorder_.layout(); }
  const Scenario& scenario() const { return scenario_; }
  const Model& model() const { return *model_; }
  const PopulationPlan& population_plan() const { return population_plan_; }

  // Fills `values` (reset to the layout) with replicate `replicate`'s
  // results. A worker's state is its population, its care engine with its
  // people and queue, the year's totals and the priced years.
  void run_replicate(std::int64_t replicate, ReplicateValues& values, std::unique_ptr<WorkerState>& state) const override;
  // The same with a state of its own, for a single replicate.
  void run_replicate(std::int64_t replicate, ReplicateValues& values) const;
  // A directed design's pilot runs (docs/rng.md, "Sampling the assumptions"),
  // one piece each, until the design is turned; none for other designs.
  std::int64_t preparation_size() const override;
  void prepare(std::int64_t piece, std::unique_ptr<WorkerState>& state) const override;
  // Turns the design by the pilot's directions.
  void finish_preparation() const override;
  // Fills `values` with the expected trajectories instead of a sampled
  // replicate (docs/model.md, "The expected-value mode"): the mean of the
  // process with every uncertain assumption at its median, levers mixed by
  // their delivery probability, savings counted at it.
  void run_expected(ReplicateValues& values) const;
  // Care events processed by every pass of every replicate run so far,
  // paired runs without policy included (for benchmarks).
  std::uint64_t care_events() const { return care_events_.load(std::memory_order_relaxed); }

 private:
  struct ReplicateInputs;
  struct Workspace;

  std::unique_ptr<ReplicateInputs> make_inputs(ScenarioInputs inputs) const;
  // Replicate `replicate` at the independent normal scores `scores` of its
  // uncertain assumptions (and of its walk of need, when the design draws
  // it); empty when the scenario has no uncertain assumption.
  void run_replicate_at(std::uint64_t replicate, const Eigen::VectorXd& scores, ReplicateValues& values, Workspace& parts) const;
  // Whether the design is turned before the first replicate: `directed_sobol`
  // with money.
  bool turns_design() const;
  // Pilot run `piece` (docs/rng.md, "Sampling the assumptions"): one
  // replicate's streams with every score at 0 (piece 0) or with the axis
  // pilot_axes_[piece - 1] moved; leaves its years' total net spend in
  // pilot_spend_[piece]. Its care events are not counted in care_events().
  void run_pilot(std::int64_t piece, Workspace& parts) const;
  // Under design_turned_, with every pilot run made: turns the design along
  // the two directions, in the space of independent scores, that move the
  // years' net spend most.
  void turn_design() const;
  // Sets the central money's `unreconciled`: the base year's net budget and
  // the council's adjustments to it less the expected run rate of the base
  // caseload, every assumption at its median (docs/model.md, "The base year
  // reconciled"). Every replicate's inputs are copies of the central ones.
  void reconcile_base_year();
  // The base caseload's run rate for a whole year, every assumption central,
  // in expectation: what the reconciliation and the budget path price
  // (worked out once, for both).
  const CareYearTotals& base_run_rate();
  // Fills the budgets after those the scenario gives by its budget_path.
  void set_budget_path();
  // One pass of the care system from the caseload year with the levers
  // `levers_delivered` says are on; records the care and population outputs
  // into `record` when given, and prices each year into `money` when the
  // scenario has money.
  void simulate(std::uint64_t replicate, const ReplicateInputs& inputs, const std::vector<bool>& levers_delivered,
                ReplicateValues* record, PassMoney* money, Workspace& workspace) const;
  Workspace& workspace_of(std::unique_ptr<WorkerState>& state) const;
  // The levers, need growth and capacity in force in `year`, the year after
  // the last one `capacity` gave.
  CarePolicy policy_in_year(const ScenarioInputs& inputs, const std::vector<bool>& levers_delivered, int year,
                            RespondingCapacity& capacity) const;
  // The capacity of one pass through the years, from the caseload year.
  RespondingCapacity responding_capacity(const ScenarioInputs& inputs) const;
  // Tells a responding market what the year's totals fell short by.
  void see_shortfall(const ScenarioInputs& inputs, int year, const CareYearTotals& totals, RespondingCapacity& capacity) const;
  // One expected pass with the levers `levers_delivered` says are on: the
  // care totals of each year from the caseload year, the run rate, and the
  // population outputs when `record` is given.
  void expected_pass(const ReplicateInputs& inputs, const std::vector<bool>& levers_delivered, std::vector<CareYearTotals>& years,
                     CareYearTotals& run_rate, ReplicateValues* record) const;

  Scenario scenario_;
  std::shared_ptr<const Model> model_;
  PopulationPlan population_plan_;
  PopulationMode population_mode_;
  ReplicateRecorder recorder_;
  bool has_money_ = false;
  bool has_need_drift_ = false;
  std::unique_ptr<ReplicateInputs> central_;  // every uncertain assumption at its median
  std::vector<UncertainAssumption> uncertain_;
  AssumptionBindings bindings_;  // where a replicate's draws go in its copy of the central inputs
  // Mutable only to be turned once, under design_turned_, before any
  // replicate draws from it (a `directed_sobol` design with money).
  mutable std::optional<AssumptionSampler> sampler_;
  mutable std::once_flag design_turned_;
  mutable std::atomic<bool> design_ready_{false};  // design_turned_ has run
  // The pilot's moves: each assumption's score, and each client group's
  // walk along its all-years direction; and each run's years' net spend,
  // written by one piece each.
  std::vector<Eigen::VectorXd> pilot_axes_;
  mutable std::vector<Eigen::VectorXd> pilot_spend_;
  bool walk_from_design_ = false;  // the walk of need's scores are the design's, after the assumptions'
  std::optional<CareYearTotals> base_run_rate_;
  mutable std::atomic<std::uint64_t> care_events_{0};
};

}  // namespace carecast
