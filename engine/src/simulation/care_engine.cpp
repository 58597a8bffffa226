#include "carecast/simulation/care_engine.h"

#include <boost/random/exponential_distribution.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "carecast/core/draws.h"
#include "carecast/simulation/calendar.h"

namespace carecast {
namespace {

// floor(time): times are days since 1 April, never negative, and truncation
// is floor for them; it is a single instruction where std::floor is a library
// call on the baseline x86-64 this is built for (close_spell runs it twice for
// every spell).
double midnight_count(double time) {
  return time >= 0.0 ? static_cast<double>(static_cast<std::int64_t>(time)) : std::floor(time);
}

}  // namespace

CareEngine::CareEngine(const CareModel& model, const PopulationPlan& plan)
    : model_(&model),
      plan_(&plan),
      rules_(model),
      market_(model),
      waiting_(model.settings.size()),
      unfollowed_(static_cast<int>(model.client_groups.size()), model.district_count, plan.age_count()),
      clients_by_cell_(static_cast<std::size_t>(model.district_count) * sex_count * static_cast<std::size_t>(plan.age_count()), 0) {
  for (const CareSetting& setting : model.settings) {
    setting_traits_.push_back({setting.has_places(), setting.hours, setting.out_of_county_share > 0.0});
  }
  const SettingTraits short_term = setting_traits_[static_cast<std::size_t>(model.short_term_setting)];
  const bool meets_no_one = !short_term.has_places && !short_term.hours && !short_term.sent_out_of_county;
  for (int group = 0; group < static_cast<int>(model.client_groups.size()); ++group) {
    arrives_when_drawn_.push_back(meets_no_one &&
                                  rules_.funding_on_entry(-1, model.short_term_setting, group) == EntryFunding::council);
  }
}

void CareEngine::set_rates(const std::vector<RateFactor>& factors) { rules_.set_rates(factors); }

void CareEngine::set_policy(const CarePolicy& policy) {
  rules_.set_policy(policy);
  if (market_.set_capacity(policy.capacity)) places_opened_ = true;
}

std::int64_t CareEngine::long_term_count() const {
  std::int64_t count = 0;
  for (const auto& person : people_) {
    if (person.active && person.setting != model_->short_term_setting) ++count;
  }
  return count;
}

void CareEngine::prefetch_person(int index) const {
  // A record may straddle two cache lines.
  const char* record = reinterpret_cast<const char*>(&people_[static_cast<std::size_t>(index)]);
  __builtin_prefetch(record);
  __builtin_prefetch(record + sizeof(Person) - 1);
}

int CareEngine::add_person(int group, int home_district, int sex, int age) {
  Person person;
  person.client_group = group;
  person.home_district = home_district;
  person.location = home_district;
  person.sex = sex;
  person.age = age;
  people_.push_back(person);
  return static_cast<int>(people_.size()) - 1;
}

float CareEngine::draw_hours(RandomEngine& random) const {
  const double shape = rules_.package_shape();
  return static_cast<float>(rules_.package_factor() * draw_gamma(random, shape, rules_.package_mean_hours() / shape));
}

void CareEngine::push(double time, int person) {
  events_.push(time, person, people_[static_cast<std::size_t>(person)].version);
}

void CareEngine::schedule_hazard(int index, double now, RandomEngine& random) {
  const Person& person = people_[static_cast<std::size_t>(index)];
  if (!person.active || person.setting == model_->short_term_setting || person.pending_time >= 0.0) return;
  run_exit_clock(index, now, boost::random::exponential_distribution<double>(1.0)(random));
}

void CareEngine::resume_hazard(int index, RandomEngine& random) {
  const float clock = people_[static_cast<std::size_t>(index)].exit_clock;
  if (clock >= 0.0F) {
    run_exit_clock(index, 0.0, clock);
  } else {
    schedule_hazard(index, 0.0, random);
  }
}

void CareEngine::run_exit_clock(int index, double now, double hazard_left) {
  Person& person = people_[static_cast<std::size_t>(index)];
  const double days = static_cast<double>(days_);
  const double per_day = rules_.exit_rate_per_day(person.self_funded, person.setting, person.client_group, person.age);
  double time = per_day > 0.0 ? now + hazard_left / per_day : std::numeric_limits<double>::infinity();
  // Whichever comes first, the competing hazards or the capital running out
  // (after which the clock starts again, the hazards being memoryless).
  if (person.conversion_time >= 0.0) time = std::min(time, person.conversion_time);
  if (time < days) {
    person.exit_clock = -1.0F;
    push(time, index);
  } else {
    person.exit_clock = static_cast<float>(std::max(0.0, hazard_left - per_day * (days - now)));
  }
}

void CareEngine::schedule_pending(int index) {
  const Person& person = people_[static_cast<std::size_t>(index)];
  if (person.pending_time >= 0.0 && person.pending_time < days_) push(person.pending_time, index);
}

inline void CareEngine::close_spell(int index, double time, CareYearTotals& totals) {
  Person& person = people_[static_cast<std::size_t>(index)];
  const double days = midnight_count(time) - midnight_count(person.spell_start);
  const SettingTraits traits = setting_traits_[static_cast<std::size_t>(person.setting)];
  if (days > 0) {
    const bool outside = person.location == out_of_county;
    if (traits.has_places) {
      if (!outside) totals.occupied_days[totals.at(person.setting, person.location)] += days;
      auto& nights = person.self_funded ? totals.self_funder_bed_nights : totals.bed_nights;
      nights[totals.bed_at(person.setting, outside ? person.home_district : person.location, outside)] += days;
    }
    if (!person.self_funded) {
      const int age = person.age - plan_->adult_age();
      totals.care_days[totals.day_at(person.setting, person.client_group, age, person.home_district, outside)] += days;
      if (traits.hours) {
        totals.homecare_hours_needed[totals.hours_at(person.client_group, age, person.home_district)] +=
            days * person.hours_per_week / 7.0;
      }
    }
  }
  if (traits.hours) {
    market_.add_homecare(person.home_district, static_cast<int>(person.spell_start), static_cast<int>(time), person.hours_per_week);
  }
  person.spell_start = time;
}

void CareEngine::enter(int index, int setting, double day, RandomEngine& random, CareYearTotals& totals, bool admission) {
  Person& person = people_[static_cast<std::size_t>(index)];
  const SettingTraits target = setting_traits_[static_cast<std::size_t>(setting)];
  const bool chosen_outside = target.sent_out_of_county && market_.sent_out_of_county(setting, draw_uniform(random));
  const int location = chosen_outside ? out_of_county : market_.choose_location(setting, person.home_district);
  if (location == no_place) {
    // Wait where they are; someone arriving with nowhere to be waits at home
    // with homecare.
    if (person.setting < 0 || person.setting == model_->short_term_setting) {
      enter(index, model_->hours_setting, day, random, totals, admission);
    }
    Person& waiting = people_[static_cast<std::size_t>(index)];
    if (waiting.awaiting != setting) {
      waiting.awaiting = setting;
      waiting_[static_cast<std::size_t>(setting)].push_back(index);
    }
    return;
  }
  if (location == out_of_county && !chosen_outside) totals.full_placements[totals.at(setting, person.home_district)] += 1.0;
  const int old_setting = person.setting;
  const int old_location = person.location;
  if (old_setting >= 0) {
    close_spell(index, day, totals);
    market_.vacate(old_setting, old_location);
    if (!person.self_funded && old_setting != model_->short_term_setting) {
      totals.moves_out[totals.at(old_setting, person.client_group, person.home_district)] += 1.0;
    }
  }
  settle_funding(person, old_setting, setting, day, random);
  person.setting = setting;
  person.location = location;
  person.spell_start = day;
  if (person.awaiting == setting) person.awaiting = -1;
  person.hours_per_week = target.hours ? draw_hours(random) : 0.0F;
  market_.occupy(setting, location);
  ++person.version;
  if (!person.self_funded) {
    if (admission) {
      totals.admissions[totals.at(setting, person.client_group, person.home_district)] += 1.0;
      totals.admissions_by_age[totals.age_at(setting, person.age - plan_->adult_age())] += 1.0;
    }
    if (location == out_of_county) totals.out_of_area_placements[totals.at(setting, person.home_district)] += 1.0;
  }
  if (old_setting >= 0 && setting_traits_[static_cast<std::size_t>(old_setting)].has_places) {
    offer_vacancy(old_setting, old_location, day, random, totals);
  }
}

void CareEngine::settle_funding(Person& person, int old_setting, int setting, double day, RandomEngine& random) const {
  const SelfFunderCapital* capital = rules_.capital();
  switch (rules_.funding_on_entry(old_setting, setting, person.client_group)) {
    case EntryFunding::council:
      person.self_funded = false;
      break;
    case EntryFunding::drawn:
      person.self_funded = draw_uniform(random) < rules_.entrant_self_funded_share(person.age);
      if (person.self_funded && capital) {
        const double money = rules_.entrant_capital(person.age, draw_uniform(random));
        person.conversion_time = day + 7.0 * capital->weeks_to_limit(money, setting);
      }
      break;
    case EntryFunding::unchanged:
      // What is left of the capital now pays the new setting's fee.
      if (person.self_funded && capital) {
        person.conversion_time = day + (person.conversion_time - day) * capital->weekly_draw(old_setting) / capital->weekly_draw(setting);
      }
      break;
  }
  if (!person.self_funded) person.conversion_time = -1.0;
}

void CareEngine::leave(int index, double day, RandomEngine& random, CareYearTotals& totals) {
  Person& person = people_[static_cast<std::size_t>(index)];
  close_spell(index, day, totals);
  const int setting = person.setting;
  const int location = person.location;
  market_.vacate(setting, location);
  person.active = false;
  person.awaiting = -1;
  ++person.version;
  if (setting_traits_[static_cast<std::size_t>(setting)].has_places) offer_vacancy(setting, location, day, random, totals);
}

bool CareEngine::offer_vacancy(int setting, int district, double day, RandomEngine& random, CareYearTotals& totals) {
  if (district == out_of_county) return false;
  auto& queue = waiting_[static_cast<std::size_t>(setting)];
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const int index = queue[i];
    const Person& person = people_[static_cast<std::size_t>(index)];
    if (!person.active || person.awaiting != setting) {
      queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(i));
      --i;
      continue;
    }
    if (!market_.placement().may_use(person.home_district, district) || !market_.has_room(setting, district)) continue;
    queue.erase(queue.begin() + static_cast<std::ptrdiff_t>(i));
    enter(index, setting, day, random, totals, true);
    schedule_hazard(index, day, random);
    return true;
  }
  return false;
}

void CareEngine::fill_opened_places(RandomEngine& random, CareYearTotals& totals) {
  const CareModel& model = *model_;
  for (int setting = 0; setting < static_cast<int>(model.settings.size()); ++setting) {
    if (!model.settings[static_cast<std::size_t>(setting)].has_places()) continue;
    for (int district = 0; district < model.district_count; ++district) {
      while (offer_vacancy(setting, district, 0.0, random, totals)) {
      }
    }
  }
}

void CareEngine::process(const CareEvent& event, RandomEngine& random, CareYearTotals& totals) {
  Person& person = people_[static_cast<std::size_t>(event.person)];
  if (event.version != person.version) return;
  const int index = event.person;
  if (!person.active) {
    arrive(index, event.time, random, totals);
    return;
  }
  if (person.pending_time >= 0.0 && person.setting == model_->short_term_setting) {
    // Short-term support ends in long-term care.
    const int setting = person.pending_setting;
    person.pending_time = -1.0;
    person.pending_setting = -1;
    enter(index, setting, event.time, random, totals, true);
    schedule_hazard(index, event.time, random);
    return;
  }

  process_exit(index, event.time, random, totals);
}

void CareEngine::arrive(int index, double time, RandomEngine& random, CareYearTotals& totals) {
  Person& person = people_[static_cast<std::size_t>(index)];
  person.active = true;
  const int setting = person.pending_setting;
  person.pending_time = -1.0;
  person.pending_setting = -1;
  enter(index, setting, time, random, totals, true);
  Person& arrived = people_[static_cast<std::size_t>(index)];
  if (arrived.setting == model_->short_term_setting) {
    arrived.pending_time = arrived.then_time;
    arrived.pending_setting = arrived.then_setting;
    arrived.then_time = -1.0;
    arrived.then_setting = -1;
    schedule_pending(index);
  } else {
    schedule_hazard(index, time, random);
  }
}

void CareEngine::process_exit(int index, double time, RandomEngine& random, CareYearTotals& totals) {
  Person& person = people_[static_cast<std::size_t>(index)];
  if (person.conversion_time >= 0.0 && time == person.conversion_time) {
    become_council_funded(index, time, random, totals);
    return;
  }
  const int destination = rules_.choose_exit(person.self_funded, person.setting, person.client_group, person.age, draw_uniform(random));
  if (destination == funding_runs_out) {
    become_council_funded(index, time, random, totals);
    return;
  }
  if (destination == move_death || destination == move_end) {
    if (!person.self_funded) {
      auto& counts = destination == move_death ? totals.deaths : totals.care_ended;
      counts[totals.at(person.setting, person.client_group, person.home_district)] += 1.0;
    }
    leave(index, time, random, totals);
    return;
  }
  if (person.awaiting != destination) enter(index, destination, time, random, totals, true);
  ++people_[static_cast<std::size_t>(index)].version;
  schedule_hazard(index, time, random);
}

void CareEngine::become_council_funded(int index, double time, RandomEngine& random, CareYearTotals& totals) {
  close_spell(index, time, totals);
  Person& person = people_[static_cast<std::size_t>(index)];
  person.self_funded = false;
  person.conversion_time = -1.0;
  ++person.version;
  totals.self_funder_conversions[totals.at(person.setting, person.home_district)] += 1.0;
  schedule_hazard(index, time, random);
}

void CareEngine::count_client(const Person& person) {
  if (!person.active || person.setting == model_->short_term_setting) return;
  ++clients_by_cell_[(static_cast<std::size_t>(person.home_district) * sex_count + static_cast<std::size_t>(person.sex)) *
                         static_cast<std::size_t>(plan_->age_count()) +
                     static_cast<std::size_t>(person.age - plan_->adult_age())];
}

void CareEngine::begin_year(int year, RandomEngine& care, CareYearTotals& totals) {
  const CareModel& model = *model_;
  days_ = financial_year_days(year);
  rules_.set_year_days(days_);
  totals.reset(static_cast<int>(model.settings.size()), static_cast<int>(model.client_groups.size()), model.district_count,
               plan_->age_count());
  const int oldest = plan_->oldest_age();
  const bool ageing = !fresh_start_;
  fresh_start_ = false;
  if (ageing) unfollowed_.age_one_year();
  std::fill(clients_by_cell_.begin(), clients_by_cell_.end(), 0);
  // Read once here: the queue's stores in the loop might, for all the
  // compiler can tell, change them.
  const double hours_growth = 1.0 + model.homecare_annual_change;
  Person* people = people_.data();
  const std::size_t count = people_.size();
  for (std::size_t i = 0; i < count; ++i) {
    Person& person = people[i];
    if (!person.active) continue;
    if (ageing) {
      person.age = static_cast<std::int16_t>(std::min(person.age + 1, oldest));
      if (person.hours_per_week > 0.0F) person.hours_per_week = static_cast<float>(person.hours_per_week * hours_growth);
    }
    person.spell_start = 0.0;
    count_client(person);
    if (person.pending_time >= 0.0) {
      schedule_pending(static_cast<int>(i));
    } else {
      resume_hazard(static_cast<int>(i), care);
    }
  }
}

void CareEngine::process_events(RandomEngine& care, CareYearTotals& totals) {
  // People are reached in no order, and in a large model their records are
  // far beyond the caches: ask for the record of an event a few places ahead
  // while this one is processed, so it has arrived by its turn.
  constexpr std::size_t prefetch_distance = 8;
  while (!events_.empty()) {
    const int upcoming = events_.person_ahead(prefetch_distance);
    if (upcoming >= 0) prefetch_person(upcoming);
    process(events_.pop(), care, totals);
    ++events_processed_;
  }
}

void CareEngine::end_year(CareYearTotals& totals) {
  const CareModel& model = *model_;
  const int adult = plan_->adult_age();
  const auto year_end = static_cast<double>(days_);
  if (!events_.empty()) throw std::logic_error("CareEngine::end_year: the year's events are not all processed");
  Person* people = people_.data();
  const std::size_t count = people_.size();
  kept_as_.resize(count);
  std::size_t kept = 0;
  for (std::size_t i = 0; i < count; ++i) {
    Person& person = people[i];
    if (!person.active) {
      kept_as_[i] = -1;
      continue;
    }
    close_spell(static_cast<int>(i), year_end, totals);
    if (person.self_funded) {
      const int where = person.location == out_of_county ? person.home_district : person.location;
      totals.self_funders[totals.at(person.setting, where)] += 1.0;
    } else {
      totals.clients[totals.at(person.setting, person.client_group, person.home_district)] += 1.0;
      totals.clients_by_age[totals.age_at(person.setting, person.age - adult)] += 1.0;
    }
    if (person.awaiting >= 0) totals.waiting[totals.at(person.awaiting, person.client_group, person.home_district)] += 1.0;
    if (person.pending_time >= 0.0) person.pending_time -= year_end;
    if (person.conversion_time >= 0.0) person.conversion_time -= year_end;
    kept_as_[i] = static_cast<int>(kept);
    if (kept != i) people[kept] = person;
    ++kept;
  }
  // The year's events are all processed: no queued event names anyone, and
  // the people who left can go, the rest closing up in their order (the
  // next year's newcomers are then written one after another, not into
  // scattered free places).
  people_.resize(kept);
  for (auto& queue : waiting_) {
    std::size_t still = 0;
    for (const int index : queue) {
      const int now = kept_as_[static_cast<std::size_t>(index)];
      if (now >= 0) queue[still++] = now;
    }
    queue.resize(still);
  }
  for (int g = 0; g < static_cast<int>(model.client_groups.size()); ++g) {
    for (int d = 0; d < model.district_count; ++d) {
      totals.clients[totals.at(model.short_term_setting, g, d)] += unfollowed_.open(g, d);
      const std::span<const double> by_age = unfollowed_.open_by_age(g, d);
      for (std::size_t a = 0; a < by_age.size(); ++a) {
        totals.clients_by_age[totals.age_at(model.short_term_setting, static_cast<int>(a))] += by_age[a];
      }
    }
  }
  market_.settle_homecare(days_, totals.homecare_hours, totals.unmet_homecare_hours);
  for (int s = 0; s < totals.settings; ++s) {
    for (int d = 0; d < totals.districts; ++d) totals.capacity[totals.at(s, d)] = market_.capacity(s, d);
  }
}

void CareEngine::run_year(int year, const PopulationState& population, RandomEngine& need, RandomEngine& care,
                          CareYearTotals& totals) {
  begin_year(year, care, totals);
  // Places opened this year go first to those already waiting, as a vacancy would.
  if (places_opened_) fill_opened_places(care, totals);
  places_opened_ = false;
  arrive_from_front_door(population, need, totals);
  arrive_from_childrens_services(population, need);
  process_events(care, totals);
  end_year(totals);
}

int CareEngine::admit(int client_group, int home_district, int sex, int age, int setting, double time, RandomEngine& random,
                      CareYearTotals& totals) {
  const int index = add_person(client_group, home_district, sex, age);
  people_[static_cast<std::size_t>(index)].active = true;
  enter(index, setting, time, random, totals, true);
  schedule_hazard(index, time, random);
  return index;
}

void CareEngine::discharge(int person, double time, RandomEngine& random, CareYearTotals& totals) {
  leave(person, time, random, totals);
}

}  // namespace carecast
