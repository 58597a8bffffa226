#include "carecast/run/replicate_recorder.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "carecast/core/number_text.h"
#include "carecast/money/inflation_sensitivity.h"
#include "carecast/simulation/calendar.h"
#include "carecast/simulation/expected_population.h"
#include "carecast/simulation/population.h"

namespace carecast {
namespace {

constexpr std::size_t absent = std::numeric_limits<std::size_t>::max();

void copy_into(std::vector<double>& out, std::size_t offset, const std::vector<double>& values) {
  std::copy(values.begin(), values.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
}

}  // namespace

ReplicateRecorder::ReplicateRecorder(const LoadedScenario& loaded, const PopulationPlan& plan)
    : years_{loaded.model->care.caseload_year, loaded.scenario.start_year, loaded.scenario.end_year()},
      districts_(loaded.model->districts.size()),
      age_bands_(loaded.model->population.age_bands.size()),
      adult_age_(plan.adult_age()),
      oldest_age_(plan.oldest_age()) {
  for (int age = adult_age_; age <= oldest_age_; ++age) age_band_of_age_.push_back(loaded.model->age_band_of(age));
  for (const CareSetting& setting : loaded.model->care.settings) has_places_.push_back(setting.has_places());
  hours_setting_ = loaded.model->care.hours_setting;
  add_dimensions(loaded);
  add_quantities(layout_, QuantityPresence::always);
  if (loaded.scenario.count_waiting) add_quantities(layout_, QuantityPresence::with_waiting_count);
  add_assumptions(loaded);
  if (loaded.inputs.money) add_money(loaded);
  for (const QuantityEntry& entry : quantity_table()) {
    slots_.push_back(has_quantity(layout_, entry.id) ? quantity_index(layout_, entry.id) : absent);
  }
}

void ReplicateRecorder::add_dimensions(const LoadedScenario& loaded) {
  const Model& model = *loaded.model;
  Dimension year{"year", "financial year, labelled by the calendar year it starts in (2024 = April 2024 to March 2025)", {}, {}};
  for (int y : loaded.scenario.years()) year.numbers.push_back(y);
  layout_.add_dimension(year);
  layout_.add_dimension({"district", "district (of residence, or of the bed or place where the quantity says so)", model.district_names(), {}});
  layout_.add_dimension({"sex", "sex", {std::string(sex_labels[0]), std::string(sex_labels[1])}, {}});
  layout_.add_dimension({"age_band", "age band in completed years", model.age_band_labels(), {}});
  layout_.add_dimension({"setting", "care setting (ids from the model)", model.care.setting_ids(), {}});
  layout_.add_dimension({"client_group", "client group (ids from the model)", model.care.client_group_ids(), {}});
  layout_.add_dimension({"placement", "where a bed or place is: in the county or outside it", {"in_county", "out_of_county"}, {}});
  // What the reports need to know of each setting and group without the
  // model: its name, and which settings are care homes or long-term care.
  std::vector<std::string> setting_names, setting_kinds, setting_terms, group_names;
  for (const CareSetting& setting : model.care.settings) {
    setting_names.push_back(setting.name);
    setting_kinds.emplace_back(setting_kind_name(setting.kind));
    setting_terms.emplace_back(setting.long_term ? "long_term" : "short_term");
  }
  for (const ClientGroup& group : model.care.client_groups) group_names.push_back(group.name);
  layout_.add_label_notes({"setting_name", "setting", "the setting's name in the model", setting_names});
  layout_.add_label_notes({"setting_kind", "setting",
                           "the model's kind of each setting: care_home (a bed in a residential, nursing or step-down home), "
                           "accommodation (a bed or place outside a care home), community or short_term",
                           setting_kinds});
  layout_.add_label_notes({"setting_term", "setting",
                           "long_term when the council counts its people as receiving a long-term service, else short_term",
                           setting_terms});
  layout_.add_label_notes({"client_group_name", "client_group", "the client group's name in the model", group_names});
}

void ReplicateRecorder::add_assumptions(const LoadedScenario& loaded) {
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
  // Model error: where each client group's random walk of need has taken
  // its multiplier by the last year, so the ranking of what drives the
  // spread weighs it beside the stated assumptions.
  if (loaded.drifts_need()) {
    const auto groups = loaded.model->care.client_group_ids();
    for (std::size_t g = 0; g < groups.size(); ++g) {
      assumption.labels.push_back("demand.need_drift." + groups[g]);
      drawn_from.push_back("random walk of need, yearly log change sd " + shortest_text(loaded.inputs.need_drift[g]) +
                           " (at the median): need's multiplier in the last year");
      written_at.emplace_back();
    }
  }
  if (assumption.labels.empty()) return;
  layout_.add_dimension(assumption);
  layout_.add_label_notes({"assumption_distribution", "assumption", "what each assumption is drawn from", drawn_from});
  layout_.add_label_notes({"assumption_location", "assumption", "where the scenario gives it (file:line:column)", written_at});
  add_quantities(layout_, QuantityPresence::with_assumptions);
}

void ReplicateRecorder::add_money(const LoadedScenario& loaded) {
  std::vector<std::string> lines;
  for (const auto& line : loaded.model->budget_lines) lines.push_back(line.id);
  std::vector<std::string> grant_names;
  for (const auto& grant : loaded.inputs.money->grants) grant_names.push_back(grant.name);
  layout_.add_dimension({"budget_line", "budget line of the council's Medium Term Financial Plan", lines, {}});
  std::vector<std::string> line_names;
  for (const auto& line : loaded.model->budget_lines) line_names.push_back(line.name);
  layout_.add_label_notes({"budget_line_name", "budget_line", "the budget line's name in the model", line_names});
  layout_.add_dimension({"grant", "grant received as income", grant_names, {}});
  layout_.add_dimension({"bridge_component", "part of the year-on-year bridge of net spending",
                         {bridge_component_ids.begin(), bridge_component_ids.end()}, {}});
  layout_.add_dimension({"inflation_change", "one percentage point more pay, contract or care wage inflation, in the year alone or in every year from the first",
                         {inflation_change_ids.begin(), inflation_change_ids.end()}, {}});
  add_quantities(layout_, QuantityPresence::with_money);
  if (loaded.inputs.money->unreconciled_mode != Unreconciled::none) add_quantities(layout_, QuantityPresence::with_reconciliation);
  if (loaded.inputs.money->buys_unmet_homecare) add_quantities(layout_, QuantityPresence::with_homecare_premium);
}

bool ReplicateRecorder::records(QuantityId id) const { return slots_[static_cast<std::size_t>(id)] != absent; }

std::vector<double>& ReplicateRecorder::array(QuantityId id, ReplicateValues& values) const {
  return values.arrays[slots_[static_cast<std::size_t>(id)]];
}

void ReplicateRecorder::record_care_year(int y, int year, const CareYearTotals& totals, ReplicateValues& values) const {
  const auto index = static_cast<std::size_t>(y);
  for (const auto& [id, source] : {std::pair{QuantityId::clients, &totals.clients},
                                   std::pair{QuantityId::admissions, &totals.admissions},
                                   std::pair{QuantityId::deaths, &totals.deaths},
                                   std::pair{QuantityId::care_ended, &totals.care_ended},
                                   std::pair{QuantityId::moves_out, &totals.moves_out},
                                   std::pair{QuantityId::bed_nights, &totals.bed_nights},
                                   std::pair{QuantityId::self_funder_bed_nights, &totals.self_funder_bed_nights},
                                   std::pair{QuantityId::homecare_hours, &totals.homecare_hours},
                                   std::pair{QuantityId::unmet_homecare_hours, &totals.unmet_homecare_hours},
                                   std::pair{QuantityId::out_of_area_placements, &totals.out_of_area_placements},
                                   std::pair{QuantityId::self_funders, &totals.self_funders},
                                   std::pair{QuantityId::self_funder_conversions, &totals.self_funder_conversions},
                                   std::pair{QuantityId::requests, &totals.requests}}) {
    copy_into(array(id, values), index * source->size(), *source);
  }
  for (const auto& [id, source] : {std::pair{QuantityId::clients_by_age_band, &totals.clients_by_age},
                                   std::pair{QuantityId::admissions_by_age_band, &totals.admissions_by_age}}) {
    auto& out = array(id, values);
    for (int s = 0; s < totals.settings; ++s) {
      for (int a = 0; a < totals.ages; ++a) {
        const auto band = static_cast<std::size_t>(age_band_of_age_[static_cast<std::size_t>(a)]);
        out[(index * static_cast<std::size_t>(totals.settings) + static_cast<std::size_t>(s)) * age_bands_ + band] +=
            (*source)[totals.age_at(s, a)];
      }
    }
  }
  if (records(QuantityId::people_waiting)) copy_into(array(QuantityId::people_waiting, values), index * totals.waiting.size(), totals.waiting);
  record_occupancy(index, year, totals, values);
  record_nights_by_group(index, totals, values);
}

void ReplicateRecorder::record_occupancy(std::size_t y, int year, const CareYearTotals& totals, ReplicateValues& values) const {
  const double days = financial_year_days(year);
  auto& occupied = array(QuantityId::occupied_places, values);
  auto& occupancy = array(QuantityId::occupancy, values);
  auto& capacity = array(QuantityId::capacity, values);
  for (int s = 0; s < totals.settings; ++s) {
    for (int d = 0; d < totals.districts; ++d) {
      const std::size_t cell = y * static_cast<std::size_t>(totals.settings * totals.districts) + totals.at(s, d);
      // The workforce's capacity is hours a week, so what it is used by is
      // the hours delivered in an average week.
      occupied[cell] = s == hours_setting_ ? totals.homecare_hours[static_cast<std::size_t>(d)] * 7.0 / days
                                           : totals.occupied_days[totals.at(s, d)] / days;
      const double places = totals.capacity[totals.at(s, d)];
      const bool limited = std::isfinite(places);
      capacity[cell] = limited ? places : 0.0;
      occupancy[cell] = limited && places > 0.0 ? occupied[cell] / places : 0.0;
    }
  }
}

void ReplicateRecorder::record_nights_by_group(std::size_t y, const CareYearTotals& totals, ReplicateValues& values) const {
  auto& out = array(QuantityId::bed_nights_by_client_group, values);
  const auto groups = static_cast<std::size_t>(totals.groups);
  for (int s = 0; s < totals.settings; ++s) {
    if (!has_places_[static_cast<std::size_t>(s)]) continue;
    for (int g = 0; g < totals.groups; ++g) {
      const std::size_t row = ((y * static_cast<std::size_t>(totals.settings) + static_cast<std::size_t>(s)) * groups +
                               static_cast<std::size_t>(g)) * 2;
      for (int a = 0; a < totals.ages; ++a) {
        for (int d = 0; d < totals.districts; ++d) {
          out[row] += totals.care_days[totals.day_at(s, g, a, d, false)];
          out[row + 1] += totals.care_days[totals.day_at(s, g, a, d, true)];
        }
      }
    }
  }
}

template <typename Population>
void ReplicateRecorder::record_population(int y, const Population& population, bool deaths, ReplicateValues& values) const {
  auto& out = array(deaths ? QuantityId::population_deaths : QuantityId::population, values);
  for (std::size_t d = 0; d < districts_; ++d) {
    for (int s = 0; s < sex_count; ++s) {
      const std::size_t row = ((static_cast<std::size_t>(y) * districts_ + d) * sex_count + static_cast<std::size_t>(s)) * age_bands_;
      for (int age = adult_age_; age <= oldest_age_; ++age) {
        const auto band = static_cast<std::size_t>(age_band_of_age_[static_cast<std::size_t>(age - adult_age_)]);
        const auto people = deaths ? population.deaths(static_cast<int>(d), s, age) : population.count(static_cast<int>(d), s, age);
        out[row + band] += static_cast<double>(people);
      }
    }
  }
}

template void ReplicateRecorder::record_population(int, const PopulationState&, bool, ReplicateValues&) const;
template void ReplicateRecorder::record_population(int, const ExpectedPopulation&, bool, ReplicateValues&) const;

void ReplicateRecorder::record_assumptions(const std::vector<double>& drawn, const std::vector<double>& savings_delivered,
                                           const std::vector<double>& levers_delivered,
                                           const std::vector<std::vector<double>>& need_drift_path, ReplicateValues& values) const {
  if (!records(QuantityId::assumptions)) return;
  auto& out = array(QuantityId::assumptions, values);
  std::copy(drawn.begin(), drawn.end(), out.begin());
  std::size_t column = drawn.size();
  for (const std::size_t k : varying_savings_) out[column++] = savings_delivered[k];
  for (const std::size_t k : varying_levers_) out[column++] = levers_delivered[k];
  for (const std::vector<double>& path : need_drift_path) out[column++] = std::exp(path.back());
  while (column < out.size()) out[column++] = 1.0;
}

void ReplicateRecorder::record_money(const MoneyAssumptions& money, const PriceBook& prices, const PassMoney& full,
                                     const PassMoney& without_policy, const std::vector<double>& savings_delivered,
                                     ReplicateValues& values) const {
  auto& gross = array(QuantityId::spend_gross, values);
  auto& income = array(QuantityId::spend_income, values);
  auto& net = array(QuantityId::spend_net, values);
  auto& grants = array(QuantityId::grants, values);
  for (int year = years_.first; year <= years_.last; ++year) {
    const auto y = static_cast<std::size_t>(year - years_.first);
    const YearMoney& now = full.years[static_cast<std::size_t>(year - years_.caseload_year)];
    const std::size_t cells = now.gross.size();
    for (std::size_t k = 0; k < cells; ++k) {
      gross[y * cells + k] = now.gross[k];
      income[y * cells + k] = now.income[k];
      net[y * cells + k] = now.gross[k] - now.income[k];
    }
    for (std::size_t g = 0; g < money.grants.size(); ++g) grants[y * money.grants.size() + g] = money.grants[g].amounts.at(year);
    if (records(QuantityId::homecare_premium_spend)) {
      copy_into(array(QuantityId::homecare_premium_spend, values), y * now.homecare_premium.size(), now.homecare_premium);
    }
  }
  const std::vector<LineYearMoney> lines = money_by_line(money, full, without_policy, savings_delivered, years_);
  auto& bridge = array(QuantityId::mtfp_bridge, values);
  for (std::size_t k = 0; k < lines.size(); ++k) {
    const LineYearMoney& line = lines[k];
    std::copy(line.bridge.begin(), line.bridge.end(), bridge.begin() + static_cast<std::ptrdiff_t>(k * bridge_component_count));
    array(QuantityId::other_costs, values)[k] = line.other_costs;
    if (money.unreconciled_mode != Unreconciled::none) array(QuantityId::unreconciled, values)[k] = line.unreconciled;
    array(QuantityId::net_spend, values)[k] = line.net_spend();
    array(QuantityId::budget, values)[k] = line.budget;
    array(QuantityId::overspend, values)[k] = line.overspend;
    array(QuantityId::overspend_occurred, values)[k] = line.overspent ? 1.0 : 0.0;
    array(QuantityId::savings_delivered, values)[k] = line.savings;
  }
  copy_into(array(QuantityId::spend_per_inflation_point, values), 0, spend_per_inflation_point(money, prices, full, years_));
}

}  // namespace carecast
