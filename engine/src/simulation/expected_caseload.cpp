// ExpectedCareEngine at the caseload date: the base caseload spread over
// ages and sexes, the short-term support in progress, the run rate of that
// caseload, and the caseload's places and capital settled into the arrays a
// year is run on.

#include <algorithm>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "carecast/simulation/expected_care.h"

namespace carecast {

void ExpectedCareEngine::start(const ExpectedPopulation& population) {
  const CareModel& model = *model_;
  set_policy({});
  for (auto& people : people_) people.setZero();
  for (auto& hours : hours_) hours.setZero();
  for (auto& waiting : waiting_) waiting.setZero();
  caseload_places_.clear();
  caseload_capital_.clear();
  caseload_unsettled_ = true;
  unfollowed_.clear();
  const int adult = plan_->adult_age();
  for (const CaseloadRow& row : model.caseload) {
    double total_weight = 0.0;
    for (int s = 0; s < sex_count; ++s) {
      for (int age = row.min_age; age <= row.max_age; ++age) {
        total_weight = CareRules::arrival_weight_through(total_weight, population.count(row.home_district, s, age));
      }
    }
    const int tracked = tracked_of_setting_[static_cast<std::size_t>(row.setting)];
    const int location = row.location == out_of_county ? districts_ : row.location;
    const int funding = caseload_funding(row);
    for (int s = 0; s < sex_count; ++s) {
      for (int age = row.min_age; age <= row.max_age; ++age) {
        const double weight = CareRules::arrival_weight(population.count(row.home_district, s, age));
        const double mass = row.count * weight / total_weight;
        const auto b = static_cast<std::size_t>(block(row.client_group, age - adult));
        const int col = column(row.home_district, s);
        people_[b](y_state(row.setting, funding), col) += mass;
        if (tracked >= 0 && tracked < place_settings_) caseload_places_.push_back({static_cast<int>(b), row.setting, funding, col, location, mass});
        if (row.setting == model.hours_setting) hours_[b](funding, col) += mass * rules_.package_mean_hours();
        if (funding == holding) caseload_capital_.push_back({static_cast<int>(b), clock_index_[static_cast<std::size_t>(row.setting)], col, age - adult, mass});
      }
    }
  }
  // Short-term support in progress at the caseload date, as CareEngine::seed_short_term.
  const double in_progress = rules_.short_term_in_progress();
  const double onward = rules_.onward_share();
  count_clients_by_cell();
  for (int d = 0; d < districts_; ++d) {
    for (int g = 0; g < groups_; ++g) {
      for (int s = 0; s < sex_count; ++s) {
        const double episodes = request_weights(population, d, s, g) * rules_.short_term_share() * in_progress;
        if (episodes <= 0.0) continue;
        unfollowed_.add_open(g, d, episodes * (1.0 - onward), weights_);
        const double spread = std::accumulate(weights_.begin(), weights_.end(), 0.0);
        for (int a = 0; a < ages_; ++a) {
          const double share = weights_[static_cast<std::size_t>(a)] / spread;
          if (share > 0.0) enter_short_term(g, a, d, s, episodes * onward * share, people_[static_cast<std::size_t>(block(g, a))]);
        }
      }
    }
  }
  fresh_start_ = true;
}

void ExpectedCareEngine::settle_caseload() {
  if (placed_.empty()) {
    placed_.assign(people_.size(), Eigen::MatrixXd::Zero(place_rows_, columns_ * locations_));
  } else {
    for (auto& placed : placed_) placed.setZero();
  }
  for (const CaseloadPlace& place : caseload_places_) {
    const int tracked = tracked_of_setting_[static_cast<std::size_t>(place.setting)];
    placed_[static_cast<std::size_t>(place.block)](tracked_row(tracked, place.funding), place.column * locations_ + place.location) += place.mass;
  }
  if (!clocked_settings_.empty()) {
    if (clock_) {
      clock_->clear();
    } else {
      clock_.emplace(*rules_.capital(), clocked_settings_, ages_, groups_ * ages_, columns_);
    }
    for (const CaseloadCapital& capital : caseload_capital_) {
      clock_->add_caseload(capital.block, capital.clocked, capital.column, capital.age_offset, capital.mass);
    }
  }
  caseload_places_.clear();
  caseload_capital_.clear();
  caseload_unsettled_ = false;
}

void ExpectedCareEngine::count_council_place_days(int days, CareYearTotals& totals) const {
  // Each cell of placed_ is the caseload's masses added in the caseload's
  // order, and each total of days takes its cells by sex, then location:
  // sorted so, the list adds the same numbers in the same order as the
  // array would (a cell no one is in adds nothing).
  std::vector<CaseloadPlace> places;
  for (const CaseloadPlace& place : caseload_places_) {
    if (place.funding == 0) places.push_back(place);
  }
  const auto key = [](const CaseloadPlace& place) { return std::tie(place.block, place.setting, place.column, place.location); };
  std::stable_sort(places.begin(), places.end(), [&](const CaseloadPlace& x, const CaseloadPlace& y) { return key(x) < key(y); });
  for (std::size_t i = 0; i < places.size();) {
    const CaseloadPlace& first = places[i];
    double mass = 0.0;
    for (; i < places.size() && key(places[i]) == key(first); ++i) mass += places[i].mass;
    const int district = first.column / sex_count;
    totals.care_days[totals.day_at(first.setting, first.block / ages_, first.block % ages_, district, first.location == districts_)] +=
        mass * days;
  }
}

void ExpectedCareEngine::run_rate(int days, const ExpectedPopulation& population, CareYearTotals& totals) {
  if (!caseload_unsettled_) throw std::logic_error("ExpectedCareEngine::run_rate: only at the caseload date, before run_year");
  const CareModel& model = *model_;
  totals.reset(settings_, groups_, districts_, ages_);
  const int hours_tracked = tracked_of_setting_[static_cast<std::size_t>(model.hours_setting)];
  for (int g = 0; g < groups_; ++g) {
    for (int a = 0; a < ages_; ++a) {
      const auto b = static_cast<std::size_t>(block(g, a));
      for (int k = 0; k < settings_; ++k) {
        const int tracked = tracked_of_setting_[static_cast<std::size_t>(k)];
        if (k == model.short_term_setting || (tracked >= 0 && tracked < place_settings_)) continue;
        for (int d = 0; d < districts_; ++d) {
          for (int s = 0; s < sex_count; ++s) {
            totals.care_days[totals.day_at(k, g, a, d, false)] += people_[b](y_state(k, 0), column(d, s)) * days;
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
  count_council_place_days(days, totals);
  count_clients_by_cell();
  for (int d = 0; d < districts_; ++d) {
    for (int g = 0; g < groups_; ++g) {
      for (int s = 0; s < sex_count; ++s) {
        totals.admissions[totals.at(model.short_term_setting, g, d)] += request_weights(population, d, s, g) * rules_.short_term_share();
      }
    }
  }
}

}  // namespace carecast
