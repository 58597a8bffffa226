#include "carecast/simulation/expected_care.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "carecast/simulation/calendar.h"

namespace carecast {
ExpectedCareEngine::ExpectedCareEngine(const CareModel& model, const PopulationPlan& plan)
    : model_(&model),
      plan_(&plan),
      rules_(model),
      placement_(model),
      settings_(static_cast<int>(model.settings.size())),
      groups_(static_cast<int>(model.client_groups.size())),
      ages_(plan.age_count()),
      districts_(model.district_count),
      columns_(model.district_count * sex_count),
      locations_(model.district_count + 1),
      tracked_of_setting_(model.settings.size(), -1),
      unfollowed_(static_cast<int>(model.client_groups.size()), model.district_count, plan.age_count()) {
  for (int k = 0; k < settings_; ++k) {
    const bool followed = rules_.capital() && model.self_funding_setting[static_cast<std::size_t>(k)];
    clock_index_.push_back(followed ? static_cast<int>(clocked_settings_.size()) : -1);
    if (followed) clocked_settings_.push_back(k);
    levels_.push_back(followed ? 3 : 2);
    y_begin_.push_back(y_states_);
    y_states_ += levels_.back();
  }
  for (int k = 0; k < settings_; ++k) {
    if (placement_.has_places(k)) tracked_.push_back(k);
  }
  place_settings_ = static_cast<int>(tracked_.size());
  if (!placement_.has_places(model.hours_setting)) tracked_.push_back(model.hours_setting);
  tracked_begin_.push_back(0);
  for (std::size_t t = 0; t < tracked_.size(); ++t) {
    tracked_of_setting_[static_cast<std::size_t>(tracked_[t])] = static_cast<int>(t);
    tracked_begin_.push_back(tracked_begin_.back() + levels(tracked_[t]));
  }
  place_rows_ = tracked_begin_[static_cast<std::size_t>(place_settings_)];
  for (int g = 0; g < groups_; ++g) {
    GroupStates states;
    states.destinations = rules_.entry_settings(g);
    states.destination_of_setting.assign(model.settings.size(), -1);
    for (std::size_t j = 0; j < states.destinations.size(); ++j) {
      states.destination_of_setting[static_cast<std::size_t>(states.destinations[j])] = static_cast<int>(j);
    }
    states.people = y_states_ + static_cast<int>(states.destinations.size());
    states.states = states.people + tracked_begin_.back();
    group_states_.push_back(std::move(states));
  }
  const auto blocks = static_cast<std::size_t>(groups_ * ages_);
  for (int g = 0; g < groups_; ++g) {
    const GroupStates& states = group_states_[static_cast<std::size_t>(g)];
    for (int a = 0; a < ages_; ++a) {
      people_.push_back(Eigen::MatrixXd::Zero(states.people, columns_));
      inputs_.push_back(Eigen::MatrixXd::Zero(states.states, columns_));
    }
  }
  hours_.assign(blocks, Eigen::MatrixXd::Zero(levels(model.hours_setting), columns_));
  clients_by_cell_.assign(static_cast<std::size_t>(districts_ * sex_count * ages_), 0.0);
  placement_share_.assign(static_cast<std::size_t>(place_settings_ * districts_ * (locations_ + 1)), 0.0);
  full_share_.assign(static_cast<std::size_t>(place_settings_ * districts_), 0.0);
  waiting_.assign(blocks, Eigen::MatrixXd::Zero(place_settings_, columns_));
}

void ExpectedCareEngine::set_rates(const std::vector<RateFactor>& factors) {
  if (factors == rules_.rates()) return;
  propagators_stale_ = true;
  rules_.set_rates(factors);
}

void ExpectedCareEngine::set_policy(const CarePolicy& policy) {
  // Entry choices enter the arrivals, not the generator; extra moves are in it.
  if (!(policy.extra_moves == rules_.policy().extra_moves)) propagators_stale_ = true;
  rules_.set_policy(policy);
}

const std::vector<double>& ExpectedCareEngine::capacity_of(int setting) const {
  const auto& capacity = rules_.policy().capacity.empty() ? model_->capacity : rules_.policy().capacity;
  return capacity[static_cast<std::size_t>(setting)];
}

ExpectedCareEngine::Propagator ExpectedCareEngine::make_generator(int group, int age_offset, int days) const {
  const CareModel& model = *model_;
  const GroupStates& states = group_states_[static_cast<std::size_t>(group)];
  const int age = plan_->adult_age() + age_offset;
  Eigen::MatrixXd generator = Eigen::MatrixXd::Zero(states.states, states.states);
  Propagator made;
  made.exit_rate.assign(static_cast<std::size_t>(states.people), 0.0);
  made.death_rate.assign(static_cast<std::size_t>(states.people), 0.0);
  made.end_rate.assign(static_cast<std::size_t>(states.people), 0.0);
  made.admission_rate = Eigen::MatrixXd::Zero(y_states_, states.people);
  // A flow from state `from` (someone in `from_setting`, in funding state
  // `funding`) to `to`: another setting, a death, the end of care, or the
  // same place paid for by the council.
  std::vector<double> shares;
  auto add_flow = [&](int from, int from_setting, int funding, int to, double rate) {
    made.exit_rate[static_cast<std::size_t>(from)] += rate;
    generator(from, from) -= rate;
    if (to == move_death) made.death_rate[static_cast<std::size_t>(from)] += rate;
    if (to == move_end) made.end_rate[static_cast<std::size_t>(from)] += rate;
    if (to == funding_runs_out) {
      generator(y_state(from_setting, 0), from) += rate;
      return;
    }
    if (to < 0) return;
    funding_after(from_setting, funding, to, group, age, shares);
    for (int f = 0; f < levels(to); ++f) {
      const double part = rate * shares[static_cast<std::size_t>(f)];
      if (part == 0.0) continue;
      generator(y_state(to, f), from) += part;
      made.admission_rate(y_state(to, f), from) += part;
      const int tracked = tracked_of_setting_[static_cast<std::size_t>(to)];
      if (tracked >= 0) generator(w_state(group, tracked, f), from) += part;
    }
  };
  for (int setting = 0; setting < settings_; ++setting) {
    if (setting == model.short_term_setting) continue;
    for (int f = 0; f < levels(setting); ++f) {
      for (const CareRules::Exit& exit : rules_.exits(f > 0, setting, group, age)) {
        add_flow(y_state(setting, f), setting, f, exit.to, exit.per_year);
      }
    }
  }
  const double ending = rules_.short_term_ending_per_year(days);
  for (std::size_t j = 0; j < states.destinations.size(); ++j) {
    add_flow(st_state(static_cast<int>(j)), model.short_term_setting, 0, states.destinations[j], ending);
  }
  // Entrants followed by where they went: they leave as everyone in the
  // setting does, and running out of money keeps them in their place.
  for (std::size_t t = 0; t < tracked_.size(); ++t) {
    for (int f = 0; f < levels(tracked_[t]); ++f) {
      const int w = w_state(group, static_cast<int>(t), f);
      generator(w, w) = -made.exit_rate[static_cast<std::size_t>(y_state(tracked_[t], f))];
    }
    generator(w_state(group, static_cast<int>(t), 0), w_state(group, static_cast<int>(t), 1)) +=
        model.self_funded_depletion_per_year;
  }
  // Self-funders due this month convert; the place is kept.
  for (int setting = 0; setting < settings_; ++setting) {
    if (clock_index_[static_cast<std::size_t>(setting)] < 0) continue;
    const double rate = conversion_rate(setting);
    generator(y_state(setting, due), y_state(setting, due)) -= rate;
    generator(y_state(setting, 0), y_state(setting, due)) += rate;
    const int tracked = tracked_of_setting_[static_cast<std::size_t>(setting)];
    if (tracked < 0) continue;
    generator(w_state(group, tracked, due), w_state(group, tracked, due)) -= rate;
    generator(w_state(group, tracked, 0), w_state(group, tracked, due)) += rate;
  }
  made.generator = std::move(generator);
  return made;
}

void ExpectedCareEngine::exponentiate(Propagator& made) const {
  // Taylor series on a step short enough to converge fast, then doubled up
  // to a month: P(2s) = P P, Q(2s) = Q + P Q, R(2s) = R + s Q + P R.
  const Eigen::MatrixXd& generator = made.generator;
  const Eigen::Index states = generator.rows();
  const double norm = generator.cwiseAbs().colwise().sum().maxCoeff();
  double step = month_years;
  int doublings = 0;
  while (norm * step > 0.5) {
    step /= 2.0;
    ++doublings;
  }
  const Eigen::MatrixXd scaled = generator * step;
  Eigen::MatrixXd term = Eigen::MatrixXd::Identity(states, states);
  made.step = Eigen::MatrixXd::Zero(states, states);
  made.integral = Eigen::MatrixXd::Zero(states, states);
  made.double_integral = Eigen::MatrixXd::Zero(states, states);
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
  if (clock_) clock_->age_one_year(groups_, ages_);
  for (int g = 0; g < groups_; ++g) {
    const auto oldest = static_cast<std::size_t>(block(g, ages_ - 1));
    for (auto* stock : {&people_, &placed_, &hours_, &waiting_}) {
      (*stock)[oldest] += (*stock)[oldest - 1];
      for (int a = ages_ - 2; a >= 1; --a) {
        const auto to = static_cast<std::size_t>(block(g, a));
        (*stock)[to] = (*stock)[to - 1];
      }
      (*stock)[static_cast<std::size_t>(block(g, 0))].setZero();
    }
  }
  for (auto& hours : hours_) hours *= growth;
  unfollowed_.age_one_year();
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
                people(y_state(k, 0), column(d, s)) + self_funded_sum(k, [&](int f) { return people(y_state(k, f), column(d, s)); });
          }
        }
      }
    }
  }
}

double ExpectedCareEngine::request_weights(const ExpectedPopulation& population, int district, int sex, int group) {
  const int adult = plan_->adult_age();
  const double* clients = clients_by_cell_.data() + static_cast<std::size_t>((district * sex_count + sex) * ages_);
  return rules_.request_weights(
      district, group, [&](int a) { return std::max(0.0, population.count(district, sex, adult + a) - clients[a]); }, weights_);
}

void ExpectedCareEngine::enter_short_term(int group, int age_offset, int district, int sex, double per_year,
                                          Eigen::MatrixXd& into) const {
  const GroupStates& states = group_states_[static_cast<std::size_t>(group)];
  const std::span<const double> chosen = rules_.entry_probabilities(group, plan_->adult_age() + age_offset);
  for (std::size_t j = 0; j < states.destinations.size(); ++j) {
    const double share = chosen[static_cast<std::size_t>(states.destinations[j])];
    if (share > 0.0) into(st_state(static_cast<int>(j)), column(district, sex)) += per_year * share;
  }
}

void ExpectedCareEngine::arrive(int group, int age_offset, int district, int sex, int setting, double per_year) {
  Eigen::MatrixXd& inputs = inputs_[static_cast<std::size_t>(block(group, age_offset))];
  std::vector<double> shares;
  funding_after(-1, 0, setting, group, plan_->adult_age() + age_offset, shares);
  const int tracked = tracked_of_setting_[static_cast<std::size_t>(setting)];
  for (int f = 0; f < levels(setting); ++f) {
    const double part = per_year * shares[static_cast<std::size_t>(f)];
    inputs(y_state(setting, f), column(district, sex)) += part;
    if (tracked >= 0) inputs(w_state(group, tracked, f), column(district, sex)) += part;
  }
}

void ExpectedCareEngine::set_inputs(const ExpectedPopulation& population, int days, CareYearTotals& totals) {
  const CareModel& model = *model_;
  for (auto& inputs : inputs_) inputs.setZero();
  const CareRules::ShortTermCarry carry = rules_.short_term_carry(days);
  const double onward = rules_.onward_share();
  const int short_term = model.short_term_setting;
  for (int d = 0; d < districts_; ++d) {
    for (int g = 0; g < groups_; ++g) {
      for (int s = 0; s < sex_count; ++s) {
        const double requests = request_weights(population, d, s, g);
        totals.requests[static_cast<std::size_t>(g * districts_ + d)] += requests;
        const double episodes = requests * rules_.short_term_share();
        unfollowed_.add_started(g, d, episodes * (1.0 - onward), weights_);
        const double spread = std::accumulate(weights_.begin(), weights_.end(), 0.0);
        if (spread <= 0.0) continue;
        for (int a = 0; a < ages_; ++a) {
          const double share = weights_[static_cast<std::size_t>(a)] / spread;
          if (share > 0.0) enter_short_term(g, a, d, s, episodes * onward * share, inputs_[static_cast<std::size_t>(block(g, a))]);
        }
      }
      // Episodes counted, not followed, as CareEngine::arrive_from_front_door.
      totals.admissions[totals.at(short_term, g, d)] += unfollowed_.started(g, d);
      const std::span<const double> started = unfollowed_.started_by_age(g, d);
      for (int a = 0; a < ages_; ++a) totals.admissions_by_age[totals.age_at(short_term, a)] += started[static_cast<std::size_t>(a)];
      unfollowed_.close_year(g, d, unfollowed_.started(g, d) * carry.open_at_year_end, unfollowed_.open(g, d) * carry.still_open);
    }
  }
  if (model.transitions.empty()) return;
  const int adult = plan_->adult_age();
  double people_at_adult_age = 0.0;
  for (int d = 0; d < districts_; ++d) {
    for (int s = 0; s < sex_count; ++s) {
      people_at_adult_age = CareRules::arrival_weight_through(people_at_adult_age, population.count(d, s, adult));
    }
  }
  const std::vector<double>& mix = rules_.transition_mix();
  for (std::size_t k = 0; k < model.transitions.size(); ++k) {
    const auto& transition = model.transitions[k];
    const double share = transition.share / mix.back();
    for (int d = 0; d < districts_; ++d) {
      for (int s = 0; s < sex_count; ++s) {
        const double where = CareRules::arrival_weight(population.count(d, s, adult)) / people_at_adult_age;
        arrive(transition.client_group, 0, d, s, transition.setting, rules_.transitions_per_year() * where * share);
      }
    }
  }
}

void ExpectedCareEngine::run_year(int year, const ExpectedPopulation& population, CareYearTotals& totals) {
  if (caseload_unsettled_) settle_caseload();
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
  count_year_end(totals);
}

void ExpectedCareEngine::count_year_end(CareYearTotals& totals) const {
  const int short_term = model_->short_term_setting;
  for (int g = 0; g < groups_; ++g) {
    const GroupStates& states = group_states_[static_cast<std::size_t>(g)];
    for (int a = 0; a < ages_; ++a) {
      const auto b = static_cast<std::size_t>(block(g, a));
      const Eigen::MatrixXd& people = people_[b];
      for (int d = 0; d < districts_; ++d) {
        for (int j = 0; j < static_cast<int>(states.destinations.size()); ++j) {
          const double in_short_term = people(st_state(j), column(d, 0)) + people(st_state(j), column(d, 1));
          totals.clients[totals.at(short_term, g, d)] += in_short_term;
          totals.clients_by_age[totals.age_at(short_term, a)] += in_short_term;
        }
      }
      for (int k = 0; k < settings_; ++k) {
        if (k == short_term) continue;
        const int tracked = tracked_of_setting_[static_cast<std::size_t>(k)];
        for (int d = 0; d < districts_; ++d) {
          const double council = people(y_state(k, 0), column(d, 0)) + people(y_state(k, 0), column(d, 1));
          totals.clients[totals.at(k, g, d)] += council;
          totals.clients_by_age[totals.age_at(k, a)] += council;
          if (tracked >= 0 && tracked < place_settings_) {
            for (int s = 0; s < sex_count; ++s) {
              for (int l = 0; l < locations_; ++l) {
                const int where = l == districts_ ? d : l;
                const int cell = column(d, s) * locations_ + l;
                totals.self_funders[totals.at(k, where)] += self_funded_sum(k, [&](int f) { return placed_[b](tracked_row(tracked, f), cell); });
              }
            }
          } else {
            totals.self_funders[totals.at(k, d)] +=
                self_funded_sum(k, [&](int f) { return people(y_state(k, f), column(d, 0)) + people(y_state(k, f), column(d, 1)); });
          }
          if (tracked >= 0 && tracked < place_settings_) {
            totals.waiting[totals.at(k, g, d)] += waiting_[b](tracked, column(d, 0)) + waiting_[b](tracked, column(d, 1));
          }
        }
      }
    }
  }
  for (int g = 0; g < groups_; ++g) {
    for (int d = 0; d < districts_; ++d) {
      totals.clients[totals.at(short_term, g, d)] += unfollowed_.open(g, d);
      const std::span<const double> open = unfollowed_.open_by_age(g, d);
      for (int a = 0; a < ages_; ++a) totals.clients_by_age[totals.age_at(short_term, a)] += open[static_cast<std::size_t>(a)];
    }
  }
}

}  // namespace carecast
