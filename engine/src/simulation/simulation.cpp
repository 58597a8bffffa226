#include "carecast/simulation/simulation.h"

#include <boost/random/uniform_01.hpp>

#include <cmath>

#include "carecast/simulation/calendar.h"
#include "carecast/simulation/care_engine.h"
#include "carecast/simulation/population.h"

namespace carecast {
namespace {

void copy_into(std::vector<double>& out, std::size_t offset, const std::vector<double>& values) {
  std::copy(values.begin(), values.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
}

}  // namespace

Simulation::Simulation(const LoadedScenario& loaded)
    : scenario_(loaded.scenario),
      levers_(loaded.levers),
      need_growth_(loaded.need_growth),
      model_(loaded.model),
      population_plan_(loaded.model->population, static_cast<int>(loaded.model->districts.size()),
                       loaded.scenario.end_year() + 1) {
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

  if (!loaded.money) return;
  money_ = loaded.money;
  prices_.emplace(*money_, model.care, population_plan_.adult_age(), population_plan_.oldest_age(),
                  std::min(scenario_.start_year, model.care.caseload_year), scenario_.end_year());
  accounts_.emplace(model, *money_, *prices_);
  std::vector<std::string> lines;
  for (const auto& line : model.budget_lines) lines.push_back(line.id);
  std::vector<std::string> grant_names;
  for (const auto& grant : money_->grants) grant_names.push_back(grant.name);
  layout_.add_dimension({"budget_line", "budget line of the council's Medium Term Financial Plan", lines, {}});
  layout_.add_dimension({"grant", "grant received as income", grant_names, {}});
  layout_.add_dimension({"bridge_component", "part of the year-on-year bridge of net spending",
                         {"base", "rebase", "pay_inflation", "contract_inflation", "demand_growth", "policy_and_savings", "net"}, {}});
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
                  "inflation (price effects), demand growth (volume change at last year's prices), policy and savings, and "
                  "their sum, net",
                  {"year", "budget_line", "bridge_component"}};
  bridge.may_be_negative = true;
  quantity_.mtfp_bridge = layout_.add_quantity(bridge);
  quantity_.overspend = layout_.add_quantity(
      {"overspend", "GBP", "net spending above the budget (0 when within it); its mean is the expected overspend", by_line});
  quantity_.overspend_occurred = layout_.add_quantity(
      {"overspend_occurred", "1", "1 when net spending exceeds the budget; its mean is the probability of overspending", by_line});
}

double Simulation::savings_in(int year, int line, const std::vector<bool>& delivered) const {
  double total = 0.0;
  for (std::size_t k = 0; k < money_->savings.size(); ++k) {
    const CashSaving& saving = money_->savings[k];
    if (saving.budget_line == line && delivered[k] && saving.amounts.covers(year) && year >= scenario_.start_year) {
      total += saving.amounts.at(year);
    }
  }
  return total;
}

void Simulation::record_money_year(int y, int year, const YearMoney& now, const YearMoney& before, bool before_simulated,
                                   const std::vector<bool>& delivered, std::vector<double>& net_by_line,
                                   ReplicateValues& values) const {
  const auto index = static_cast<std::size_t>(y);
  const std::size_t cells = now.gross.size();
  auto& gross = values.arrays[quantity_.spend_gross];
  auto& income = values.arrays[quantity_.spend_income];
  auto& net = values.arrays[quantity_.spend_net];
  for (int line = 0; line < now.lines; ++line) {
    const double share = accounts_->income_share(line);
    for (int s = 0; s < now.settings; ++s) {
      for (int d = 0; d < now.districts; ++d) {
        const std::size_t cell = index * cells + now.at(line, s, d);
        gross[cell] = now.gross[now.at(line, s, d)];
        income[cell] = gross[cell] * share;
        net[cell] = gross[cell] - income[cell];
      }
    }
  }
  const auto lines = static_cast<std::size_t>(now.lines);
  constexpr std::size_t components = 7;
  auto& bridge = values.arrays[quantity_.mtfp_bridge];
  for (int line = 0; line < now.lines; ++line) {
    const auto l = static_cast<std::size_t>(line);
    const double keep = 1.0 - accounts_->income_share(line);
    auto sum = [&](const std::vector<double>& by_index) { return (by_index[l * 3] + by_index[l * 3 + 1] + by_index[l * 3 + 2]) * keep; };
    const double saved = savings_in(year, line, delivered);
    const double unpriced = money_->unpriced_net_costs[l];
    const double total = sum(now.gross_by_index) + now.other_costs[l] + unpriced - saved;
    // The year before at its own prices: a simulated year's this-year prices,
    // or the run rate's last-year prices.
    const double before_total = (before_simulated ? sum(before.gross_by_index) + before.other_costs[l]
                                                  : sum(before.gross_by_index_last) + before.other_costs_last[l]) + unpriced -
                                (before_simulated ? savings_in(year - 1, line, delivered) : 0.0);
    const bool first = y == 0;
    const double base = first ? money_->base_budget[l] : net_by_line[l];
    const double rebase = first ? before_total - money_->base_budget[l] : 0.0;
    const double pay = (now.gross_by_index[l * 3] - now.gross_by_index_last[l * 3]) * keep + now.other_costs[l] - now.other_costs_last[l];
    const double contract = (now.gross_by_index[l * 3 + 1] - now.gross_by_index_last[l * 3 + 1]) * keep;
    const double policy = -(saved - (before_simulated ? savings_in(year - 1, line, delivered) : 0.0));
    const double demand = total - base - rebase - pay - contract - policy;
    const double parts[components] = {base, rebase, pay, contract, demand, policy, total};
    std::copy(parts, parts + components, bridge.begin() + static_cast<std::ptrdiff_t>((index * lines + l) * components));

    values.arrays[quantity_.other_costs][index * lines + l] = now.other_costs[l];
    values.arrays[quantity_.net_spend][index * lines + l] = total;
    const double budgeted = money_->budget[l].at(year);
    values.arrays[quantity_.budget][index * lines + l] = budgeted;
    values.arrays[quantity_.overspend][index * lines + l] = std::max(0.0, total - budgeted);
    values.arrays[quantity_.overspend_occurred][index * lines + l] = total > budgeted ? 1.0 : 0.0;
    net_by_line[l] = total;
  }
  for (std::size_t g = 0; g < money_->grants.size(); ++g) {
    values.arrays[quantity_.grants][index * money_->grants.size() + g] = money_->grants[g].amounts.at(year);
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
  const auto& capacity = model_->care.capacity;
  auto& occupied = values.arrays[quantity_.occupied_places];
  auto& occupancy = values.arrays[quantity_.occupancy];
  for (int s = 0; s < totals.settings; ++s) {
    for (int d = 0; d < totals.districts; ++d) {
      const std::size_t cell = index * static_cast<std::size_t>(totals.settings * totals.districts) + totals.at(s, d);
      occupied[cell] = totals.occupied_days[totals.at(s, d)] / days;
      const double places = capacity[static_cast<std::size_t>(s)][static_cast<std::size_t>(d)];
      occupancy[cell] = std::isfinite(places) && places > 0.0 ? occupied[cell] / places : 0.0;
    }
  }
}

void Simulation::run_replicate(std::int64_t replicate, ReplicateValues& values) const {
  values.reset(layout_);
  const auto replicate_id = static_cast<std::uint64_t>(replicate);
  RandomEngine demography = make_stream(scenario_.seed, replicate_id, StreamPurpose::demography);
  RandomEngine need = make_stream(scenario_.seed, replicate_id, StreamPurpose::need);
  RandomEngine careers = make_stream(scenario_.seed, replicate_id, StreamPurpose::care);
  RandomEngine caseload = make_stream(scenario_.seed, replicate_id, StreamPurpose::care, 1);

  const CareModel& care_model = model_->care;
  const std::size_t districts = model_->districts.size();
  const std::size_t bands = model_->population.age_bands.size();
  const int adult = population_plan_.adult_age();
  PopulationState population(population_plan_);
  population.initialise(demography);
  CareEngine care(care_model, population_plan_);
  CareYearTotals totals;

  // Money: which cash savings this replicate delivers (one draw each, in
  // order, from their own stream), and the year before's money.
  std::vector<bool> delivered;
  YearMoney money_now;
  YearMoney money_before;
  bool before_simulated = false;
  std::vector<double> net_by_line(money_ ? model_->budget_lines.size() : 0, 0.0);
  if (money_) {
    RandomEngine savings = make_stream(scenario_.seed, replicate_id, StreamPurpose::levers, 0);
    for (const CashSaving& saving : money_->savings) {
      delivered.push_back(boost::random::uniform_01<double>()(savings) < saving.delivery_probability);
    }
  }
  // Care levers draw from a stream of their own, so adding a cash saving never
  // changes which levers a replicate delivers.
  std::vector<bool> levers_delivered;
  RandomEngine lever_draws = make_stream(scenario_.seed, replicate_id, StreamPurpose::levers, 1);
  for (const Lever& lever : levers_) {
    levers_delivered.push_back(boost::random::uniform_01<double>()(lever_draws) < lever.delivery_probability);
  }

  auto& population_out = values.arrays[quantity_.population];
  auto& deaths_out = values.arrays[quantity_.population_deaths];
  auto add_by_band = [&](std::vector<double>& out, int y, bool deaths) {
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
  };

  for (int year = population.year(); year <= scenario_.end_year(); ++year) {
    const int y = year - scenario_.start_year;
    if (year == care_model.caseload_year) {
      care.start(population, caseload);
      if (money_) {
        CareYearTotals run_rate;
        care.run_rate(financial_year_days(year - 1), population, run_rate);
        accounts_->price(year, run_rate, money_before);
      }
    }
    if (y >= 0) add_by_band(population_out, y, false);
    if (year >= care_model.caseload_year) {
      care.set_policy(policy_for_year(levers_, levers_delivered, need_growth_, scenario_.start_year, year,
                                      static_cast<int>(care_model.client_groups.size())));
      care.run_year(year, population, need, careers, totals);
      if (y >= 0) record_care_year(y, year, totals, values);
      if (money_) {
        accounts_->price(year, totals, money_now);
        if (y >= 0) record_money_year(y, year, money_now, money_before, before_simulated, delivered, net_by_line, values);
        std::swap(money_now, money_before);
        before_simulated = true;
      }
    }
    // The step to the next mid-year; its deaths fall mostly in this year.
    population.advance(demography);
    if (y >= 0) add_by_band(deaths_out, y, true);
  }
}

}  // namespace carecast
