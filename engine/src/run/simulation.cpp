#include "carecast/run/simulation.h"

#include <boost/random/uniform_01.hpp>

#include <algorithm>
#include <cmath>

#include "carecast/simulation/calendar.h"
#include "carecast/simulation/care_engine.h"
#include "carecast/simulation/expected_care.h"
#include "carecast/simulation/population.h"

namespace carecast {
namespace {

void copy_into(std::vector<double>& out, std::size_t offset, const std::vector<double>& values) {
  std::copy(values.begin(), values.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
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
      population_mode_(population_mode) {
  const Model& model = *model_;
  Dimension year{"year", "financial year, labelled by the calendar year it starts in (2024 = April 2024 to March 2025)", {}, {}};
  for (int y : scenario_.years()) year.numbers.push_back(y);
  layout_.add_dimension(year);
  layout_.add_dimension({"district", "district (of residence, or of the bed or place where the quantity says so)", model.district_names(), {}});
  layout_.add_dimension({"sex", "sex", {std::string(sex_labels[0]), std::string(sex_labels[1])}, {}});
  layout_.add_dimension({"age_band", "age band in completed years", model.age_band_labels(), {}});
  layout_.add_dimension({"setting", "care setting (ids from the model)", model.care.setting_ids(), {}});
  layout_.add_dimension({"client_group", "client group (ids from the model)", model.care.client_group_ids(), {}});
  layout_.add_dimension({"placement", "where a bed or place is: in the county or outside it", {"in_county", "out_of_county"}, {}});

  const std::vector<std::string> by_age = {"year", "district", "sex", "age_band"};
  const std::vector<std::string> by_group = {"year", "setting", "client_group", "district"};
  const std::vector<std::string> by_setting = {"year", "setting", "district"};
  quantity_.population = layout_.add_quantity(
      {"population", "people", "adults resident at mid-year of the year's start (30 June), by district, sex and age band", by_age});
  quantity_.population_deaths = layout_.add_quantity(
      {"population_deaths", "people", "deaths of adults between mid-year and the next mid-year, by age band at the start", by_age});
  quantity_.clients = layout_.add_quantity(
      {"clients", "people", "council-funded people in each setting at the end of the financial year (31 March), by home district", by_group});
  quantity_.admissions = layout_.add_quantity(
      {"admissions", "people", "council-funded starts in each setting during the year (new people and moves in), by home district", by_group});
  quantity_.deaths = layout_.add_quantity(
      {"deaths", "people", "deaths of council-funded people during the year, by the setting they were in and home district", by_group});
  quantity_.care_ended = layout_.add_quantity(
      {"care_ended", "people", "council-funded people whose care ended during the year other than by death, by setting and home district", by_group});
  quantity_.moves_out = layout_.add_quantity(
      {"moves_out", "people", "council-funded people who moved from the setting to another during the year, by home district", by_group});
  quantity_.bed_nights = layout_.add_quantity(
      {"bed_nights", "nights",
       "nights council-funded people spent in beds or places during the year, by the district of the bed (in county) or "
       "the home district (out of county)",
       {"year", "setting", "district", "placement"}});
  quantity_.homecare_hours = layout_.add_quantity(
      {"homecare_hours", "hours", "homecare hours delivered during the year, by home district", {"year", "district"}});
  quantity_.unmet_homecare_hours = layout_.add_quantity(
      {"unmet_homecare_hours", "hours", "homecare hours needed but beyond what the workforce could supply, by home district",
       {"year", "district"}});
  quantity_.out_of_area_placements = layout_.add_quantity(
      {"out_of_area_placements", "people", "council-funded placements made outside the county during the year, by home district", by_setting});
  quantity_.occupied_places = layout_.add_quantity(
      {"occupied_places", "places", "beds or places occupied on an average day, all funders, by district of the bed", by_setting});
  quantity_.occupancy = layout_.add_quantity(
      {"occupancy", "1", "occupied_places as a share of capacity; 0 where the model sets no capacity", by_setting});
  quantity_.capacity = layout_.add_quantity(
      {"capacity", "places",
       "beds or places (homecare: hours a week the workforce can supply) in force during the year, the model's as the "
       "scenario changes them; 0 where the model sets no capacity",
       by_setting});
  quantity_.self_funders = layout_.add_quantity(
      {"self_funders", "people", "self-funded residents at year end, by district of the bed (home district when out of county)", by_setting});
  quantity_.self_funder_conversions = layout_.add_quantity(
      {"self_funder_conversions", "people", "self-funded residents who became council-funded during the year, by home district", by_setting});
  quantity_.clients_by_age_band = layout_.add_quantity(
      {"clients_by_age_band", "people", "council-funded people in each setting at year end, by age band", {"year", "setting", "age_band"}});
  quantity_.admissions_by_age_band = layout_.add_quantity(
      {"admissions_by_age_band", "people", "council-funded starts in each setting during the year, by age band at the start",
       {"year", "setting", "age_band"}});
  quantity_.requests = layout_.add_quantity(
      {"requests", "requests", "new requests for support at the front door during the year, by home district", {"year", "client_group", "district"}});

  for (int age = population_plan_.adult_age(); age <= population_plan_.oldest_age(); ++age) {
    age_band_of_age_.push_back(model.age_band_of(age));
  }

  central_ = make_inputs(loaded.inputs);
  uncertain_ = loaded.uncertain;
  varying_ = loaded.varying;
  add_assumption_outputs(loaded);
  if (!loaded.inputs.money) return;
  has_money_ = true;
  const MoneyAssumptions& money = *loaded.inputs.money;
  std::vector<std::string> lines;
  for (const auto& line : model.budget_lines) lines.push_back(line.id);
  std::vector<std::string> grant_names;
  for (const auto& grant : money.grants) grant_names.push_back(grant.name);
  layout_.add_dimension({"budget_line", "budget line of the council's Medium Term Financial Plan", lines, {}});
  layout_.add_dimension({"grant", "grant received as income", grant_names, {}});
  layout_.add_dimension({"bridge_component", "part of the year-on-year bridge of net spending",
                         {bridge_component_ids.begin(), bridge_component_ids.end()}, {}});
  const std::vector<std::string> by_line_setting = {"year", "budget_line", "setting", "district"};
  const std::vector<std::string> by_line = {"year", "budget_line"};
  quantity_.spend_gross = layout_.add_quantity(
      {"spend_gross", "GBP", "gross spending on care packages in cash prices, by home district", by_line_setting});
  quantity_.spend_income = layout_.add_quantity(
      {"spend_income", "GBP", "client contributions and other income on care packages", by_line_setting});
  quantity_.spend_net = layout_.add_quantity({"spend_net", "GBP", "gross less income on care packages", by_line_setting});
  quantity_.other_costs = layout_.add_quantity(
      {"other_costs", "GBP", "staffing and other costs of the budget line, uplifted by pay inflation", by_line});
  quantity_.net_spend = layout_.add_quantity(
      {"net_spend", "GBP", "net spending of the budget line: care packages net of income, other costs, less savings delivered", by_line});
  quantity_.budget = layout_.add_quantity({"budget", "GBP", "the scenario's net budget for the budget line", by_line});
  quantity_.grants = layout_.add_quantity({"grants", "GBP", "grants received, by grant", {"year", "grant"}});
  Quantity bridge{"mtfp_bridge", "GBP",
                  "net spending bridged from the year before: base (the year before's net, or the base budget in the first "
                  "year), rebase (first year: the base year's simulated run rate less the base budget), pay and contract "
                  "inflation (this year's volumes without policy repriced from last year's prices), demand growth (the "
                  "volume change without policy at last year's prices), policy and savings (the change in the difference "
                  "between the run and its paired run with levers off and no savings), and their sum, net",
                  {"year", "budget_line", "bridge_component"}};
  bridge.may_be_negative = true;
  quantity_.mtfp_bridge = layout_.add_quantity(bridge);
  quantity_.overspend = layout_.add_quantity(
      {"overspend", "GBP", "net spending above the budget (0 when within it); its mean is the expected overspend", by_line});
  quantity_.overspend_occurred = layout_.add_quantity(
      {"overspend_occurred", "1", "1 when net spending exceeds the budget; its mean is the probability of overspending", by_line});
}

void Simulation::add_assumption_outputs(const LoadedScenario& loaded) {
  Dimension assumption{"assumption", "an uncertain assumption of the scenario, by its key path", {}, {}};
  std::vector<std::string> drawn_from;
  std::vector<std::string> written_at;
  for (const auto& uncertain : loaded.uncertain) {
    assumption.labels.push_back(uncertain.label);
    drawn_from.push_back(uncertain.distribution.describe());
    written_at.push_back(uncertain.where.to_string());
  }
  // A delivery that may or may not happen is drawn per replicate too.
  auto add_delivery = [&](double probability, const std::string& label, const std::string& name) {
    if (!(probability > 0.0 && probability < 1.0)) return false;
    assumption.labels.push_back(label + ".delivered");
    drawn_from.push_back("bernoulli(p delivery_probability): 1 when \"" + name + "\" is delivered");
    written_at.emplace_back();
    return true;
  };
  if (loaded.inputs.money) {
    const auto& savings = loaded.inputs.money->savings;
    for (std::size_t k = 0; k < savings.size(); ++k) {
      if (add_delivery(savings[k].delivery_probability, "money.savings[" + std::to_string(k) + "]", savings[k].name)) {
        varying_savings_.push_back(k);
      }
    }
  }
  const auto& levers = loaded.inputs.levers;
  for (std::size_t k = 0; k < levers.size(); ++k) {
    if (add_delivery(levers[k].delivery_probability, "levers[" + std::to_string(k) + "]", levers[k].name)) {
      varying_levers_.push_back(k);
    }
  }
  if (assumption.labels.empty()) return;
  if (!uncertain_.empty()) {
    std::vector<Distribution> distributions;
    for (const auto& uncertain : uncertain_) distributions.push_back(uncertain.distribution);
    sampler_.emplace(std::move(distributions), loaded.correlation);
  }
  records_assumptions_ = true;
  layout_.add_dimension(assumption);
  layout_.add_label_notes({"assumption_distribution", "assumption", "what each assumption is drawn from", drawn_from});
  layout_.add_label_notes({"assumption_location", "assumption", "where the scenario gives it (file:line:column)", written_at});
  Quantity drawn{"assumptions", "1",
                 "each replicate's value of each uncertain assumption, in the units of the key it stands for; 0 or 1 for "
                 "whether a saving or lever is delivered",
                 {"assumption"}};
  drawn.may_be_negative = true;
  quantity_.assumptions = layout_.add_quantity(drawn);
}

void Simulation::record_assumptions(const std::vector<double>& drawn, const std::vector<double>& savings_delivered,
                                    const std::vector<double>& levers_delivered, ReplicateValues& values) const {
  if (!records_assumptions_) return;
  auto& out = values.arrays[quantity_.assumptions];
  std::copy(drawn.begin(), drawn.end(), out.begin());
  std::size_t column = drawn.size();
  for (const std::size_t k : varying_savings_) out[column++] = savings_delivered[k];
  for (const std::size_t k : varying_levers_) out[column++] = levers_delivered[k];
}

void Simulation::record_money(const ReplicateInputs& inputs, const PassMoney& full, const PassMoney& without_policy,
                              const std::vector<double>& delivered, ReplicateValues& values) const {
  const MoneyAssumptions& money = *inputs.inputs.money;
  const BridgeYears years{model_->care.caseload_year, scenario_.start_year, scenario_.end_year()};
  for (int year = years.first; year <= years.last; ++year) {
    const auto y = static_cast<std::size_t>(year - years.first);
    const YearMoney& now = full.years[static_cast<std::size_t>(year - years.caseload_year)];
    const std::size_t cells = now.gross.size();
    auto& gross = values.arrays[quantity_.spend_gross];
    auto& income = values.arrays[quantity_.spend_income];
    auto& net = values.arrays[quantity_.spend_net];
    for (std::size_t k = 0; k < cells; ++k) {
      gross[y * cells + k] = now.gross[k];
      income[y * cells + k] = now.income[k];
      net[y * cells + k] = now.gross[k] - now.income[k];
    }
    for (std::size_t g = 0; g < money.grants.size(); ++g) {
      values.arrays[quantity_.grants][y * money.grants.size() + g] = money.grants[g].amounts.at(year);
    }
  }
  const std::vector<LineYearMoney> lines = money_by_line(money, full, without_policy, delivered, years);
  auto& bridge = values.arrays[quantity_.mtfp_bridge];
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const LineYearMoney& line = lines[k];
    std::copy(line.bridge.begin(), line.bridge.end(), bridge.begin() + static_cast<std::ptrdiff_t>(k * bridge_component_count));
    values.arrays[quantity_.other_costs][k] = line.other_costs;
    values.arrays[quantity_.net_spend][k] = line.net_spend();
    values.arrays[quantity_.budget][k] = line.budget;
    values.arrays[quantity_.overspend][k] = line.overspend;
    values.arrays[quantity_.overspend_occurred][k] = line.overspent ? 1.0 : 0.0;
  }
}

void Simulation::record_care_year(int y, int year, const CareYearTotals& totals, ReplicateValues& values) const {
  const auto index = static_cast<std::size_t>(y);
  copy_into(values.arrays[quantity_.clients], index * totals.clients.size(), totals.clients);
  copy_into(values.arrays[quantity_.admissions], index * totals.admissions.size(), totals.admissions);
  copy_into(values.arrays[quantity_.deaths], index * totals.deaths.size(), totals.deaths);
  copy_into(values.arrays[quantity_.care_ended], index * totals.care_ended.size(), totals.care_ended);
  copy_into(values.arrays[quantity_.moves_out], index * totals.moves_out.size(), totals.moves_out);
  copy_into(values.arrays[quantity_.bed_nights], index * totals.bed_nights.size(), totals.bed_nights);
  copy_into(values.arrays[quantity_.homecare_hours], index * totals.homecare_hours.size(), totals.homecare_hours);
  copy_into(values.arrays[quantity_.unmet_homecare_hours], index * totals.unmet_homecare_hours.size(), totals.unmet_homecare_hours);
  copy_into(values.arrays[quantity_.out_of_area_placements], index * totals.out_of_area_placements.size(), totals.out_of_area_placements);
  copy_into(values.arrays[quantity_.self_funders], index * totals.self_funders.size(), totals.self_funders);
  copy_into(values.arrays[quantity_.self_funder_conversions], index * totals.self_funder_conversions.size(), totals.self_funder_conversions);
  copy_into(values.arrays[quantity_.requests], index * totals.requests.size(), totals.requests);
  const std::size_t bands = model_->population.age_bands.size();
  for (const auto& [source, quantity] : {std::pair{&totals.clients_by_age, quantity_.clients_by_age_band},
                                         std::pair{&totals.admissions_by_age, quantity_.admissions_by_age_band}}) {
    auto& out = values.arrays[quantity];
    for (int s = 0; s < totals.settings; ++s) {
      for (int a = 0; a < totals.ages; ++a) {
        const auto band = static_cast<std::size_t>(age_band_of_age_[static_cast<std::size_t>(a)]);
        out[(index * static_cast<std::size_t>(totals.settings) + static_cast<std::size_t>(s)) * bands + band] += (*source)[totals.age_at(s, a)];
      }
    }
  }
  const double days = financial_year_days(year);
  auto& occupied = values.arrays[quantity_.occupied_places];
  auto& occupancy = values.arrays[quantity_.occupancy];
  auto& capacity = values.arrays[quantity_.capacity];
  for (int s = 0; s < totals.settings; ++s) {
    for (int d = 0; d < totals.districts; ++d) {
      const std::size_t cell = index * static_cast<std::size_t>(totals.settings * totals.districts) + totals.at(s, d);
      occupied[cell] = totals.occupied_days[totals.at(s, d)] / days;
      const double places = totals.capacity[totals.at(s, d)];
      const bool limited = std::isfinite(places);
      capacity[cell] = limited ? places : 0.0;
      occupancy[cell] = limited && places > 0.0 ? occupied[cell] / places : 0.0;
    }
  }
}

template <typename Population>
void Simulation::record_population(int y, const Population& population, bool deaths, ReplicateValues& values) const {
  const std::size_t districts = model_->districts.size();
  const std::size_t bands = model_->population.age_bands.size();
  const int adult = population_plan_.adult_age();
  auto& out = values.arrays[deaths ? quantity_.population_deaths : quantity_.population];
  for (std::size_t d = 0; d < districts; ++d) {
    for (int s = 0; s < sex_count; ++s) {
      const std::size_t row = ((static_cast<std::size_t>(y) * districts + d) * sex_count + static_cast<std::size_t>(s)) * bands;
      for (int age = adult; age <= population_plan_.oldest_age(); ++age) {
        const auto band = static_cast<std::size_t>(age_band_of_age_[static_cast<std::size_t>(age - adult)]);
        const auto people = deaths ? population.deaths(static_cast<int>(d), s, age) : population.count(static_cast<int>(d), s, age);
        out[row + band] += static_cast<double>(people);
      }
    }
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

  // Priced years are overwritten in place, keeping their arrays' memory.
  std::size_t years_priced = 0;
  for (int year = population.year(); year <= scenario_.end_year(); ++year) {
    const int y = year - scenario_.start_year;
    if (year == care_model.caseload_year) {
      care.start(population, caseload);
      if (money) {
        care.run_rate(financial_year_days(year - 1), population, workspace.run_rate);
        inputs.accounts->price(year, workspace.run_rate, money->run_rate);
      }
    }
    if (record && y >= 0) record_population(y, population, false, *record);
    if (year >= care_model.caseload_year) {
      care.set_policy(policy_in_year(inputs.inputs, levers_delivered, year));
      care.run_year(year, population, need, careers, totals);
      if (record && y >= 0) record_care_year(y, year, totals, *record);
      if (money) {
        if (money->years.size() <= years_priced) money->years.emplace_back();
        inputs.accounts->price(year, totals, money->years[years_priced++]);
      }
    }
    // The step to the next mid-year; its deaths fall mostly in this year.
    population.advance(demography);
    if (record && y >= 0) record_population(y, population, true, *record);
  }
  if (money) money->years.resize(years_priced);
  care_events_.fetch_add(care.events_processed(), std::memory_order_relaxed);
}

void Simulation::run_replicate(std::int64_t replicate, ReplicateValues& values) const {
  std::unique_ptr<WorkerState> state;
  run_replicate(replicate, values, state);
}

void Simulation::run_replicate(std::int64_t replicate, ReplicateValues& values, std::unique_ptr<WorkerState>& state) const {
  Workspace& parts = workspace_of(state);
  values.reset(layout_);
  const auto replicate_id = static_cast<std::uint64_t>(replicate);

  std::vector<double> drawn;
  std::unique_ptr<ReplicateInputs> own_inputs;
  if (sampler_) {
    RandomEngine assumption_draws = make_stream(scenario_.seed, replicate_id, StreamPurpose::assumptions);
    drawn = sampler_->draw(assumption_draws);
    own_inputs = make_inputs(read_scenario_inputs(with_values(varying_, uncertain_, drawn), *model_, scenario_));
  }
  const ReplicateInputs& inputs = own_inputs ? *own_inputs : *central_;

  // Which cash savings this replicate delivers (one draw each, in order, from
  // their own stream); care levers draw from another, so adding a cash
  // saving never changes which levers a replicate delivers.
  std::vector<double> delivered;
  if (inputs.inputs.money) {
    RandomEngine savings = make_stream(scenario_.seed, replicate_id, StreamPurpose::levers, 0);
    for (const CashSaving& saving : inputs.inputs.money->savings) {
      delivered.push_back(boost::random::uniform_01<double>()(savings) < saving.delivery_probability ? 1.0 : 0.0);
    }
  }
  std::vector<bool> levers_delivered;
  RandomEngine lever_draws = make_stream(scenario_.seed, replicate_id, StreamPurpose::levers, 1);
  for (const Lever& lever : inputs.inputs.levers) {
    levers_delivered.push_back(boost::random::uniform_01<double>()(lever_draws) < lever.delivery_probability);
  }

  std::vector<double> levers_on;
  for (const bool on : levers_delivered) levers_on.push_back(on ? 1.0 : 0.0);
  record_assumptions(drawn, delivered, levers_on, values);

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
    record_money(inputs, full, full, delivered, values);
    return;
  }
  PassMoney& without_policy = parts.without_policy;
  simulate(replicate_id, inputs, std::vector<bool>(levers_delivered.size(), false), nullptr, &without_policy, parts);
  record_money(inputs, full, without_policy, delivered, values);
}


CarePolicy Simulation::policy_in_year(const ScenarioInputs& inputs, const std::vector<bool>& levers_delivered, int year) const {
  const CareModel& care_model = model_->care;
  CarePolicy policy = policy_for_year(inputs.levers, levers_delivered, inputs.need_growth, scenario_.start_year, year,
                                      static_cast<int>(care_model.client_groups.size()));
  if (!inputs.capacity_changes.empty()) policy.capacity = capacity_in_year(care_model.capacity, inputs.capacity_changes, year);
  return policy;
}

void Simulation::expected_pass(const ReplicateInputs& inputs, const std::vector<bool>& levers_delivered,
                               std::vector<CareYearTotals>& years, CareYearTotals& run_rate, ReplicateValues* record) const {
  const CareModel& care_model = model_->care;
  ExpectedPopulation population(population_plan_);
  population.initialise();
  ExpectedCareEngine care(care_model, population_plan_);
  years.clear();
  for (int year = population.year(); year <= scenario_.end_year(); ++year) {
    const int y = year - scenario_.start_year;
    if (year == care_model.caseload_year) {
      care.start(population);
      care.run_rate(financial_year_days(year - 1), population, run_rate);
    }
    if (year >= care_model.caseload_year) {
      care.set_policy(policy_in_year(inputs.inputs, levers_delivered, year));
      years.emplace_back();
      care.run_year(year, population, years.back());
    }
    // Population outputs pair a year's mid-year count with the deaths of the step after it.
    const bool recorded = record && y >= 0;
    if (recorded) record_population(y, population, false, *record);
    population.advance();
    if (recorded) record_population(y, population, true, *record);
  }
}

void Simulation::run_expected(ReplicateValues& values) const {
  values.reset(layout_);
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
    record_care_year(year - scenario_.start_year, year, mixed[static_cast<std::size_t>(year - caseload_year)], values);
  }
  std::vector<double> drawn;
  for (const auto& uncertain : uncertain_) drawn.push_back(uncertain.distribution.median());
  std::vector<double> shares;
  if (inputs.inputs.money) {
    for (const CashSaving& saving : inputs.inputs.money->savings) shares.push_back(saving.delivery_probability);
  }
  std::vector<double> lever_shares;
  for (const Lever& lever : levers) lever_shares.push_back(lever.delivery_probability);
  record_assumptions(drawn, shares, lever_shares, values);
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
  record_money(inputs, full, without_policy, shares, values);
}

}  // namespace carecast
