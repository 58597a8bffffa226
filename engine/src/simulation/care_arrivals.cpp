// CareEngine's arrivals: the base caseload and the short-term support in
// progress at the caseload date, the front door, young people from
// children's services, and the base year's run rate.

#include <boost/random/exponential_distribution.hpp>

#include <algorithm>
#include <cmath>

#include "carecast/core/draws.h"
#include "carecast/simulation/care_engine.h"

namespace carecast {

void CareEngine::start(const PopulationState& population, RandomEngine& random) {
  set_policy({});
  events_processed_ = 0;
  people_.clear();
  market_.clear();
  places_opened_ = false;
  events_.clear();
  for (auto& list : waiting_) list.clear();
  unfollowed_.clear();

  const SelfFunderCapital* capital = rules_.capital();
  for (const CaseloadRow& row : model_->caseload) {
    const auto whole = static_cast<std::int64_t>(std::floor(row.count));
    const std::int64_t count = whole + (draw_uniform(random) < row.count - static_cast<double>(whole) ? 1 : 0);
    if (count == 0) continue;
    // Ages and sexes in proportion to the home district's population.
    cumulative_.clear();
    for (int s = 0; s < sex_count; ++s) {
      for (int age = row.min_age; age <= row.max_age; ++age) {
        const double previous = cumulative_.empty() ? 0.0 : cumulative_.back();
        cumulative_.push_back(CareRules::arrival_weight_through(previous, static_cast<double>(population.count(row.home_district, s, age))));
      }
    }
    const int ages = row.max_age - row.min_age + 1;
    for (std::int64_t i = 0; i < count; ++i) {
      const auto cell = static_cast<int>(draw_index(cumulative_, random));
      const int p = add_person(row.client_group, row.home_district, cell / ages, row.min_age + cell % ages);
      Person& person = people_[static_cast<std::size_t>(p)];
      person.setting = row.setting;
      person.location = row.location;
      person.self_funded = row.self_funded;
      person.active = true;
      if (model_->settings[static_cast<std::size_t>(row.setting)].hours) person.hours_per_week = draw_hours(random);
      // How long a self-funder has already paid is not known: what is left
      // is drawn as a new entrant's capital (docs/model.md, "Self-funders").
      if (row.self_funded && capital) {
        const double money = rules_.entrant_capital(person.age, draw_uniform(random));
        person.conversion_time = 7.0 * capital->weeks_to_limit(money, row.setting);
      }
      market_.occupy(row.setting, row.location);
    }
  }
  seed_short_term(population, random);
  fresh_start_ = true;
}

void CareEngine::count_clients_by_cell() {
  std::fill(clients_by_cell_.begin(), clients_by_cell_.end(), 0);
  for (const Person& person : people_) count_client(person);
}

double CareEngine::request_weights(const PopulationState& population, int district, int sex, int group) {
  const int adult = plan_->adult_age();
  const std::int64_t* clients =
      clients_by_cell_.data() + (static_cast<std::size_t>(district) * sex_count + static_cast<std::size_t>(sex)) *
                                    static_cast<std::size_t>(plan_->age_count());
  const double requests = rules_.request_weights(
      district, group,
      [&](int a) { return static_cast<double>(std::max<std::int64_t>(0, population.count(district, sex, adult + a) - clients[a])); },
      request_weights_);
  request_ages_built_ = false;
  return requests;
}

int CareEngine::add_short_term_client(int group, int district, int sex, double start, RandomEngine& random) {
  // Built only for the weights that have a client to draw.
  if (!request_ages_built_) request_ages_.build(request_weights_);
  request_ages_built_ = true;
  const int age = plan_->adult_age() + static_cast<int>(request_ages_.draw(random));
  const int index = add_person(group, district, sex, age);
  Person& person = people_[static_cast<std::size_t>(index)];
  person.pending_time = start;
  person.pending_setting = model_->short_term_setting;
  person.then_time = start + boost::random::exponential_distribution<double>(1.0 / model_->short_term_mean_days)(random);
  person.then_setting = rules_.draw_entry(group, age, draw_uniform(random));
  return index;
}

void CareEngine::seed_short_term(const PopulationState& population, RandomEngine& random) {
  // At the caseload date people are part way through short-term support: as
  // many as a year's episodes times their mean length over a year (Little's
  // law), each with an exponential time still to run (memoryless).
  const CareModel& model = *model_;
  const double in_progress = rules_.short_term_in_progress();
  const double onward = rules_.onward_share();
  count_clients_by_cell();
  for (int d = 0; d < model.district_count; ++d) {
    for (int g = 0; g < static_cast<int>(model.client_groups.size()); ++g) {
      for (int s = 0; s < sex_count; ++s) {
        const double episodes = request_weights(population, d, s, g) * rules_.short_term_share() * in_progress;
        if (episodes <= 0.0) continue;
        unfollowed_.add_open(g, d, static_cast<double>(draw_poisson(random, episodes * (1.0 - onward))), request_weights_);
        const std::int64_t bound = draw_poisson(random, episodes * onward);
        for (std::int64_t i = 0; i < bound; ++i) {
          const int index = add_short_term_client(g, d, s, 0.0, random);
          Person& person = people_[static_cast<std::size_t>(index)];
          person.active = true;
          person.setting = model.short_term_setting;
          person.pending_time = person.then_time;
          person.pending_setting = person.then_setting;
          person.then_time = -1.0;
          person.then_setting = -1;
        }
      }
    }
  }
}

void CareEngine::arrive_from_front_door(const PopulationState& population, RandomEngine& random, CareYearTotals& totals) {
  const CareModel& model = *model_;
  const CareRules::ShortTermCarry carry = rules_.short_term_carry(days_);
  const double onward = rules_.onward_share();
  const auto groups = static_cast<int>(model.client_groups.size());
  arriving_.clear();
  for (int d = 0; d < model.district_count; ++d) {
    for (int g = 0; g < groups; ++g) {
      std::int64_t short_term_episodes = 0;
      for (int s = 0; s < sex_count; ++s) {
        const std::int64_t requests = draw_poisson(random, request_weights(population, d, s, g));
        totals.requests[static_cast<std::size_t>(g * model.district_count + d)] += static_cast<double>(requests);
        const std::int64_t short_term = draw_binomial(random, requests, rules_.short_term_share());
        const std::int64_t long_term = draw_binomial(random, short_term, onward);
        short_term_episodes += short_term - long_term;
        unfollowed_.add_started(g, d, static_cast<double>(short_term - long_term), request_weights_);
        for (std::int64_t i = 0; i < long_term; ++i) {
          const int index = add_short_term_client(g, d, s, draw_uniform(random) * days_, random);
          if (arrives_when_drawn_[static_cast<std::size_t>(g)]) {
            arriving_.push_back(index);
          } else {
            schedule_pending(index);
          }
        }
      }
      totals.admissions[totals.at(model.short_term_setting, g, d)] += static_cast<double>(short_term_episodes);
      const std::span<const double> started = unfollowed_.started_by_age(g, d);
      for (std::size_t a = 0; a < started.size(); ++a) {
        totals.admissions_by_age[totals.age_at(model.short_term_setting, static_cast<int>(a))] += started[a];
      }
      const std::int64_t still_open_of_started = draw_binomial(random, short_term_episodes, carry.open_at_year_end);
      const auto carried = static_cast<std::int64_t>(unfollowed_.open(g, d));
      const std::int64_t still_open_of_carried = draw_binomial(random, carried, carry.still_open);
      unfollowed_.close_year(g, d, static_cast<double>(still_open_of_started), static_cast<double>(still_open_of_carried));
    }
  }
  // After every episode not followed is counted, as when each arrival was an
  // event of its own day: the admissions by age then add up in that order.
  constexpr std::size_t prefetch_distance = 8;
  for (std::size_t i = 0; i < arriving_.size(); ++i) {
    if (i + prefetch_distance < arriving_.size()) prefetch_person(arriving_[i + prefetch_distance]);
    const int index = arriving_[i];
    arrive(index, people_[static_cast<std::size_t>(index)].pending_time, random, totals);
  }
}

void CareEngine::arrive_from_childrens_services(const PopulationState& population, RandomEngine& random) {
  const CareModel& model = *model_;
  if (model.transitions.empty()) return;
  const std::int64_t arrivals = draw_poisson(random, model.transitions_per_year);
  const int adult = plan_->adult_age();
  cumulative_.clear();
  for (int d = 0; d < model.district_count; ++d) {
    for (int s = 0; s < sex_count; ++s) {
      const double previous = cumulative_.empty() ? 0.0 : cumulative_.back();
      cumulative_.push_back(CareRules::arrival_weight_through(previous, static_cast<double>(population.count(d, s, adult))));
    }
  }
  const std::vector<double>& mix = rules_.transition_mix();
  for (std::int64_t i = 0; i < arrivals; ++i) {
    const auto cell = static_cast<int>(draw_index(cumulative_, random));
    const auto& transition = model.transitions[draw_index(mix, random)];
    const int index = add_person(transition.client_group, cell / sex_count, cell % sex_count, adult);
    Person& person = people_[static_cast<std::size_t>(index)];
    person.pending_time = draw_uniform(random) * days_;
    person.pending_setting = transition.setting;
    schedule_pending(index);
  }
}

void CareEngine::run_rate(int days, const PopulationState& population, CareYearTotals& totals) {
  const CareModel& model = *model_;
  totals.reset(static_cast<int>(model.settings.size()), static_cast<int>(model.client_groups.size()), model.district_count,
               plan_->age_count());
  for (const Person& person : people_) {
    if (!person.active || person.self_funded || person.setting == model.short_term_setting) continue;
    const int age = person.age - plan_->adult_age();
    const bool outside = person.location == out_of_county;
    totals.care_days[totals.day_at(person.setting, person.client_group, age, person.home_district, outside)] += days;
    if (model.settings[static_cast<std::size_t>(person.setting)].hours) {
      const double hours = days * person.hours_per_week / 7.0;
      totals.homecare_hours_needed[totals.hours_at(person.client_group, age, person.home_district)] += hours;
      totals.homecare_hours[static_cast<std::size_t>(person.home_district)] += hours;
    }
  }
  count_clients_by_cell();
  for (int d = 0; d < model.district_count; ++d) {
    for (int g = 0; g < static_cast<int>(model.client_groups.size()); ++g) {
      for (int s = 0; s < sex_count; ++s) {
        totals.admissions[totals.at(model.short_term_setting, g, d)] +=
            request_weights(population, d, s, g) * rules_.short_term_share();
      }
    }
  }
}

}  // namespace carecast
