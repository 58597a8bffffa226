#include "carecast/simulation/care_engine.h"

#include <boost/random/binomial_distribution.hpp>
#include <boost/random/exponential_distribution.hpp>
#include <boost/random/gamma_distribution.hpp>
#include <boost/random/poisson_distribution.hpp>
#include <boost/random/uniform_01.hpp>

#include <algorithm>
#include <cmath>

#include "carecast/simulation/calendar.h"

namespace carecast {
namespace {

double uniform(RandomEngine& random) { return boost::random::uniform_01<double>()(random); }

std::int64_t binomial(RandomEngine& random, std::int64_t trials, double probability) {
  if (trials <= 0 || probability <= 0.0) return 0;
  if (probability >= 1.0) return trials;
  return boost::random::binomial_distribution<std::int64_t, double>(trials, probability)(random);
}

std::int64_t poisson(RandomEngine& random, double mean) {
  if (mean <= 0.0) return 0;
  return boost::random::poisson_distribution<std::int64_t, double>(mean)(random);
}

// floor(time): times are days since 1 April, never negative, and truncation
// is floor for them; it is a single instruction where std::floor is a library
// call on the baseline x86-64 this is built for (close_spell runs it twice for
// every spell).
double midnight_count(double time) {
  return time >= 0.0 ? static_cast<double>(static_cast<std::int64_t>(time)) : std::floor(time);
}

// Index into cumulative weights by a uniform draw; weights end with the total.
std::size_t pick(const std::vector<double>& cumulative, RandomEngine& random) {
  const double target = uniform(random) * cumulative.back();
  const auto found = std::upper_bound(cumulative.begin(), cumulative.end(), target);
  return std::min(static_cast<std::size_t>(found - cumulative.begin()), cumulative.size() - 1);
}

}  // namespace

CareEngine::CareEngine(const CareModel& model, const PopulationPlan& plan)
    : model_(&model),
      plan_(&plan),
      market_(model),
      waiting_(model.settings.size()),
      short_term_carried_(model.client_groups.size() * static_cast<std::size_t>(model.district_count), 0),
      clients_by_cell_(static_cast<std::size_t>(model.district_count) * sex_count * static_cast<std::size_t>(plan.age_count()), 0),
      settings_(model.settings.size()),
      groups_(model.client_groups.size()),
      ages_(model.moves.empty() || model.moves[0].empty() ? 0 : model.moves[0][0].size()) {
  tabulate_policy();
}

void CareEngine::set_policy(const CarePolicy& policy) {
  // Need growth changes every year, the tabulated parts only when a lever starts.
  const bool same_tables =
      policy.extra_moves == policy_.extra_moves && policy.care_home_entry_factor == policy_.care_home_entry_factor;
  policy_ = policy;
  if (!same_tables) tabulate_policy();
  if (market_.set_capacity(policy.capacity)) places_opened_ = true;
}

void CareEngine::tabulate_policy() {
  const CareModel& model = *model_;
  hazard_by_state_.assign(2 * settings_ * groups_ * ages_, 0.0);
  std::size_t cell = 0;
  for (const bool self_funded : {false, true}) {
    for (std::size_t setting = 0; setting < settings_; ++setting) {
      for (std::size_t group = 0; group < groups_; ++group) {
        for (std::size_t age = 0; age < ages_; ++age) {
          double total = self_funded ? model.self_funded_depletion_per_year : 0.0;
          for (const MoveRate& move : model.moves[setting][group][age]) total += move.per_year;
          for (const ExtraMove& move : policy_.extra_moves) {
            if (move.from_setting == static_cast<int>(setting) &&
                (move.client_group < 0 || move.client_group == static_cast<int>(group))) {
              total += move.per_year;
            }
          }
          hazard_by_state_[cell++] = total;
        }
      }
    }
  }

  // Home First: part of the care home share goes home with homecare instead.
  entry_choices_.clear();
  entry_choices_begin_.clear();
  for (std::size_t group = 0; group < model.entry_share.size(); ++group) {
    const double factor = policy_.care_home_entry_factor.empty() ? 1.0 : policy_.care_home_entry_factor[group];
    for (const auto& shares : model.entry_share[group]) {
      entry_choices_begin_.push_back(entry_choices_.size());
      double diverted = 0.0;
      for (std::size_t k = 0; k < shares.size(); ++k) {
        if (model.settings[k].kind == SettingKind::care_home) diverted += shares[k] * (1.0 - factor);
      }
      double cumulative = 0.0;
      for (std::size_t k = 0; k < shares.size(); ++k) {
        double share = model.settings[k].kind == SettingKind::care_home ? shares[k] * factor : shares[k];
        if (static_cast<int>(k) == model.hours_setting) share += diverted;
        if (share <= 0.0) continue;
        cumulative += share;
        entry_choices_.push_back({cumulative, static_cast<int>(k)});
      }
    }
  }
  entry_choices_begin_.push_back(entry_choices_.size());
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
  if (!free_slots_.empty()) {
    const int slot = free_slots_.back();
    free_slots_.pop_back();
    // The next newcomer takes the next free slot: start fetching it.
    if (!free_slots_.empty()) prefetch_person(free_slots_.back());
    person.version = people_[static_cast<std::size_t>(slot)].version + 1;
    people_[static_cast<std::size_t>(slot)] = person;
    return slot;
  }
  people_.push_back(person);
  return static_cast<int>(people_.size()) - 1;
}

double CareEngine::draw_hours(RandomEngine& random) const {
  const double shape = model_->homecare_hours_shape;
  return policy_.homecare_hours_factor *
         boost::random::gamma_distribution<double>(shape, model_->homecare_mean_hours / shape)(random);
}

double CareEngine::onward_share() const {
  const double no_further = std::min(1.0, model_->no_further_need_share + policy_.no_further_need_increase);
  return (1.0 - no_further) * model_->long_term_share_of_further_need;
}

void CareEngine::start(const PopulationState& population, RandomEngine& random) {
  set_policy({});
  events_processed_ = 0;
  people_.clear();
  free_slots_.clear();
  market_.clear();
  places_opened_ = false;
  events_.clear();
  for (auto& list : waiting_) list.clear();
  std::fill(short_term_carried_.begin(), short_term_carried_.end(), 0);

  for (const CaseloadRow& row : model_->caseload) {
    const auto whole = static_cast<std::int64_t>(std::floor(row.count));
    const std::int64_t count = whole + (uniform(random) < row.count - static_cast<double>(whole) ? 1 : 0);
    if (count == 0) continue;
    // Ages and sexes in proportion to the home district's population.
    weights_.clear();
    for (int s = 0; s < sex_count; ++s) {
      for (int age = row.min_age; age <= row.max_age; ++age) {
        const double previous = weights_.empty() ? 0.0 : weights_.back();
        weights_.push_back(previous + static_cast<double>(population.count(row.home_district, s, age)) + 1e-9);
      }
    }
    const int ages = row.max_age - row.min_age + 1;
    for (std::int64_t i = 0; i < count; ++i) {
      const auto cell = static_cast<int>(pick(weights_, random));
      const int p = add_person(row.client_group, row.home_district, cell / ages, row.min_age + cell % ages);
      Person& person = people_[static_cast<std::size_t>(p)];
      person.setting = row.setting;
      person.location = row.location;
      person.self_funded = row.self_funded;
      person.active = true;
      if (model_->settings[static_cast<std::size_t>(row.setting)].hours) person.hours_per_week = draw_hours(random);
      market_.occupy(row.setting, row.location);
    }
  }
  seed_short_term(population, random);
  fresh_start_ = true;
}

void CareEngine::push(double time, int person) {
  events_.push(time, person, people_[static_cast<std::size_t>(person)].version);
}

void CareEngine::schedule_hazard(int index, double now, RandomEngine& random) {
  const Person& person = people_[static_cast<std::size_t>(index)];
  if (!person.active || person.setting == model_->short_term_setting || person.pending_time >= 0.0) return;
  const double per_day = hazard_total(person) / static_cast<double>(days_);
  if (per_day <= 0.0) return;
  const double time = now + boost::random::exponential_distribution<double>(per_day)(random);
  if (time < static_cast<double>(days_)) push(time, index);
}

void CareEngine::schedule_pending(int index) {
  const Person& person = people_[static_cast<std::size_t>(index)];
  if (person.pending_time >= 0.0 && person.pending_time < days_) push(person.pending_time, index);
}

void CareEngine::close_spell(int index, double time, CareYearTotals& totals) {
  Person& person = people_[static_cast<std::size_t>(index)];
  const double days = midnight_count(time) - midnight_count(person.spell_start);
  const CareSetting& setting = model_->settings[static_cast<std::size_t>(person.setting)];
  if (days > 0 && setting.has_places()) {
    const bool outside = person.location == out_of_county;
    if (!outside) totals.occupied_days[totals.at(person.setting, person.location)] += days;
    if (!person.self_funded) {
      totals.bed_nights[totals.bed_at(person.setting, outside ? person.home_district : person.location, outside)] += days;
    }
  }
  if (days > 0 && !person.self_funded) {
    const int age = person.age - plan_->adult_age();
    const bool outside = person.location == out_of_county;
    totals.care_days[totals.day_at(person.setting, person.client_group, age, person.home_district, outside)] += days;
    if (setting.hours) {
      totals.homecare_hours_needed[totals.hours_at(person.client_group, age, person.home_district)] +=
          days * person.hours_per_week / 7.0;
    }
  }
  if (setting.hours) {
    market_.add_homecare(person.home_district, static_cast<int>(person.spell_start), static_cast<int>(time), person.hours_per_week);
  }
  person.spell_start = time;
}

void CareEngine::enter(int index, int setting, double day, RandomEngine& random, CareYearTotals& totals, bool admission) {
  Person& person = people_[static_cast<std::size_t>(index)];
  const CareSetting& target = model_->settings[static_cast<std::size_t>(setting)];
  const int location = target.out_of_county_share > 0.0
                           ? market_.choose_location(setting, person.home_district, uniform(random))
                           : market_.choose_location(setting, person.home_district);
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
  const int old_setting = person.setting;
  const int old_location = person.location;
  if (old_setting >= 0) {
    close_spell(index, day, totals);
    market_.vacate(old_setting, old_location);
    if (!person.self_funded && old_setting != model_->short_term_setting) {
      totals.moves_out[totals.at(old_setting, person.client_group, person.home_district)] += 1.0;
    }
  }
  const bool was_self_funding_setting = old_setting >= 0 && model_->self_funding_setting[static_cast<std::size_t>(old_setting)];
  if (model_->self_funding_setting[static_cast<std::size_t>(setting)] &&
      model_->self_funding_group[static_cast<std::size_t>(person.client_group)]) {
    if (!was_self_funding_setting) person.self_funded = uniform(random) < model_->self_funded_entrant_share;
  } else {
    person.self_funded = false;
  }
  person.setting = setting;
  person.location = location;
  person.spell_start = day;
  if (person.awaiting == setting) person.awaiting = -1;
  const CareSetting& kind = model_->settings[static_cast<std::size_t>(setting)];
  person.hours_per_week = kind.hours ? draw_hours(random) : 0.0;
  market_.occupy(setting, location);
  ++person.version;
  if (!person.self_funded) {
    if (admission) {
      totals.admissions[totals.at(setting, person.client_group, person.home_district)] += 1.0;
      totals.admissions_by_age[totals.age_at(setting, person.age - plan_->adult_age())] += 1.0;
    }
    if (location == out_of_county) totals.out_of_area_placements[totals.at(setting, person.home_district)] += 1.0;
  }
  if (old_setting >= 0 && model_->settings[static_cast<std::size_t>(old_setting)].has_places()) {
    offer_vacancy(old_setting, old_location, day, random, totals);
  }
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
  free_slots_.push_back(index);
  if (model_->settings[static_cast<std::size_t>(setting)].has_places()) offer_vacancy(setting, location, day, random, totals);
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
    if (!market_.may_use(person.home_district, district) || !market_.has_room(setting, district)) continue;
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
    // Arrival: into short-term support from the front door, or straight into
    // a setting from children's services.
    person.active = true;
    const int setting = person.pending_setting;
    person.pending_time = -1.0;
    person.pending_setting = -1;
    enter(index, setting, event.time, random, totals, true);
    Person& arrived = people_[static_cast<std::size_t>(index)];
    if (arrived.setting == model_->short_term_setting) {
      arrived.pending_time = arrived.then_time;
      arrived.pending_setting = arrived.then_setting;
      arrived.then_time = -1.0;
      arrived.then_setting = -1;
      schedule_pending(index);
    } else {
      schedule_hazard(index, event.time, random);
    }
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

  // A competing-risk event: which one, in proportion to its hazard.
  const auto& moves = model_->moves_from(person.setting, person.client_group, person.age);
  const double depletion = person.self_funded ? model_->self_funded_depletion_per_year : 0.0;
  double target = uniform(random) * hazard_total(person);
  if (target < depletion) {
    close_spell(index, event.time, totals);
    person.self_funded = false;
    ++person.version;
    totals.self_funder_conversions[totals.at(person.setting, person.home_district)] += 1.0;
    schedule_hazard(index, event.time, random);
    return;
  }
  target -= depletion;
  int destination = moves.empty() ? move_end : moves.back().to;
  bool found = false;
  for (const MoveRate& move : moves) {
    if (target < move.per_year) {
      destination = move.to;
      found = true;
      break;
    }
    target -= move.per_year;
  }
  for (const ExtraMove& move : policy_.extra_moves) {
    if (found || move.from_setting != person.setting ||
        (move.client_group >= 0 && move.client_group != person.client_group)) {
      continue;
    }
    destination = move.to_setting;
    if (target < move.per_year) break;
    target -= move.per_year;
  }
  if (destination == move_death || destination == move_end) {
    if (!person.self_funded) {
      auto& counts = destination == move_death ? totals.deaths : totals.care_ended;
      counts[totals.at(person.setting, person.client_group, person.home_district)] += 1.0;
    }
    leave(index, event.time, random, totals);
    return;
  }
  if (person.awaiting != destination) enter(index, destination, event.time, random, totals, true);
  ++people_[static_cast<std::size_t>(index)].version;
  schedule_hazard(index, event.time, random);
}

void CareEngine::count_client(const Person& person) {
  if (!person.active || person.setting == model_->short_term_setting) return;
  ++clients_by_cell_[(static_cast<std::size_t>(person.home_district) * sex_count + static_cast<std::size_t>(person.sex)) *
                         static_cast<std::size_t>(plan_->age_count()) +
                     static_cast<std::size_t>(person.age - plan_->adult_age())];
}

void CareEngine::count_clients_by_cell() {
  std::fill(clients_by_cell_.begin(), clients_by_cell_.end(), 0);
  for (const Person& person : people_) count_client(person);
}

double CareEngine::request_weights(const PopulationState& population, int district, int sex, int group) {
  const int adult = plan_->adult_age();
  const int ages = plan_->age_count();
  const auto& rates = model_->request_rate[static_cast<std::size_t>(group)];
  weights_.assign(static_cast<std::size_t>(ages), 0.0);
  double total = 0.0;
  for (int a = 0; a < ages; ++a) {
    const std::size_t cell = (static_cast<std::size_t>(district) * sex_count + static_cast<std::size_t>(sex)) *
                                 static_cast<std::size_t>(ages) + static_cast<std::size_t>(a);
    const double eligible =
        static_cast<double>(std::max<std::int64_t>(0, population.count(district, sex, adult + a) - clients_by_cell_[cell]));
    total += rates[static_cast<std::size_t>(a)] * eligible;
    weights_[static_cast<std::size_t>(a)] = total;
  }
  return total * model_->district_need[static_cast<std::size_t>(district)] * policy_.need_multiplier;
}

int CareEngine::draw_entry_setting(int group, int age, RandomEngine& random) const {
  const std::size_t row = static_cast<std::size_t>(group) * ages_ + static_cast<std::size_t>(age - model_->adult_age);
  const double target = uniform(random);
  int chosen = -1;
  for (std::size_t k = entry_choices_begin_[row]; k < entry_choices_begin_[row + 1]; ++k) {
    chosen = entry_choices_[k].setting;
    if (target < entry_choices_[k].cumulative) break;
  }
  return chosen;
}

int CareEngine::add_short_term_client(int group, int district, int sex, double start, RandomEngine& random) {
  const int age = plan_->adult_age() + static_cast<int>(pick(weights_, random));
  const int index = add_person(group, district, sex, age);
  Person& person = people_[static_cast<std::size_t>(index)];
  person.pending_time = start;
  person.pending_setting = model_->short_term_setting;
  person.then_time = start + boost::random::exponential_distribution<double>(1.0 / model_->short_term_mean_days)(random);
  person.then_setting = draw_entry_setting(group, age, random);
  return index;
}

void CareEngine::seed_short_term(const PopulationState& population, RandomEngine& random) {
  // At the caseload date people are part way through short-term support: as
  // many as a year's episodes times their mean length over a year (Little's
  // law), each with an exponential time still to run (memoryless).
  const CareModel& model = *model_;
  const double in_progress = model.short_term_mean_days / 365.0;
  const double onward = onward_share();
  count_clients_by_cell();
  for (int d = 0; d < model.district_count; ++d) {
    for (int g = 0; g < static_cast<int>(model.client_groups.size()); ++g) {
      for (int s = 0; s < sex_count; ++s) {
        const double episodes = request_weights(population, d, s, g) * model.short_term_share * in_progress;
        if (episodes <= 0.0) continue;
        short_term_carried_[static_cast<std::size_t>(g * model.district_count + d)] += poisson(random, episodes * (1.0 - onward));
        const std::int64_t bound = poisson(random, episodes * onward);
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
  const double mean_days = model.short_term_mean_days;
  const double open_at_year_end = mean_days / days_ * (1.0 - std::exp(-days_ / mean_days));
  const double still_open = std::exp(-days_ / mean_days);
  const double onward = onward_share();
  const auto groups = static_cast<int>(model.client_groups.size());
  for (int d = 0; d < model.district_count; ++d) {
    for (int g = 0; g < groups; ++g) {
      std::int64_t short_term_episodes = 0;
      for (int s = 0; s < sex_count; ++s) {
        const std::int64_t requests = poisson(random, request_weights(population, d, s, g));
        totals.requests[static_cast<std::size_t>(g * model.district_count + d)] += static_cast<double>(requests);
        const std::int64_t short_term = binomial(random, requests, model.short_term_share);
        const std::int64_t long_term = binomial(random, short_term, onward);
        short_term_episodes += short_term - long_term;
        for (std::int64_t i = 0; i < long_term; ++i) {
          schedule_pending(add_short_term_client(g, d, s, uniform(random) * days_, random));
        }
      }
      // Episodes that end without long-term care are counted, not followed:
      // one starting on a uniform day with an exponential length is still
      // open at year end with probability (m/D)(1 - exp(-D/m)); one open at
      // the last year end is still open with probability exp(-D/m).
      const std::size_t cell = static_cast<std::size_t>(g * model.district_count + d);
      totals.admissions[totals.at(model.short_term_setting, g, d)] += static_cast<double>(short_term_episodes);
      short_term_carried_[cell] = binomial(random, short_term_episodes, open_at_year_end) +
                                  binomial(random, short_term_carried_[cell], still_open);
    }
  }
}

void CareEngine::arrive_from_childrens_services(const PopulationState& population, RandomEngine& random) {
  const CareModel& model = *model_;
  if (model.transitions.empty()) return;
  const std::int64_t arrivals = poisson(random, model.transitions_per_year);
  const int adult = plan_->adult_age();
  weights_.clear();
  for (int d = 0; d < model.district_count; ++d) {
    for (int s = 0; s < sex_count; ++s) {
      const double previous = weights_.empty() ? 0.0 : weights_.back();
      weights_.push_back(previous + static_cast<double>(population.count(d, s, adult)) + 1e-9);
    }
  }
  std::vector<double> shares;
  for (const auto& transition : model.transitions) shares.push_back((shares.empty() ? 0.0 : shares.back()) + transition.share);
  for (std::int64_t i = 0; i < arrivals; ++i) {
    const auto cell = static_cast<int>(pick(weights_, random));
    const auto& transition = model.transitions[pick(shares, random)];
    const int index = add_person(transition.client_group, cell / sex_count, cell % sex_count, adult);
    Person& person = people_[static_cast<std::size_t>(index)];
    person.pending_time = uniform(random) * days_;
    person.pending_setting = transition.setting;
    schedule_pending(index);
  }
}

void CareEngine::begin_year(int year, RandomEngine& care, CareYearTotals& totals) {
  const CareModel& model = *model_;
  days_ = financial_year_days(year);
  totals.reset(static_cast<int>(model.settings.size()), static_cast<int>(model.client_groups.size()), model.district_count,
               plan_->age_count());
  const int oldest = plan_->oldest_age();
  const bool ageing = !fresh_start_;
  fresh_start_ = false;
  std::fill(clients_by_cell_.begin(), clients_by_cell_.end(), 0);
  for (std::size_t i = 0; i < people_.size(); ++i) {
    Person& person = people_[i];
    if (!person.active) continue;
    if (ageing) {
      person.age = static_cast<std::int16_t>(std::min(person.age + 1, oldest));
      if (person.hours_per_week > 0.0) person.hours_per_week *= 1.0 + model.homecare_annual_change;
    }
    person.spell_start = 0.0;
    count_client(person);
    if (person.pending_time >= 0.0) {
      schedule_pending(static_cast<int>(i));
    } else {
      schedule_hazard(static_cast<int>(i), 0.0, care);
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
  for (std::size_t i = 0; i < people_.size(); ++i) {
    Person& person = people_[i];
    if (!person.active) continue;
    close_spell(static_cast<int>(i), days_, totals);
    if (person.self_funded) {
      const int where = person.location == out_of_county ? person.home_district : person.location;
      totals.self_funders[totals.at(person.setting, where)] += 1.0;
    } else {
      totals.clients[totals.at(person.setting, person.client_group, person.home_district)] += 1.0;
      totals.clients_by_age[totals.age_at(person.setting, person.age - plan_->adult_age())] += 1.0;
    }
    if (person.pending_time >= 0.0) person.pending_time -= days_;
  }
  for (int g = 0; g < static_cast<int>(model.client_groups.size()); ++g) {
    for (int d = 0; d < model.district_count; ++d) {
      totals.clients[totals.at(model.short_term_setting, g, d)] +=
          static_cast<double>(short_term_carried_[static_cast<std::size_t>(g * model.district_count + d)]);
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
        totals.admissions[totals.at(model.short_term_setting, g, d)] += request_weights(population, d, s, g) * model.short_term_share;
      }
    }
  }
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
