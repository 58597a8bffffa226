#include "carecast/run/simulation.h"

#include <algorithm>

#include "carecast/core/draws.h"
#include "carecast/core/error.h"
#include "carecast/money/budget_path.h"
#include "carecast/output/quantities.h"
#include "carecast/simulation/calendar.h"
#include "carecast/simulation/care_engine.h"
#include "carecast/simulation/expected_care.h"
#include "carecast/simulation/expected_population.h"
#include "carecast/simulation/population.h"
#include "carecast/uncertainty/pilot_directions.h"

namespace carecast {
namespace {

// The replicate whose streams the search for the design's direction uses:
// far beyond any run's replicates.
constexpr std::uint64_t pilot_replicate = std::uint64_t{1} << 62;
// Every pilot run is on the same streams, but a change in demand soon sets
// the care system's draws on another course, so a difference holds that
// chance as well as the score's effect: a move of three standard deviations
// stands well clear of it (bench/RESULTS.md, 2026-12-07, "the design
// turned").
constexpr double pilot_step = 3.0;

// The scenario's rate factors that change something: a factor of exactly 1
// (every one, at the median of a fit's uncertainty) leaves the model's own
// rates, with no copy of the model made.
std::vector<RateFactor> rates_in_force(const ScenarioInputs& inputs) {
  std::vector<RateFactor> changing;
  for (const RateFactor& factor : inputs.rate_factors) {
    if (factor.factor != 1.0) changing.push_back(factor);
  }
  return changing;
}

}  // namespace

// A replicate's inputs and, with money, the prices and accounts built on
// them (which point into the inputs, hence kept behind a pointer).
struct Simulation::ReplicateInputs {
  ScenarioInputs inputs;
  std::optional<PriceBook> prices;
  std::optional<Accounts> accounts;
};

Simulation::~Simulation() = default;

// What a worker reuses from one replicate to the next.
struct Simulation::Workspace : WorkerState {
  Workspace(const Simulation& owner, const Model& model, const PopulationPlan& plan, PopulationMode mode)
      : owner(&owner), population(plan, mode), care(model.care, plan) {}

  const Simulation* owner;
  PopulationState population;
  CareEngine care;
  CareYearTotals totals;
  CareYearTotals run_rate;
  PassMoney full;
  PassMoney without_policy;
  bool counts_events = true;  // false for the pilot's runs, which care_events() leaves out
};

Simulation::Workspace& Simulation::workspace_of(std::unique_ptr<WorkerState>& state) const {
  auto* workspace = dynamic_cast<Workspace*>(state.get());
  if (!workspace || workspace->owner != this) {
    auto made = std::make_unique<Workspace>(*this, *model_, population_plan_, population_mode_);
    workspace = made.get();
    state = std::move(made);
  }
  return *workspace;
}

std::unique_ptr<Simulation::ReplicateInputs> Simulation::make_inputs(ScenarioInputs inputs) const {
  auto made = std::make_unique<ReplicateInputs>();
  made->inputs = std::move(inputs);
  if (made->inputs.money) {
    made->prices.emplace(*made->inputs.money, model_->care, population_plan_.adult_age(), population_plan_.oldest_age(),
                         std::min(scenario_.start_year, model_->care.caseload_year), scenario_.end_year());
    made->accounts.emplace(*model_, *made->inputs.money, *made->prices);
  }
  return made;
}

Simulation::Simulation(const LoadedScenario& loaded, PopulationMode population_mode)
    : scenario_(loaded.scenario),
      model_(loaded.model),
      population_plan_(loaded.model->population, static_cast<int>(loaded.model->districts.size()),
                       loaded.scenario.end_year() + 1),
      population_mode_(population_mode),
      recorder_(loaded, population_plan_),
      has_money_(loaded.inputs.money.has_value()),
      has_need_drift_(loaded.drifts_need()) {
  central_ = make_inputs(loaded.inputs);
  if (has_money_ && central_->inputs.money->unreconciled_mode != Unreconciled::none) reconcile_base_year();
  uncertain_ = loaded.uncertain;
  bindings_ = loaded.bindings;
  if (has_money_) set_budget_path();
  if (!uncertain_.empty()) {
    std::vector<Distribution> distributions;
    for (const auto& uncertain : uncertain_) distributions.push_back(uncertain.distribution);
    walk_from_design_ = has_need_drift_ && scenario_.sampling != SamplingMethod::random;
    const std::size_t walk_scores =
        walk_from_design_ ? model_->care.client_groups.size() * static_cast<std::size_t>(scenario_.horizon) : 0;
    sampler_.emplace(std::move(distributions), loaded.correlation,
                     SamplingDesign{scenario_.sampling, scenario_.seed, scenario_.replicates}, walk_scores);
  }
  if (turns_design()) {
    pilot_axes_ = pilot_axes(static_cast<Eigen::Index>(sampler_->score_count()), static_cast<Eigen::Index>(uncertain_.size()),
                             walk_from_design_ ? static_cast<Eigen::Index>(scenario_.horizon) : 0);
    pilot_spend_.resize(pilot_axes_.size() + 1);
  }
}

bool Simulation::turns_design() const {
  return sampler_ && scenario_.sampling == SamplingMethod::directed_sobol && has_money_;
}

std::int64_t Simulation::preparation_size() const {
  return turns_design() && !design_ready_.load(std::memory_order_acquire) ? static_cast<std::int64_t>(pilot_spend_.size()) : 0;
}

void Simulation::prepare(std::int64_t piece, std::unique_ptr<WorkerState>& state) const { run_pilot(piece, workspace_of(state)); }

void Simulation::finish_preparation() const {
  if (turns_design()) std::call_once(design_turned_, [&] { turn_design(); });
}

void Simulation::run_pilot(std::int64_t piece, Workspace& parts) const {
  const Eigen::VectorXd scores = piece == 0 ? Eigen::VectorXd::Zero(static_cast<Eigen::Index>(sampler_->score_count()))
                                            : Eigen::VectorXd(pilot_step * pilot_axes_[static_cast<std::size_t>(piece - 1)]);
  ReplicateValues values;
  values.reset(layout());
  struct Uncounted {
    Workspace& workspace;
    explicit Uncounted(Workspace& counted) : workspace(counted) { workspace.counts_events = false; }
    ~Uncounted() { workspace.counts_events = true; }
  } uncounted(parts);
  run_replicate_at(pilot_replicate, scores, values, parts);
  const OutputLayout& output = layout();
  const std::size_t quantity = output.quantity_index(quantity_name(QuantityId::net_spend));
  const auto years = static_cast<Eigen::Index>(scenario_.horizon);
  const std::size_t per_year = output.size(quantity) / static_cast<std::size_t>(years);
  const std::vector<double>& spend = values.arrays[quantity];
  Eigen::VectorXd& totals = pilot_spend_[static_cast<std::size_t>(piece)];
  totals = Eigen::VectorXd::Zero(years);
  for (Eigen::Index y = 0; y < years; ++y) {
    for (std::size_t line = 0; line < per_year; ++line) totals(y) += spend[static_cast<std::size_t>(y) * per_year + line];
  }
}

void Simulation::turn_design() const {
  // The two directions that, between them, move the years' spend most.
  constexpr Eigen::Index kept = 2;
  sampler_->set_directions(steepest_directions(pilot_axes_, pilot_spend_, pilot_step, kept));
  design_ready_.store(true, std::memory_order_release);
}

const CareYearTotals& Simulation::base_run_rate() {
  if (base_run_rate_) return *base_run_rate_;
  const CareModel& care_model = model_->care;
  ExpectedPopulation population(population_plan_);
  population.initialise();
  while (population.year() < care_model.caseload_year) population.advance();
  ExpectedCareEngine care(care_model, population_plan_);
  care.start(population);
  CareYearTotals& volumes = base_run_rate_.emplace();
  care.run_rate(financial_year_days(care_model.caseload_year - 1), population, volumes);
  return volumes;
}

void Simulation::set_budget_path() {
  MoneyAssumptions& money = *central_->inputs.money;
  if (money.budget_rule != BudgetRule::pay_and_contract_inflation) {
    extend_budgets(money, scenario_.end_year(), {});
    return;
  }
  // A council sets one budget, at its assumed rates: every uncertain
  // assumption at its mean, the same path for every replicate.
  std::vector<double> means;
  for (const auto& uncertain : uncertain_) means.push_back(uncertain.distribution.mean());
  const auto at_means = make_inputs(means.empty() ? central_->inputs : bindings_.applied(central_->inputs, means));
  const CareYearTotals& volumes = base_run_rate();
  const int first = scenario_.start_year;
  std::vector<YearMoney> priced(static_cast<std::size_t>(scenario_.end_year() - first + 1));
  for (std::size_t k = 0; k < priced.size(); ++k) at_means->accounts->price(first + static_cast<int>(k), volumes, priced[k]);
  const bool carried = money.unreconciled_mode == Unreconciled::carry;
  extend_budgets(money, scenario_.end_year(), [&](int line, int year) {
    const YearMoney& at = priced[static_cast<std::size_t>(year - first)];
    const auto l = static_cast<std::size_t>(line);
    double now = carried ? at.unreconciled[l] : 0.0;
    double last = carried ? at.unreconciled_last[l] : 0.0;
    for (std::size_t index = 0; index < 3; ++index) {
      now += at.net_by_index[l * 3 + index];
      last += at.net_by_index_last[l * 3 + index];
    }
    if (!(last > 0.0)) {
      throw InputError("budget_path: the " + model_->budget_lines[l].id + " line's spending in the base year is not "
                       "above 0, so it has no price change for the budget to follow; give the line's budget by year");
    }
    return now / last - 1.0;
  });
}

void Simulation::reconcile_base_year() {
  const CareModel& care_model = model_->care;
  const CareYearTotals& volumes = base_run_rate();
  YearMoney run_rate;
  central_->accounts->price(care_model.caseload_year, volumes, run_rate);

  // The base budget is cash of the year before the caseload's; the run rate
  // at that year's prices is set against it, and the difference is kept in
  // price-year prices for Accounts to move by contract prices.
  MoneyAssumptions& money = *central_->inputs.money;
  const int base_year = care_model.caseload_year - 1;
  const double to_price_year = central_->prices->index(PriceIndex::contract, base_year);
  const auto lines = static_cast<std::size_t>(run_rate.lines);
  money.unreconciled.assign(lines, 0.0);
  for (std::size_t line = 0; line < lines; ++line) {
    double explained = 0.0;
    for (std::size_t index = 0; index < 3; ++index) explained += run_rate.net_by_index_last[line * 3 + index];
    money.unreconciled[line] = (money.base_budget[line] + money.base_adjustments[line] - explained) / to_price_year;
  }
}

void Simulation::simulate(std::uint64_t replicate, const ReplicateInputs& inputs, const std::vector<bool>& levers_delivered,
                          ReplicateValues* record, PassMoney* money, Workspace& workspace) const {
  RandomEngine demography = make_stream(scenario_.seed, replicate, StreamPurpose::demography);
  RandomEngine need = make_stream(scenario_.seed, replicate, StreamPurpose::need);
  RandomEngine careers = make_stream(scenario_.seed, replicate, StreamPurpose::care);
  RandomEngine caseload = make_stream(scenario_.seed, replicate, StreamPurpose::care, 1);

  const CareModel& care_model = model_->care;
  PopulationState& population = workspace.population;
  population.initialise(demography);
  CareEngine& care = workspace.care;
  CareYearTotals& totals = workspace.totals;

  RespondingCapacity capacity = responding_capacity(inputs.inputs);
  // Priced years are overwritten in place, keeping their arrays' memory.
  std::size_t years_priced = 0;
  for (int year = population.year(); year <= scenario_.end_year(); ++year) {
    const int y = year - scenario_.start_year;
    if (year == care_model.caseload_year) {
      care.set_rates(rates_in_force(inputs.inputs));
      care.start(population, caseload);
      if (money) {
        care.run_rate(financial_year_days(year - 1), population, workspace.run_rate);
        inputs.accounts->price(year, workspace.run_rate, money->run_rate);
      }
    }
    if (record && y >= 0) recorder_.record_population(y, population, false, *record);
    if (year >= care_model.caseload_year) {
      care.set_policy(policy_in_year(inputs.inputs, levers_delivered, year, capacity));
      care.run_year(year, population, need, careers, totals);
      see_shortfall(inputs.inputs, year, totals, capacity);
      if (record && y >= 0) recorder_.record_care_year(y, year, totals, *record);
      if (money) {
        if (money->years.size() <= years_priced) money->years.emplace_back();
        inputs.accounts->price(year, totals, money->years[years_priced++]);
      }
    }
    // The step to the next mid-year; its deaths fall mostly in this year.
    population.advance(demography);
    if (record && y >= 0) recorder_.record_population(y, population, true, *record);
  }
  if (money) money->years.resize(years_priced);
  if (workspace.counts_events) care_events_.fetch_add(care.events_processed(), std::memory_order_relaxed);
}

void Simulation::run_replicate(std::int64_t replicate, ReplicateValues& values) const {
  std::unique_ptr<WorkerState> state;
  run_replicate(replicate, values, state);
}

void Simulation::run_replicate(std::int64_t replicate, ReplicateValues& values, std::unique_ptr<WorkerState>& state) const {
  Workspace& parts = workspace_of(state);
  values.reset(layout());
  const auto replicate_id = static_cast<std::uint64_t>(replicate);
  Eigen::VectorXd scores;
  if (sampler_) {
    // Without a runner to spread the pilot over its threads (or to make it at
    // all: a run of the expected mode, or one that never starts, pays
    // nothing), the first replicate to need the directions makes it, while
    // the others wait.
    if (turns_design()) {
      std::call_once(design_turned_, [&] {
        for (std::size_t piece = 0; piece < pilot_spend_.size(); ++piece) run_pilot(static_cast<std::int64_t>(piece), parts);
        turn_design();
      });
    }
    RandomEngine assumption_draws = make_stream(scenario_.seed, replicate_id, StreamPurpose::assumptions);
    scores = sampler_->scores(replicate_id, assumption_draws);
  }
  run_replicate_at(replicate_id, scores, values, parts);
}

void Simulation::run_replicate_at(std::uint64_t replicate_id, const Eigen::VectorXd& scores, ReplicateValues& values,
                                  Workspace& parts) const {
  std::vector<double> drawn;
  std::unique_ptr<ReplicateInputs> own_inputs;
  if (sampler_ || has_need_drift_) {
    ScenarioInputs replicate_inputs = central_->inputs;
    if (sampler_) {
      drawn = sampler_->values_of(scores);
      replicate_inputs = bindings_.applied(central_->inputs, drawn);
    }
    if (walk_from_design_) {
      const auto assumptions = static_cast<Eigen::Index>(uncertain_.size());
      replicate_inputs.need_drift_path = need_drift_path(
          replicate_inputs.need_drift, scenario_.horizon,
          std::span<const double>(scores.data() + assumptions, static_cast<std::size_t>(scores.size() - assumptions)));
    } else if (has_need_drift_) {
      RandomEngine drift_draws = make_stream(scenario_.seed, replicate_id, StreamPurpose::need_drift);
      replicate_inputs.need_drift_path = need_drift_path(replicate_inputs.need_drift, scenario_.horizon, drift_draws);
    }
    own_inputs = make_inputs(std::move(replicate_inputs));
  }
  const ReplicateInputs& inputs = own_inputs ? *own_inputs : *central_;

  // Which cash savings this replicate delivers (one draw each, in order, from
  // their own stream); care levers draw from another, so adding a cash
  // saving never changes which levers a replicate delivers.
  std::vector<double> delivered;
  if (inputs.inputs.money) {
    RandomEngine savings = make_stream(scenario_.seed, replicate_id, StreamPurpose::levers, 0);
    for (const CashSaving& saving : inputs.inputs.money->savings) {
      delivered.push_back(draw_uniform(savings) < saving.delivery_probability ? 1.0 : 0.0);
    }
  }
  std::vector<bool> levers_delivered;
  RandomEngine lever_draws = make_stream(scenario_.seed, replicate_id, StreamPurpose::levers, 1);
  for (const Lever& lever : inputs.inputs.levers) {
    levers_delivered.push_back(draw_uniform(lever_draws) < lever.delivery_probability);
  }

  std::vector<double> levers_on;
  for (const bool on : levers_delivered) levers_on.push_back(on ? 1.0 : 0.0);
  recorder_.record_assumptions(drawn, delivered, levers_on, inputs.inputs.need_drift_path, values);

  if (!has_money_) {
    simulate(replicate_id, inputs, levers_delivered, &values, nullptr, parts);
    return;
  }
  PassMoney& full = parts.full;
  simulate(replicate_id, inputs, levers_delivered, &values, &full, parts);
  // The paired run without policy reuses every stream of this replicate; it
  // is only needed when a lever is on, as without one the care system runs
  // identically (tested).
  const bool any_lever = std::find(levers_delivered.begin(), levers_delivered.end(), true) != levers_delivered.end();
  if (!any_lever) {
    recorder_.record_money(*inputs.inputs.money, *inputs.prices, full, full, delivered, values);
    return;
  }
  PassMoney& without_policy = parts.without_policy;
  simulate(replicate_id, inputs, std::vector<bool>(levers_delivered.size(), false), nullptr, &without_policy, parts);
  recorder_.record_money(*inputs.inputs.money, *inputs.prices, full, without_policy, delivered, values);
}


CarePolicy Simulation::policy_in_year(const ScenarioInputs& inputs, const std::vector<bool>& levers_delivered, int year,
                                      RespondingCapacity& capacity) const {
  const CareModel& care_model = model_->care;
  CarePolicy policy = policy_for_year(inputs.levers, levers_delivered, inputs.need_growth, inputs.need_drift_path, scenario_.start_year, year,
                                      static_cast<int>(care_model.client_groups.size()));
  policy.capacity = capacity.capacity_in(year);
  return policy;
}

RespondingCapacity Simulation::responding_capacity(const ScenarioInputs& inputs) const {
  return {model_->care.capacity, inputs.capacity_changes, inputs.capacity_responses, model_->care.caseload_year};
}

void Simulation::see_shortfall(const ScenarioInputs& inputs, int year, const CareYearTotals& totals,
                               RespondingCapacity& capacity) const {
  if (inputs.capacity_responses.empty()) return;
  capacity.saw_shortfall(year, market_shortfall(model_->care, totals, financial_year_days(year)));
}

void Simulation::expected_pass(const ReplicateInputs& inputs, const std::vector<bool>& levers_delivered,
                               std::vector<CareYearTotals>& years, CareYearTotals& run_rate, ReplicateValues* record) const {
  const CareModel& care_model = model_->care;
  ExpectedPopulation population(population_plan_);
  population.initialise();
  ExpectedCareEngine care(care_model, population_plan_);
  care.offer_places_to_waiting(scenario_.count_waiting || !inputs.inputs.capacity_responses.empty());
  RespondingCapacity capacity = responding_capacity(inputs.inputs);
  years.clear();
  for (int year = population.year(); year <= scenario_.end_year(); ++year) {
    const int y = year - scenario_.start_year;
    if (year == care_model.caseload_year) {
      care.set_rates(rates_in_force(inputs.inputs));
      care.start(population);
      care.run_rate(financial_year_days(year - 1), population, run_rate);
    }
    if (year >= care_model.caseload_year) {
      care.set_policy(policy_in_year(inputs.inputs, levers_delivered, year, capacity));
      years.emplace_back();
      care.run_year(year, population, years.back());
      see_shortfall(inputs.inputs, year, years.back(), capacity);
    }
    // Population outputs pair a year's mid-year count with the deaths of the step after it.
    const bool recorded = record && y >= 0;
    if (recorded) recorder_.record_population(y, population, false, *record);
    population.advance();
    if (recorded) recorder_.record_population(y, population, true, *record);
  }
}

void Simulation::run_expected(ReplicateValues& values) const {
  values.reset(layout());
  const ReplicateInputs& inputs = *central_;
  const std::vector<Lever>& levers = inputs.inputs.levers;
  // The expectation over which levers are delivered: every combination of
  // the uncertain ones, weighted by its probability.
  std::vector<std::size_t> uncertain_levers;
  for (std::size_t k = 0; k < levers.size(); ++k) {
    if (levers[k].delivery_probability > 0.0 && levers[k].delivery_probability < 1.0) uncertain_levers.push_back(k);
  }
  constexpr std::size_t most_uncertain_levers = 10;
  if (uncertain_levers.size() > most_uncertain_levers) {
    throw InputError("the expected-value mode mixes every combination of levers that may or may not be delivered, and this "
                     "scenario has " + std::to_string(uncertain_levers.size()) + " (at most " +
                     std::to_string(most_uncertain_levers) + "): run it without --expected");
  }
  std::vector<CareYearTotals> mixed;
  std::vector<CareYearTotals> years;
  std::vector<CareYearTotals> without_levers;
  CareYearTotals run_rate;
  std::vector<bool> delivered(levers.size());
  const std::size_t combinations = std::size_t{1} << uncertain_levers.size();
  for (std::size_t combination = 0; combination < combinations; ++combination) {
    double weight = 1.0;
    for (std::size_t k = 0; k < levers.size(); ++k) delivered[k] = levers[k].delivery_probability >= 1.0;
    for (std::size_t u = 0; u < uncertain_levers.size(); ++u) {
      const bool on = ((combination >> u) & 1U) != 0;
      const double p = levers[uncertain_levers[u]].delivery_probability;
      delivered[uncertain_levers[u]] = on;
      weight *= on ? p : 1.0 - p;
    }
    expected_pass(inputs, delivered, years, run_rate, combination == 0 ? &values : nullptr);
    if (combination == 0) {
      mixed.resize(years.size());
      for (std::size_t y = 0; y < years.size(); ++y) {
        mixed[y].reset(years[y].settings, years[y].groups, years[y].districts, years[y].ages);
      }
    }
    for (std::size_t y = 0; y < years.size(); ++y) mixed[y].add(years[y], weight);
  }
  const bool any_lever = std::any_of(levers.begin(), levers.end(), [](const Lever& lever) { return lever.delivery_probability > 0.0; });
  if (any_lever) {
    expected_pass(inputs, std::vector<bool>(levers.size(), false), without_levers, run_rate, nullptr);
  } else {
    without_levers = mixed;
  }

  const int caseload_year = model_->care.caseload_year;
  for (int year = scenario_.start_year; year <= scenario_.end_year(); ++year) {
    recorder_.record_care_year(year - scenario_.start_year, year, mixed[static_cast<std::size_t>(year - caseload_year)], values);
  }
  std::vector<double> drawn;
  for (const auto& uncertain : uncertain_) drawn.push_back(uncertain.distribution.median());
  std::vector<double> shares;
  if (inputs.inputs.money) {
    for (const CashSaving& saving : inputs.inputs.money->savings) shares.push_back(saving.delivery_probability);
  }
  std::vector<double> lever_shares;
  for (const Lever& lever : levers) lever_shares.push_back(lever.delivery_probability);
  recorder_.record_assumptions(drawn, shares, lever_shares, {}, values);
  if (!has_money_) return;
  PassMoney full;
  PassMoney without_policy;
  inputs.accounts->price(caseload_year, run_rate, full.run_rate);
  inputs.accounts->price(caseload_year, run_rate, without_policy.run_rate);
  for (std::size_t y = 0; y < mixed.size(); ++y) {
    const int year = caseload_year + static_cast<int>(y);
    full.years.emplace_back();
    inputs.accounts->price(year, mixed[y], full.years.back());
    without_policy.years.emplace_back();
    inputs.accounts->price(year, without_levers[y], without_policy.years.back());
  }
  recorder_.record_money(*inputs.inputs.money, *inputs.prices, full, without_policy, shares, values);
}

}  // namespace carecast
