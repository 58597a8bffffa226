#include "carecast/simulation/expected_care.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "carecast/simulation/calendar.h"

namespace carecast {
namespace {

constexpr int months = 12;
constexpr double month = 1.0 / months;  // in years: every rate is per year

// Probabilities of each entry setting as CareEngine draws them: the first
// setting whose cumulative share exceeds a uniform draw, the last one when
// none does.
std::vector<double> entry_probabilities(const std::vector<double>& shares, const CareModel& model, double care_home_factor) {
  std::vector<double> adjusted(shares.size(), 0.0);
  double diverted = 0.0;
  for (std::size_t k = 0; k < shares.size(); ++k) {
    if (model.settings[k].kind == SettingKind::care_home) diverted += shares[k] * (1.0 - care_home_factor);
  }
  for (std::size_t k = 0; k < shares.size(); ++k) {
    adjusted[k] = model.settings[k].kind == SettingKind::care_home ? shares[k] * care_home_factor : shares[k];
    if (static_cast<int>(k) == model.hours_setting) adjusted[k] += diverted;
  }
  std::vector<double> probability(shares.size(), 0.0);
  double cumulative = 0.0;
  int last = -1;
  for (std::size_t k = 0; k < adjusted.size(); ++k) {
    if (adjusted[k] <= 0.0) continue;
    const double before = std::min(cumulative, 1.0);
    cumulative += adjusted[k];
    probability[k] = std::min(cumulative, 1.0) - before;
    last = static_cast<int>(k);
  }
  if (last >= 0) probability[static_cast<std::size_t>(last)] += 1.0 - std::min(cumulative, 1.0);
  return probability;
}

}  // namespace

ExpectedCareEngine::ExpectedCareEngine(const CareModel& model, const PopulationPlan& plan)
    : model_(&model),
      plan_(&plan),
      settings_(static_cast<int>(model.settings.size())),
      groups_(static_cast<int>(model.client_groups.size())),
      ages_(plan.age_count()),
      districts_(model.district_count),
      columns_(model.district_count * sex_count),
      locations_(model.district_count + 1),
      y_states_(2 * static_cast<int>(model.settings.size())),
      tracked_of_setting_(model.settings.size(), -1) {
  for (int k = 0; k < settings_; ++k) {
    if (model.settings[static_cast<std::size_t>(k)].has_places()) tracked_.push_back(k);
  }
  place_settings_ = static_cast<int>(tracked_.size());
  if (!model.settings[static_cast<std::size_t>(model.hours_setting)].has_places()) tracked_.push_back(model.hours_setting);
  for (std::size_t t = 0; t < tracked_.size(); ++t) tracked_of_setting_[static_cast<std::size_t>(tracked_[t])] = static_cast<int>(t);
  states_ = y_states_ + 2 * static_cast<int>(tracked_.size());
  const auto blocks = static_cast<std::size_t>(groups_ * ages_);
  people_.assign(blocks, Eigen::MatrixXd::Zero(y_states_, columns_));
  placed_.assign(blocks, Eigen::MatrixXd::Zero(2 * place_settings_, columns_ * locations_));
  hours_.assign(blocks, Eigen::MatrixXd::Zero(2, columns_));
  inputs_.assign(blocks, Eigen::MatrixXd::Zero(states_, columns_));
  short_term_carried_.assign(static_cast<std::size_t>(groups_ * districts_), 0.0);
  clients_by_cell_.assign(static_cast<std::size_t>(districts_ * sex_count * ages_), 0.0);
  placement_share_.assign(static_cast<std::size_t>(place_settings_ * districts_ * (locations_ + 1)), 0.0);
}

void ExpectedCareEngine::set_policy(const CarePolicy& policy) {
  if (!(policy.extra_moves == policy_.extra_moves && policy.care_home_entry_factor == policy_.care_home_entry_factor)) {
    propagators_stale_ = true;
  }
  policy_ = policy;
}

const std::vector<double>& ExpectedCareEngine::capacity_of(int setting) const {
  const auto& capacity = policy_.capacity.empty() ? model_->capacity : policy_.capacity;
  return capacity[static_cast<std::size_t>(setting)];
}

double ExpectedCareEngine::self_funded_after(int from, int self_funded, int to, int group) const {
  const CareModel& model = *model_;
  if (!model.self_funding_setting[static_cast<std::size_t>(to)] || !model.self_funding_group[static_cast<std::size_t>(group)]) {
    return 0.0;
  }
  if (from >= 0 && model.self_funding_setting[static_cast<std::size_t>(from)]) return self_funded;
  return model.self_funded_entrant_share;
}

ExpectedCareEngine::Propagator ExpectedCareEngine::make_generator(int group, int age_offset, int days) const {
  const CareModel& model = *model_;
  const int age = plan_->adult_age() + age_offset;
  Eigen::MatrixXd generator = Eigen::MatrixXd::Zero(states_, states_);
  Propagator made;
  made.exit_rate.assign(static_cast<std::size_t>(y_states_), 0.0);
  made.death_rate.assign(static_cast<std::size_t>(y_states_), 0.0);
  made.end_rate.assign(static_cast<std::size_t>(y_states_), 0.0);
  std::vector<double>& exit_rate = made.exit_rate;
  auto add_flow = [&](int from_setting, int self_funded, int to_setting, double rate) {
    const int from = y_state(from_setting, self_funded);
    exit_rate[static_cast<std::size_t>(from)] += rate;
    generator(from, from) -= rate;
    if (to_setting == move_death) made.death_rate[static_cast<std::size_t>(from)] += rate;
    if (to_setting == move_end) made.end_rate[static_cast<std::size_t>(from)] += rate;
    if (to_setting < 0) return;
    const double funded_share = self_funded_after(from_setting, self_funded, to_setting, group);
    for (const int funded : {0, 1}) {
      const double part = rate * (funded == 1 ? funded_share : 1.0 - funded_share);
      if (part == 0.0) continue;
      generator(y_state(to_setting, funded), from) += part;
      const int tracked = tracked_of_setting_[static_cast<std::size_t>(to_setting)];
      if (tracked >= 0) generator(w_state(tracked, funded), from) += part;
    }
  };
  const double factor = policy_.care_home_entry_factor.empty() ? 1.0 : policy_.care_home_entry_factor[static_cast<std::size_t>(group)];
  const std::vector<double> entry = entry_probabilities(
      model.entry_share[static_cast<std::size_t>(group)][static_cast<std::size_t>(age_offset)], model, factor);
  for (int setting = 0; setting < settings_; ++setting) {
    for (const int funded : {0, 1}) {
      if (setting == model.short_term_setting) {
        const double leaving = static_cast<double>(days) / model.short_term_mean_days;
        for (int k = 0; k < settings_; ++k) {
          if (entry[static_cast<std::size_t>(k)] > 0.0) add_flow(setting, funded, k, leaving * entry[static_cast<std::size_t>(k)]);
        }
        continue;
      }
      for (const MoveRate& move : model.moves_from(setting, group, age)) {
        add_flow(setting, funded, move.to, move.per_year);
      }
      for (const ExtraMove& move : policy_.extra_moves) {
        if (move.from_setting == setting && (move.client_group < 0 || move.client_group == group)) {
          add_flow(setting, funded, move.to_setting, move.per_year);
        }
      }
      if (funded == 1 && model.self_funded_depletion_per_year > 0.0) {
        const int from = y_state(setting, 1);
        generator(y_state(setting, 0), from) += model.self_funded_depletion_per_year;
        generator(from, from) -= model.self_funded_depletion_per_year;
        exit_rate[static_cast<std::size_t>(from)] += model.self_funded_depletion_per_year;
      }
    }
  }
  // Entrants followed by where they went: they leave as everyone in the
  // setting does, and running out of money keeps them in their place.
  for (std::size_t t = 0; t < tracked_.size(); ++t) {
    for (const int funded : {0, 1}) {
      const int w = w_state(static_cast<int>(t), funded);
      generator(w, w) = -exit_rate[static_cast<std::size_t>(y_state(tracked_[t], funded))];
    }
    generator(w_state(static_cast<int>(t), 0), w_state(static_cast<int>(t), 1)) += model.self_funded_depletion_per_year;
  }

  made.admission_rate = generator.topLeftCorner(y_states_, y_states_);
  made.admission_rate.diagonal().setZero();
  for (int setting = 0; setting < settings_; ++setting) {
    made.admission_rate(y_state(setting, 0), y_state(setting, 1)) -= model.self_funded_depletion_per_year;
  }

  made.generator = std::move(generator);
  return made;
}

void ExpectedCareEngine::exponentiate(Propagator& made) const {
  // Taylor series on a step short enough to converge fast, then doubled up
  // to a month: P(2s) = P P, Q(2s) = Q + P Q, R(2s) = R + s Q + P R.
  const Eigen::MatrixXd& generator = made.generator;
  const double norm = generator.cwiseAbs().colwise().sum().maxCoeff();
  double step = month;
  int doublings = 0;
  while (norm * step > 0.5) {
    step /= 2.0;
    ++doublings;
  }
  const Eigen::MatrixXd scaled = generator * step;
  Eigen::MatrixXd term = Eigen::MatrixXd::Identity(states_, states_);
  made.step = Eigen::MatrixXd::Zero(states_, states_);
  made.integral = Eigen::MatrixXd::Zero(states_, states_);
  made.double_integral = Eigen::MatrixXd::Zero(states_, states_);
  constexpr int terms = 18;
  for (int n = 0; n < terms; ++n) {
    made.step += term;
    made.integral += (step / (n + 1)) * term;
    made.double_integral += (step * step / ((n + 1.0) * (n + 2.0))) * term;
    term = (term * scaled) / static_cast<double>(n + 1);
  }
  for (int d = 0; d < doublings; ++d) {
    made.double_integral = made.double_integral + step * made.integral + made.step * made.double_integral;
    made.integral = made.integral + made.step * made.integral;
    made.step = made.step * made.step;
    step *= 2.0;
  }
}

void ExpectedCareEngine::build_propagators(int days) {
  propagators_.clear();
  propagators_.reserve(static_cast<std::size_t>(groups_ * ages_));
  for (int g = 0; g < groups_; ++g) {
    for (int a = 0; a < ages_; ++a) {
      Propagator made = make_generator(g, a, days);
      // Rates are mostly by age band: an age whose generator equals the one
      // before shares its exponential, the costly part.
      if (a > 0 && made.generator == propagators_.back().generator) {
        propagators_.push_back(propagators_.back());
      } else {
        exponentiate(made);
        propagators_.push_back(std::move(made));
      }
    }
  }
  propagator_days_ = days;
  propagators_stale_ = false;
}

void ExpectedCareEngine::age_one_year() {
  const double growth = 1.0 + model_->homecare_annual_change;
  for (int g = 0; g < groups_; ++g) {
    const auto oldest = static_cast<std::size_t>(block(g, ages_ - 1));
    people_[oldest] += people_[oldest - 1];
    placed_[oldest] += placed_[oldest - 1];
    hours_[oldest] += hours_[oldest - 1];
    for (int a = ages_ - 2; a >= 1; --a) {
      const auto to = static_cast<std::size_t>(block(g, a));
      people_[to] = people_[to - 1];
      placed_[to] = placed_[to - 1];
      hours_[to] = hours_[to - 1];
    }
    const auto youngest = static_cast<std::size_t>(block(g, 0));
    people_[youngest].setZero();
    placed_[youngest].setZero();
    hours_[youngest].setZero();
  }
  for (auto& hours : hours_) hours *= growth;
}

void ExpectedCareEngine::count_clients_by_cell() {
  std::fill(clients_by_cell_.begin(), clients_by_cell_.end(), 0.0);
  for (int g = 0; g < groups_; ++g) {
    for (int a = 0; a < ages_; ++a) {
      const Eigen::MatrixXd& people = people_[static_cast<std::size_t>(block(g, a))];
      for (int k = 0; k < settings_; ++k) {
        if (k == model_->short_term_setting) continue;
        for (int d = 0; d < districts_; ++d) {
          for (int s = 0; s < sex_count; ++s) {
            clients_by_cell_[static_cast<std::size_t>((d * sex_count + s) * ages_ + a)] +=
                people(y_state(k, 0), column(d, s)) + people(y_state(k, 1), column(d, s));
          }
        }
      }
    }
  }
}

double ExpectedCareEngine::request_weights(const ExpectedPopulation& population, int district, int sex, int group) {
  const int adult = plan_->adult_age();
  const auto& rates = model_->request_rate[static_cast<std::size_t>(group)];
  weights_.assign(static_cast<std::size_t>(ages_), 0.0);
  double total = 0.0;
  for (int a = 0; a < ages_; ++a) {
    const double clients = clients_by_cell_[static_cast<std::size_t>((district * sex_count + sex) * ages_ + a)];
    const double eligible = std::max(0.0, population.count(district, sex, adult + a) - clients);
    weights_[static_cast<std::size_t>(a)] = rates[static_cast<std::size_t>(a)] * eligible;
    total += weights_[static_cast<std::size_t>(a)];
  }
  return total * model_->district_need[static_cast<std::size_t>(district)] * policy_.need_multiplier;
}

void ExpectedCareEngine::start(const ExpectedPopulation& population) {
  const CareModel& model = *model_;
  set_policy({});
  for (auto& people : people_) people.setZero();
  for (auto& placed : placed_) placed.setZero();
  for (auto& hours : hours_) hours.setZero();
  std::fill(short_term_carried_.begin(), short_term_carried_.end(), 0.0);
  const int adult = plan_->adult_age();
  for (const CaseloadRow& row : model.caseload) {
    double total_weight = 0.0;
    for (int s = 0; s < sex_count; ++s) {
      for (int age = row.min_age; age <= row.max_age; ++age) total_weight += population.count(row.home_district, s, age) + 1e-9;
    }
    const int tracked = tracked_of_setting_[static_cast<std::size_t>(row.setting)];
    const int location = row.location == out_of_county ? districts_ : row.location;
    const int funded = row.self_funded ? 1 : 0;
    for (int s = 0; s < sex_count; ++s) {
      for (int age = row.min_age; age <= row.max_age; ++age) {
        const double mass = row.count * (population.count(row.home_district, s, age) + 1e-9) / total_weight;
        const auto b = static_cast<std::size_t>(block(row.client_group, age - adult));
        const int col = column(row.home_district, s);
        people_[b](y_state(row.setting, funded), col) += mass;
        if (tracked >= 0 && tracked < place_settings_) placed_[b](2 * tracked + funded, col * locations_ + location) += mass;
        if (row.setting == model.hours_setting) hours_[b](funded, col) += mass * model.homecare_mean_hours;
      }
    }
  }
  // Short-term support in progress at the caseload date (CareEngine::seed_short_term).
  const double in_progress = model.short_term_mean_days / 365.0;
  const double onward = (1.0 - std::min(1.0, model.no_further_need_share)) * model.long_term_share_of_further_need;
  count_clients_by_cell();
  for (int d = 0; d < districts_; ++d) {
    for (int g = 0; g < groups_; ++g) {
      for (int s = 0; s < sex_count; ++s) {
        const double episodes = request_weights(population, d, s, g) * model.short_term_share * in_progress;
        if (episodes <= 0.0) continue;
        short_term_carried_[static_cast<std::size_t>(g * districts_ + d)] += episodes * (1.0 - onward);
        const double spread = std::accumulate(weights_.begin(), weights_.end(), 0.0);
        for (int a = 0; a < ages_; ++a) {
          people_[static_cast<std::size_t>(block(g, a))](y_state(model.short_term_setting, 0), column(d, s)) +=
              episodes * onward * weights_[static_cast<std::size_t>(a)] / spread;
        }
      }
    }
  }
  fresh_start_ = true;
}

void ExpectedCareEngine::place(const std::vector<double>& demand, const std::vector<double>& occupancy,
                               const std::vector<double>& leaving) {
  const CareModel& model = *model_;
  std::vector<double> room(static_cast<std::size_t>(districts_));
  for (int p = 0; p < place_settings_; ++p) {
    const int setting = tracked_[static_cast<std::size_t>(p)];
    const CareSetting& kind = model.settings[static_cast<std::size_t>(setting)];
    const auto& capacity = capacity_of(setting);
    for (int l = 0; l < districts_; ++l) {
      const auto cell = static_cast<std::size_t>(p * districts_ + l);
      room[static_cast<std::size_t>(l)] = std::isfinite(capacity[static_cast<std::size_t>(l)])
                                              ? std::max(0.0, capacity[static_cast<std::size_t>(l)] - occupancy[cell] + leaving[cell])
                                              : std::numeric_limits<double>::infinity();
    }
    std::vector<double> left(static_cast<std::size_t>(districts_));
    auto share = [&](int d, int location) -> double& {
      return placement_share_[static_cast<std::size_t>((p * districts_ + d) * (locations_ + 1) + location)];
    };
    for (int d = 0; d < districts_; ++d) {
      for (int l = 0; l <= locations_; ++l) share(d, l) = 0.0;
      share(d, districts_) = kind.out_of_county_share;
      const double wanted = demand[static_cast<std::size_t>(p * districts_ + d)] * (1.0 - kind.out_of_county_share);
      const double taken = std::min(wanted, room[static_cast<std::size_t>(d)]);
      room[static_cast<std::size_t>(d)] -= taken;
      left[static_cast<std::size_t>(d)] = wanted - taken;
      const double total = demand[static_cast<std::size_t>(p * districts_ + d)];
      share(d, d) = total > 0.0 ? taken / total : 1.0 - kind.out_of_county_share;
    }
    for (int d = 0; d < districts_; ++d) {
      const double total = demand[static_cast<std::size_t>(p * districts_ + d)];
      for (const int neighbour : model.neighbours[static_cast<std::size_t>(d)]) {
        const double taken = std::min(left[static_cast<std::size_t>(d)], room[static_cast<std::size_t>(neighbour)]);
        if (taken <= 0.0) continue;
        room[static_cast<std::size_t>(neighbour)] -= taken;
        left[static_cast<std::size_t>(d)] -= taken;
        share(d, neighbour) += taken / total;
      }
      if (total <= 0.0) continue;
      const int unplaced = kind.when_full == WhenFull::wait ? locations_ : districts_;
      share(d, unplaced) += left[static_cast<std::size_t>(d)] / total;
    }
  }
}

double ExpectedCareEngine::long_term_count() const {
  double count = 0.0;
  for (const auto& people : people_) {
    for (int k = 0; k < settings_; ++k) {
      if (k == model_->short_term_setting) continue;
      count += people.row(y_state(k, 0)).sum() + people.row(y_state(k, 1)).sum();
    }
  }
  return count;
}

void ExpectedCareEngine::set_inputs(const ExpectedPopulation& population, int days, CareYearTotals& totals) {
  const CareModel& model = *model_;
  for (auto& inputs : inputs_) inputs.setZero();
  const double mean_days = model.short_term_mean_days;
  const double open_at_year_end = mean_days / days * (1.0 - std::exp(-days / mean_days));
  const double still_open = std::exp(-days / mean_days);
  const double no_further = std::min(1.0, model.no_further_need_share + policy_.no_further_need_increase);
  const double onward = (1.0 - no_further) * model.long_term_share_of_further_need;
  const int short_term = model.short_term_setting;
  auto arrive = [&](int group, int age_offset, int district, int sex, int setting, double per_year) {
    Eigen::MatrixXd& inputs = inputs_[static_cast<std::size_t>(block(group, age_offset))];
    const double funded_share = self_funded_after(-1, 0, setting, group);
    const int tracked = tracked_of_setting_[static_cast<std::size_t>(setting)];
    for (const int funded : {0, 1}) {
      const double part = per_year * (funded == 1 ? funded_share : 1.0 - funded_share);
      inputs(y_state(setting, funded), column(district, sex)) += part;
      if (tracked >= 0) inputs(w_state(tracked, funded), column(district, sex)) += part;
    }
  };
  for (int d = 0; d < districts_; ++d) {
    for (int g = 0; g < groups_; ++g) {
      double not_followed = 0.0;
      for (int s = 0; s < sex_count; ++s) {
        const double requests = request_weights(population, d, s, g);
        totals.requests[static_cast<std::size_t>(g * districts_ + d)] += requests;
        const double episodes = requests * model.short_term_share;
        not_followed += episodes * (1.0 - onward);
        const double spread = std::accumulate(weights_.begin(), weights_.end(), 0.0);
        if (spread <= 0.0) continue;
        for (int a = 0; a < ages_; ++a) {
          const double share = weights_[static_cast<std::size_t>(a)] / spread;
          if (share > 0.0) arrive(g, a, d, s, short_term, episodes * onward * share);
        }
      }
      // Episodes counted, not followed, as CareEngine::arrive_from_front_door.
      const auto cell = static_cast<std::size_t>(g * districts_ + d);
      totals.admissions[totals.at(short_term, g, d)] += not_followed;
      short_term_carried_[cell] = not_followed * open_at_year_end + short_term_carried_[cell] * still_open;
    }
  }
  if (model.transitions.empty()) return;
  const int adult = plan_->adult_age();
  double people_at_adult_age = 0.0;
  for (int d = 0; d < districts_; ++d) {
    for (int s = 0; s < sex_count; ++s) people_at_adult_age += population.count(d, s, adult) + 1e-9;
  }
  double shares = 0.0;
  for (const auto& transition : model.transitions) shares += transition.share;
  for (const auto& transition : model.transitions) {
    for (int d = 0; d < districts_; ++d) {
      for (int s = 0; s < sex_count; ++s) {
        const double where = (population.count(d, s, adult) + 1e-9) / people_at_adult_age;
        arrive(transition.client_group, 0, d, s, transition.setting,
               model.transitions_per_year * where * transition.share / shares);
      }
    }
  }
}

void ExpectedCareEngine::run_year(int year, const ExpectedPopulation& population, CareYearTotals& totals) {
  const CareModel& model = *model_;
  const int days = financial_year_days(year);
  totals.reset(settings_, groups_, districts_, ages_);
  if (!fresh_start_) age_one_year();
  fresh_start_ = false;
  if (propagators_stale_ || days != propagator_days_) build_propagators(days);
  count_clients_by_cell();
  set_inputs(population, days, totals);
  for (int m = 0; m < months; ++m) run_month(days, totals);
  for (int s = 0; s < settings_; ++s) {
    for (int d = 0; d < districts_; ++d) totals.capacity[totals.at(s, d)] = capacity_of(s)[static_cast<std::size_t>(d)];
  }

  for (int g = 0; g < groups_; ++g) {
    for (int a = 0; a < ages_; ++a) {
      const auto b = static_cast<std::size_t>(block(g, a));
      const Eigen::MatrixXd& people = people_[b];
      for (int k = 0; k < settings_; ++k) {
        const int tracked = tracked_of_setting_[static_cast<std::size_t>(k)];
        for (int d = 0; d < districts_; ++d) {
          const double council = people(y_state(k, 0), column(d, 0)) + people(y_state(k, 0), column(d, 1));
          totals.clients[totals.at(k, g, d)] += council;
          totals.clients_by_age[totals.age_at(k, a)] += council;
          if (tracked >= 0 && tracked < place_settings_) {
            for (int s = 0; s < sex_count; ++s) {
              for (int l = 0; l < locations_; ++l) {
                const int where = l == districts_ ? d : l;
                totals.self_funders[totals.at(k, where)] += placed_[b](2 * tracked + 1, column(d, s) * locations_ + l);
              }
            }
          } else {
            totals.self_funders[totals.at(k, d)] += people(y_state(k, 1), column(d, 0)) + people(y_state(k, 1), column(d, 1));
          }
        }
      }
    }
  }
  for (int g = 0; g < groups_; ++g) {
    for (int d = 0; d < districts_; ++d) {
      totals.clients[totals.at(model.short_term_setting, g, d)] += short_term_carried_[static_cast<std::size_t>(g * districts_ + d)];
    }
  }
}

void ExpectedCareEngine::run_month(int days, CareYearTotals& totals) {
  const CareModel& model = *model_;
  const auto blocks = static_cast<std::size_t>(groups_ * ages_);
  const int tracked_states = states_ - y_states_;
  const int place_states = 2 * place_settings_;
  month_end_.resize(blocks);
  month_integral_.resize(blocks);
  month_entries_.resize(blocks);
  std::vector<double> demand(static_cast<std::size_t>(place_settings_ * districts_), 0.0);
  std::vector<double> occupancy(demand.size(), 0.0);
  std::vector<double> leaving(demand.size(), 0.0);
  Eigen::MatrixXd start(states_, columns_);
  for (std::size_t b = 0; b < blocks; ++b) {
    const Propagator& propagator = propagators_[b];
    start.setZero();
    start.topRows(y_states_) = people_[b];
    month_end_[b] = propagator.step * start + propagator.integral * inputs_[b];
    month_integral_[b] = propagator.integral * start + propagator.double_integral * inputs_[b];
    month_entries_[b] = propagator.generator.block(y_states_, 0, tracked_states, y_states_) * month_integral_[b].topRows(y_states_) +
                        inputs_[b].bottomRows(tracked_states) * month;
    const Eigen::MatrixXd staying =
        propagator.step.block(y_states_, y_states_, place_states, place_states) * placed_[b];
    for (int p = 0; p < place_settings_; ++p) {
      for (int d = 0; d < districts_; ++d) {
        for (int s = 0; s < sex_count; ++s) {
          demand[static_cast<std::size_t>(p * districts_ + d)] +=
              month_entries_[b](2 * p, column(d, s)) + month_entries_[b](2 * p + 1, column(d, s));
          for (int l = 0; l < districts_; ++l) {
            const int col = column(d, s) * locations_ + l;
            const double now = placed_[b](2 * p, col) + placed_[b](2 * p + 1, col);
            occupancy[static_cast<std::size_t>(p * districts_ + l)] += now;
            leaving[static_cast<std::size_t>(p * districts_ + l)] += now - staying(2 * p, col) - staying(2 * p + 1, col);
          }
        }
      }
    }
  }
  place(demand, occupancy, leaving);

  const double depletion = model.self_funded_depletion_per_year;
  const int hours_setting = model.hours_setting;
  const int hours_tracked = tracked_of_setting_[static_cast<std::size_t>(hours_setting)];
  const double new_hours = model.homecare_mean_hours * policy_.homecare_hours_factor;
  homecare_needed_.assign(static_cast<std::size_t>(districts_), 0.0);
  for (int g = 0; g < groups_; ++g) {
    for (int a = 0; a < ages_; ++a) {
      const auto b = static_cast<std::size_t>(block(g, a));
      const Propagator& propagator = propagators_[b];
      Eigen::MatrixXd& end = month_end_[b];
      const Eigen::MatrixXd& integral = month_integral_[b];
      const Eigen::MatrixXd& entries = month_entries_[b];
      const auto people_integral = integral.topRows(y_states_);
      Eigen::MatrixXd admitted = propagator.admission_rate * people_integral + inputs_[b].topRows(y_states_) * month;

      // Places: the stock there already, and this month's entrants by where they were placed.
      const auto step_places = propagator.step.block(y_states_, y_states_, place_states, place_states);
      const auto integral_places = propagator.integral.block(y_states_, y_states_, place_states, place_states);
      Eigen::MatrixXd placed_end = step_places * placed_[b];
      Eigen::MatrixXd placed_integral = integral_places * placed_[b];
      Eigen::MatrixXd placed_entries = Eigen::MatrixXd::Zero(place_states, columns_ * locations_);
      Eigen::MatrixXd waiting_hours = Eigen::MatrixXd::Zero(2, columns_);
      for (int p = 0; p < place_settings_; ++p) {
        const int setting = tracked_[static_cast<std::size_t>(p)];
        for (int d = 0; d < districts_; ++d) {
          for (int s = 0; s < sex_count; ++s) {
            const int col = column(d, s);
            for (int l = 0; l < locations_; ++l) {
              const double share = share_placed(p, d, l);
              if (share == 0.0) continue;
              for (const int funded : {0, 1}) {
                placed_end(2 * p + funded, col * locations_ + l) += share * end(w_state(p, funded), col);
                placed_integral(2 * p + funded, col * locations_ + l) += share * integral(w_state(p, funded), col);
                placed_entries(2 * p + funded, col * locations_ + l) += share * entries(2 * p + funded, col);
              }
            }
            // Entrants who found no place wait at home with homecare
            // (an approximation: the Monte Carlo keeps a waiting list).
            const double unplaced = share_placed(p, d, locations_);
            if (unplaced == 0.0) continue;
            for (const int funded : {0, 1}) {
              const double waiting = unplaced * end(w_state(p, funded), col);
              end(y_state(setting, funded), col) -= waiting;
              end(y_state(hours_setting, 0), col) += waiting;
              waiting_hours(0, col) += waiting * new_hours;
              const double turned_away = unplaced * entries(2 * p + funded, col);
              admitted(y_state(setting, funded), col) -= turned_away;
              admitted(y_state(hours_setting, 0), col) += turned_away;
            }
          }
        }
      }

      // Flows of council-funded people, by setting and home district.
      for (int k = 0; k < settings_; ++k) {
        const int council = y_state(k, 0);
        const int self = y_state(k, 1);
        const double moving = propagator.exit_rate[static_cast<std::size_t>(council)] -
                              propagator.death_rate[static_cast<std::size_t>(council)] -
                              propagator.end_rate[static_cast<std::size_t>(council)];
        for (int d = 0; d < districts_; ++d) {
          const double time_in = people_integral(council, column(d, 0)) + people_integral(council, column(d, 1));
          const double self_time_in = people_integral(self, column(d, 0)) + people_integral(self, column(d, 1));
          const double admissions = admitted(council, column(d, 0)) + admitted(council, column(d, 1));
          totals.deaths[totals.at(k, g, d)] += propagator.death_rate[static_cast<std::size_t>(council)] * time_in;
          totals.care_ended[totals.at(k, g, d)] += propagator.end_rate[static_cast<std::size_t>(council)] * time_in;
          if (k != model.short_term_setting) totals.moves_out[totals.at(k, g, d)] += moving * time_in;
          totals.self_funder_conversions[totals.at(k, d)] += depletion * self_time_in;
          totals.admissions[totals.at(k, g, d)] += admissions;
          totals.admissions_by_age[totals.age_at(k, a)] += admissions;
          const int tracked = tracked_of_setting_[static_cast<std::size_t>(k)];
          if (tracked >= 0 && tracked < place_settings_) continue;
          // Nights counted at midnights: a spell starting at a random time
          // gains half a night on average over its length, one ending at a
          // random time loses half.
          const double midnights = 0.5 * (admissions + depletion * self_time_in -
                                          propagator.exit_rate[static_cast<std::size_t>(council)] * time_in);
          totals.care_days[totals.day_at(k, g, a, d, false)] += time_in * days + midnights;
        }
      }
      for (int p = 0; p < place_settings_; ++p) {
        const int setting = tracked_[static_cast<std::size_t>(p)];
        const double council_exit = propagator.exit_rate[static_cast<std::size_t>(y_state(setting, 0))];
        const double self_exit = propagator.exit_rate[static_cast<std::size_t>(y_state(setting, 1))] - depletion;
        for (int d = 0; d < districts_; ++d) {
          for (int s = 0; s < sex_count; ++s) {
            const int col = column(d, s);
            for (int l = 0; l < locations_; ++l) {
              const int cell = col * locations_ + l;
              const bool outside = l == districts_;
              const double council_time = placed_integral(2 * p, cell);
              const double self_time = placed_integral(2 * p + 1, cell);
              const double council_nights =
                  council_time * days + 0.5 * (placed_entries(2 * p, cell) + depletion * self_time - council_exit * council_time);
              totals.care_days[totals.day_at(setting, g, a, d, outside)] += council_nights;
              totals.bed_nights[totals.bed_at(setting, outside ? d : l, outside)] += council_nights;
              if (!outside) {
                totals.occupied_days[totals.at(setting, l)] +=
                    (council_time + self_time) * days +
                    0.5 * (placed_entries(2 * p, cell) + placed_entries(2 * p + 1, cell) - council_exit * council_time -
                           self_exit * self_time);
              } else {
                totals.out_of_area_placements[totals.at(setting, d)] += placed_entries(2 * p, cell);
              }
            }
          }
        }
      }
      placed_[b] = std::move(placed_end);

      // Homecare hours: the hours of those already receiving it, and of this
      // month's new packages at the mean size.
      if (hours_tracked >= 0) {
        const int first = w_state(hours_tracked, 0);
        const auto step_hours = propagator.step.block(first, first, 2, 2);
        const auto integral_hours = propagator.integral.block(first, first, 2, 2);
        const Eigen::MatrixXd hours_integral = integral_hours * hours_[b] + new_hours * integral.middleRows(first, 2);
        hours_[b] = step_hours * hours_[b] + new_hours * end.middleRows(first, 2) + waiting_hours;
        const double council_exit = propagator.exit_rate[static_cast<std::size_t>(y_state(hours_setting, 0))];
        const double self_exit = propagator.exit_rate[static_cast<std::size_t>(y_state(hours_setting, 1))] - depletion;
        for (int d = 0; d < districts_; ++d) {
          for (int s = 0; s < sex_count; ++s) {
            const int col = column(d, s);
            const double council_hours = hours_integral(0, col);
            const double self_hours = hours_integral(1, col);
            const double council_new = new_hours * entries(2 * hours_tracked, col);
            const double self_new = new_hours * entries(2 * hours_tracked + 1, col);
            totals.homecare_hours_needed[totals.hours_at(g, a, d)] +=
                (council_hours * days + 0.5 * (council_new + depletion * self_hours - council_exit * council_hours)) / 7.0;
            homecare_needed_[static_cast<std::size_t>(d)] +=
                ((council_hours + self_hours) * days +
                 0.5 * (council_new + self_new - council_exit * council_hours - self_exit * self_hours)) / 7.0;
          }
        }
      }
      people_[b] = end.topRows(y_states_);
    }
  }
  // The workforce supplies capacity/7 hours a day; within a month need is
  // taken as steady (the Monte Carlo compares day by day).
  const auto& supply = capacity_of(hours_setting);
  for (int d = 0; d < districts_; ++d) {
    const double needed = homecare_needed_[static_cast<std::size_t>(d)];
    const double available = supply[static_cast<std::size_t>(d)] / 7.0 * days * month;
    const double given = std::min(needed, available);
    totals.homecare_hours[static_cast<std::size_t>(d)] += given;
    totals.unmet_homecare_hours[static_cast<std::size_t>(d)] += needed - given;
  }
}

void ExpectedCareEngine::run_rate(int days, const ExpectedPopulation& population, CareYearTotals& totals) {
  const CareModel& model = *model_;
  totals.reset(settings_, groups_, districts_, ages_);
  const int hours_tracked = tracked_of_setting_[static_cast<std::size_t>(model.hours_setting)];
  for (int g = 0; g < groups_; ++g) {
    for (int a = 0; a < ages_; ++a) {
      const auto b = static_cast<std::size_t>(block(g, a));
      for (int k = 0; k < settings_; ++k) {
        if (k == model.short_term_setting) continue;
        const int tracked = tracked_of_setting_[static_cast<std::size_t>(k)];
        for (int d = 0; d < districts_; ++d) {
          for (int s = 0; s < sex_count; ++s) {
            const int col = column(d, s);
            if (tracked >= 0 && tracked < place_settings_) {
              for (int l = 0; l < locations_; ++l) {
                totals.care_days[totals.day_at(k, g, a, d, l == districts_)] += placed_[b](2 * tracked, col * locations_ + l) * days;
              }
            } else {
              totals.care_days[totals.day_at(k, g, a, d, false)] += people_[b](y_state(k, 0), col) * days;
            }
          }
        }
      }
      if (hours_tracked < 0) continue;
      for (int d = 0; d < districts_; ++d) {
        for (int s = 0; s < sex_count; ++s) {
          const double hours = days * hours_[b](0, column(d, s)) / 7.0;
          totals.homecare_hours_needed[totals.hours_at(g, a, d)] += hours;
          totals.homecare_hours[static_cast<std::size_t>(d)] += hours;
        }
      }
    }
  }
  count_clients_by_cell();
  for (int d = 0; d < districts_; ++d) {
    for (int g = 0; g < groups_; ++g) {
      for (int s = 0; s < sex_count; ++s) {
        totals.admissions[totals.at(model.short_term_setting, g, d)] += request_weights(population, d, s, g) * model.short_term_share;
      }
    }
  }
}

}  // namespace carecast
