// A month of ExpectedCareEngine: every block's state carried through the
// month, the month's placements worked out on the expected occupancy, then
// each block's flows, nights and homecare hours counted, and homecare need
// set against the workforce's supply.

#include <algorithm>
#include <cmath>
#include <limits>

#include "carecast/simulation/expected_care.h"

namespace carecast {

void ExpectedCareEngine::run_month(int days, CareYearTotals& totals) {
  release_due_capital();
  if (places_offered_to_waiting_) place_waiting(totals);
  propagate_month();
  homecare_needed_.assign(static_cast<std::size_t>(districts_), 0.0);
  for (int g = 0; g < groups_; ++g) {
    for (int a = 0; a < ages_; ++a) settle_block(g, a, days, totals);
  }
  // The workforce supplies capacity/7 hours a day; within a month need is
  // taken as steady (the Monte Carlo compares day by day).
  const auto& supply = capacity_of(model_->hours_setting);
  for (int d = 0; d < districts_; ++d) {
    const double needed = homecare_needed_[static_cast<std::size_t>(d)];
    const double available = supply[static_cast<std::size_t>(d)] / 7.0 * days * month_years;
    const double given = std::min(needed, available);
    totals.homecare_hours[static_cast<std::size_t>(d)] += given;
    totals.unmet_homecare_hours[static_cast<std::size_t>(d)] += needed - given;
  }
}

void ExpectedCareEngine::propagate_month() {
  const auto blocks = static_cast<std::size_t>(groups_ * ages_);
  const int tracked_states = tracked_begin_.back();
  const int place_states = place_rows_;
  month_end_.resize(blocks);
  month_integral_.resize(blocks);
  month_entries_.resize(blocks);
  std::vector<double> demand(static_cast<std::size_t>(place_settings_ * districts_), 0.0);
  std::vector<double> occupancy(demand.size(), 0.0);
  std::vector<double> leaving(demand.size(), 0.0);
  for (int g = 0; g < groups_; ++g) {
    const int people = group_states_[static_cast<std::size_t>(g)].people;
    Eigen::MatrixXd start = Eigen::MatrixXd::Zero(group_states_[static_cast<std::size_t>(g)].states, columns_);
    for (int a = 0; a < ages_; ++a) {
      const auto b = static_cast<std::size_t>(block(g, a));
      const Propagator& propagator = propagators_[b];
      // Most blocks of a client group hold nobody at some ages and receive
      // nobody at others: their products are skipped (a product with zeros
      // is zero, so nothing changes).
      const bool anyone = (people_[b].array() != 0.0).any();
      const bool arrivals = (inputs_[b].array() != 0.0).any();
      start.topRows(people) = people_[b];
      month_end_[b].setZero(start.rows(), columns_);
      month_integral_[b].setZero(start.rows(), columns_);
      if (anyone) {
        month_end_[b].noalias() += propagator.step * start;
        month_integral_[b].noalias() += propagator.integral * start;
      }
      if (arrivals) {
        month_end_[b].noalias() += propagator.integral * inputs_[b];
        month_integral_[b].noalias() += propagator.double_integral * inputs_[b];
      }
      month_entries_[b] = propagator.generator.block(people, 0, tracked_states, people) * month_integral_[b].topRows(people) +
                          inputs_[b].bottomRows(tracked_states) * month_years;
      const Eigen::MatrixXd staying = propagator.step.block(people, people, place_states, place_states) * placed_[b];
      for (int p = 0; p < place_settings_; ++p) {
        const int setting = tracked_[static_cast<std::size_t>(p)];
        for (int d = 0; d < districts_; ++d) {
          for (int s = 0; s < sex_count; ++s) {
            const Eigen::MatrixXd& entries = month_entries_[b];
            demand[static_cast<std::size_t>(p * districts_ + d)] +=
                entries(tracked_row(p, 0), column(d, s)) +
                self_funded_sum(setting, [&](int f) { return entries(tracked_row(p, f), column(d, s)); });
            for (int l = 0; l < districts_; ++l) {
              const int col = column(d, s) * locations_ + l;
              const double now = placed_[b](tracked_row(p, 0), col) + self_funded_sum(setting, [&](int f) { return placed_[b](tracked_row(p, f), col); });
              occupancy[static_cast<std::size_t>(p * districts_ + l)] += now;
              leaving[static_cast<std::size_t>(p * districts_ + l)] +=
                  now - staying(tracked_row(p, 0), col) - self_funded_sum(setting, [&](int f) { return staying(tracked_row(p, f), col); });
            }
          }
        }
      }
    }
  }
  place(demand, occupancy, leaving);
}

void ExpectedCareEngine::place_waiting(CareYearTotals& totals) {
  const auto cells = static_cast<std::size_t>(place_settings_ * districts_);
  std::vector<double> waiting(cells, 0.0);
  std::vector<double> occupancy(cells, 0.0);
  for (std::size_t b = 0; b < waiting_.size(); ++b) {
    for (int p = 0; p < place_settings_; ++p) {
      for (int d = 0; d < districts_; ++d) {
        for (int s = 0; s < sex_count; ++s) {
          const int col = column(d, s);
          waiting[static_cast<std::size_t>(p * districts_ + d)] += waiting_[b](p, col);
          for (int l = 0; l < districts_; ++l) {
            for (int f = 0; f < levels(tracked_[static_cast<std::size_t>(p)]); ++f) {
              occupancy[static_cast<std::size_t>(p * districts_ + l)] += placed_[b](tracked_row(p, f), col * locations_ + l);
            }
          }
        }
      }
    }
  }
  if (std::all_of(waiting.begin(), waiting.end(), [](double w) { return w <= 0.0; })) return;
  place(waiting, occupancy, std::vector<double>(cells, 0.0), true);
  const int home = model_->hours_setting;
  std::vector<double> funding;
  for (int g = 0; g < groups_; ++g) {
    for (int a = 0; a < ages_; ++a) {
      const auto b = static_cast<std::size_t>(block(g, a));
      Eigen::MatrixXd& people = people_[b];
      for (int p = 0; p < place_settings_; ++p) {
        const int setting = tracked_[static_cast<std::size_t>(p)];
        // Those placed from the list start as entrants do. (A self-funder's
        // capital clock is not started here: settings where people wait are
        // not ones where they fund themselves in the models so far.)
        funding_after(home, 0, setting, g, plan_->adult_age() + a, funding);
        for (int d = 0; d < districts_; ++d) {
          for (int s = 0; s < sex_count; ++s) {
            const int col = column(d, s);
            for (int l = 0; l < districts_; ++l) {
              // Those waiting are at home with homecare; never more leave it than are there.
              const double placed = std::min(share_placed(p, d, l) * waiting_[b](p, col), people(y_state(home, 0), col));
              if (placed <= 0.0) continue;
              const double hours_each = hours_[b](0, col) / people(y_state(home, 0), col);
              hours_[b](0, col) -= placed * hours_each;
              people(y_state(home, 0), col) -= placed;
              waiting_[b](p, col) -= placed;
              for (int f = 0; f < levels(setting); ++f) {
                const double part = placed * funding[static_cast<std::size_t>(f)];
                people(y_state(setting, f), col) += part;
                placed_[b](tracked_row(p, f), col * locations_ + l) += part;
              }
              totals.moves_out[totals.at(home, g, d)] += placed;
              totals.admissions[totals.at(setting, g, d)] += placed * funding[0];
              totals.admissions_by_age[totals.age_at(setting, a)] += placed * funding[0];
            }
          }
        }
      }
    }
  }
}

void ExpectedCareEngine::place(const std::vector<double>& demand, const std::vector<double>& occupancy,
                               const std::vector<double>& leaving, bool waiting_list) {
  std::vector<double> room(static_cast<std::size_t>(districts_));
  std::vector<double> left(static_cast<std::size_t>(districts_));
  for (int p = 0; p < place_settings_; ++p) {
    const int setting = tracked_[static_cast<std::size_t>(p)];
    const double outside_share = waiting_list ? 0.0 : placement_.out_of_county_share(setting);
    const auto& capacity = capacity_of(setting);
    for (int l = 0; l < districts_; ++l) {
      const auto cell = static_cast<std::size_t>(p * districts_ + l);
      room[static_cast<std::size_t>(l)] = std::isfinite(capacity[static_cast<std::size_t>(l)])
                                              ? std::max(0.0, capacity[static_cast<std::size_t>(l)] - occupancy[cell] + leaving[cell])
                                              : std::numeric_limits<double>::infinity();
    }
    auto share = [&](int d, int location) -> double& {
      return placement_share_[static_cast<std::size_t>((p * districts_ + d) * (locations_ + 1) + location)];
    };
    // Placements are fluid here: each district's entrants first take what
    // their first choice has, before anyone's overflow goes further.
    for (int d = 0; d < districts_; ++d) {
      for (int l = 0; l <= locations_; ++l) share(d, l) = 0.0;
      share(d, districts_) = outside_share;
      left[static_cast<std::size_t>(d)] = demand[static_cast<std::size_t>(p * districts_ + d)] * (1.0 - outside_share);
    }
    for (std::size_t choice = 0;; ++choice) {
      bool more = false;
      for (int d = 0; d < districts_; ++d) {
        const std::span<const int> tried = placement_.districts_tried(d);
        if (choice >= tried.size()) continue;
        more = true;
        const double total = demand[static_cast<std::size_t>(p * districts_ + d)];
        const int district = tried[choice];
        const double taken = std::min(left[static_cast<std::size_t>(d)], room[static_cast<std::size_t>(district)]);
        if (total <= 0.0) {
          if (choice == 0) share(d, d) = 1.0 - outside_share;  // where a placement would go
          continue;
        }
        if (taken <= 0.0) continue;
        room[static_cast<std::size_t>(district)] -= taken;
        left[static_cast<std::size_t>(d)] -= taken;
        share(d, district) += taken / total;
      }
      if (!more) break;
    }
    const bool waits = placement_.when_none_has_room(setting) == no_place;
    for (int d = 0; d < districts_; ++d) {
      const double total = demand[static_cast<std::size_t>(p * districts_ + d)];
      const double turned_away = total > 0.0 ? left[static_cast<std::size_t>(d)] / total : 0.0;
      share(d, waits ? locations_ : districts_) += turned_away;
      full_share_[static_cast<std::size_t>(p * districts_ + d)] = waits ? 0.0 : turned_away;
    }
  }
}

void ExpectedCareEngine::settle_block(int group, int age_offset, int days, CareYearTotals& totals) {
  const auto b = static_cast<std::size_t>(block(group, age_offset));
  const Propagator& propagator = propagators_[b];
  const int people = group_states_[static_cast<std::size_t>(group)].people;
  BlockMonth settled;
  settled.admitted = propagator.admission_rate * month_integral_[b].topRows(people) + inputs_[b].topRows(y_states_) * month_years;
  settle_places(group, age_offset, settled);
  count_people_flows(group, age_offset, days, settled, totals);
  count_place_nights(group, age_offset, days, settled, totals);
  placed_[b] = std::move(settled.placed_end);
  count_homecare(group, age_offset, days, settled, totals);
  count_waiting(group, age_offset, settled, totals);
  settle_capital(group, age_offset);
  people_[b] = month_end_[b].topRows(people);
}

void ExpectedCareEngine::count_waiting(int group, int age_offset, const BlockMonth& settled, CareYearTotals& totals) {
  const auto b = static_cast<std::size_t>(block(group, age_offset));
  const Propagator& propagator = propagators_[b];
  const int at_home = y_state(model_->hours_setting, 0);
  for (int p = 0; p < place_settings_; ++p) {
    const int setting = tracked_[static_cast<std::size_t>(p)];
    for (int d = 0; d < districts_; ++d) {
      totals.full_placements[totals.at(setting, d)] += settled.sent_out_full[static_cast<std::size_t>(p * districts_ + d)];
    }
    // Waiting ends by death, the end of care, or a move to the setting
    // again (which joins the list anew when it finds no place either).
    const double leaving = propagator.death_rate[static_cast<std::size_t>(at_home)] +
                           propagator.end_rate[static_cast<std::size_t>(at_home)] +
                           propagator.admission_rate(y_state(setting, 0), at_home) +
                           propagator.admission_rate(y_state(setting, 1), at_home);
    const double exposure = leaving * month_years;
    const double staying = std::exp(-exposure);
    // Those turned away arrive through the month: the mean share of them
    // still waiting at its end.
    const double arrived_staying = exposure > 0.0 ? (1.0 - staying) / exposure : 1.0;
    for (int col = 0; col < columns_; ++col) {
      double& waiting = waiting_[b](p, col);
      waiting = waiting * staying + settled.turned_away(p, col) * arrived_staying;
    }
  }
}

void ExpectedCareEngine::settle_places(int group, int age_offset, BlockMonth& settled) {
  const auto b = static_cast<std::size_t>(block(group, age_offset));
  const Propagator& propagator = propagators_[b];
  const int people = group_states_[static_cast<std::size_t>(group)].people;
  const int place_states = place_rows_;
  const int hours_setting = model_->hours_setting;
  const double new_hours = rules_.package_mean_hours() * rules_.package_factor();
  Eigen::MatrixXd& end = month_end_[b];
  const Eigen::MatrixXd& integral = month_integral_[b];
  const Eigen::MatrixXd& entries = month_entries_[b];
  // The places' stock, and this month's entrants by where they were placed.
  settled.placed_end = propagator.step.block(people, people, place_states, place_states) * placed_[b];
  settled.placed_integral = propagator.integral.block(people, people, place_states, place_states) * placed_[b];
  settled.placed_entries = Eigen::MatrixXd::Zero(place_states, columns_ * locations_);
  settled.waiting_hours = Eigen::MatrixXd::Zero(levels(hours_setting), columns_);
  settled.stayed_home.assign(static_cast<std::size_t>(districts_), 0.0);
  settled.turned_away = Eigen::MatrixXd::Zero(place_settings_, columns_);
  settled.sent_out_full.assign(static_cast<std::size_t>(place_settings_ * districts_), 0.0);
  for (int p = 0; p < place_settings_; ++p) {
    const int setting = tracked_[static_cast<std::size_t>(p)];
    for (int d = 0; d < districts_; ++d) {
      for (int s = 0; s < sex_count; ++s) {
        const int col = column(d, s);
        for (int l = 0; l < locations_; ++l) {
          const double share = share_placed(p, d, l);
          if (share == 0.0) continue;
          for (int f = 0; f < levels(setting); ++f) {
            const int row = tracked_row(p, f);
            settled.placed_end(row, col * locations_ + l) += share * end(w_state(group, p, f), col);
            settled.placed_integral(row, col * locations_ + l) += share * integral(w_state(group, p, f), col);
            settled.placed_entries(row, col * locations_ + l) += share * entries(row, col);
          }
        }
        const double full = full_share_[static_cast<std::size_t>(p * districts_ + d)];
        settled.sent_out_full[static_cast<std::size_t>(p * districts_ + d)] += full * (entries(2 * p, col) + entries(2 * p + 1, col));
        // Entrants who found no place wait at home with homecare (an
        // approximation: the Monte Carlo keeps a waiting list). Those who
        // were at home with homecare already stay there: they neither start
        // homecare nor leave it.
        const double unplaced = share_placed(p, d, locations_);
        if (unplaced == 0.0) continue;
        for (int f = 0; f < levels(setting); ++f) {
          const double waiting = unplaced * end(w_state(group, p, f), col);
          end(y_state(setting, f), col) -= waiting;
          end(y_state(hours_setting, 0), col) += waiting;
          settled.waiting_hours(0, col) += waiting * new_hours;
          const double turned_away = unplaced * entries(tracked_row(p, f), col);
          settled.turned_away(p, col) += turned_away;
          double from_home = 0.0;
          for (int home = 0; home < levels(hours_setting); ++home) {
            const double moved = propagator.admission_rate(y_state(setting, f), y_state(hours_setting, home)) *
                                 integral(y_state(hours_setting, home), col);
            from_home += moved;
            if (home == 0) settled.stayed_home[static_cast<std::size_t>(d)] += unplaced * moved;
          }
          settled.admitted(y_state(setting, f), col) -= turned_away;
          settled.admitted(y_state(hours_setting, 0), col) += turned_away - unplaced * from_home;
        }
      }
    }
  }
}

void ExpectedCareEngine::count_people_flows(int group, int age_offset, int days, const BlockMonth& settled,
                                            CareYearTotals& totals) const {
  const auto b = static_cast<std::size_t>(block(group, age_offset));
  const Propagator& propagator = propagators_[b];
  const GroupStates& states = group_states_[static_cast<std::size_t>(group)];
  const Eigen::MatrixXd& integral = month_integral_[b];
  const int short_term = model_->short_term_setting;
  for (int k = 0; k < settings_; ++k) {
    if (k == short_term) continue;
    const int council = y_state(k, 0);
    // Self-funders become council-funded from the lowest self-funded state.
    const int self = y_state(k, 1);
    const double depletion = conversion_rate(k);
    const double exit = propagator.exit_rate[static_cast<std::size_t>(council)];
    const double death = propagator.death_rate[static_cast<std::size_t>(council)];
    const double ending = propagator.end_rate[static_cast<std::size_t>(council)];
    const int tracked = tracked_of_setting_[static_cast<std::size_t>(k)];
    for (int d = 0; d < districts_; ++d) {
      const double time_in = integral(council, column(d, 0)) + integral(council, column(d, 1));
      const double self_time_in = integral(self, column(d, 0)) + integral(self, column(d, 1));
      const double admissions = settled.admitted(council, column(d, 0)) + settled.admitted(council, column(d, 1));
      totals.deaths[totals.at(k, group, d)] += death * time_in;
      totals.care_ended[totals.at(k, group, d)] += ending * time_in;
      const double stayed = k == model_->hours_setting ? settled.stayed_home[static_cast<std::size_t>(d)] : 0.0;
      // Rounding can leave a trace below zero when every move was turned away.
      totals.moves_out[totals.at(k, group, d)] += std::max(0.0, (exit - death - ending) * time_in - stayed);
      totals.self_funder_conversions[totals.at(k, d)] += depletion * self_time_in;
      totals.admissions[totals.at(k, group, d)] += admissions;
      totals.admissions_by_age[totals.age_at(k, age_offset)] += admissions;
      if (tracked >= 0 && tracked < place_settings_) continue;
      // Nights counted at midnights: a spell starting at a random time
      // gains half a night on average over its length, one ending at a
      // random time loses half.
      const double midnights = 0.5 * (admissions + depletion * self_time_in - exit * time_in);
      totals.care_days[totals.day_at(k, group, age_offset, d, false)] += time_in * days + midnights;
    }
  }
  // Short-term support on the way to long-term care: it starts at the
  // request and ends in the setting chosen then; nobody leaves it otherwise.
  const double ending = rules_.short_term_ending_per_year(days);
  for (int d = 0; d < districts_; ++d) {
    double time_in = 0.0;
    double admissions = 0.0;
    for (int j = 0; j < static_cast<int>(states.destinations.size()); ++j) {
      for (int s = 0; s < sex_count; ++s) {
        time_in += integral(st_state(j), column(d, s));
        admissions += inputs_[b](st_state(j), column(d, s)) * month_years;
      }
    }
    totals.admissions[totals.at(short_term, group, d)] += admissions;
    totals.admissions_by_age[totals.age_at(short_term, age_offset)] += admissions;
    totals.care_days[totals.day_at(short_term, group, age_offset, d, false)] +=
        time_in * days + 0.5 * (admissions - ending * time_in);
  }
}

void ExpectedCareEngine::count_place_nights(int group, int age_offset, int days, const BlockMonth& settled,
                                            CareYearTotals& totals) const {
  const Propagator& propagator = propagators_[static_cast<std::size_t>(block(group, age_offset))];
  for (int p = 0; p < place_settings_; ++p) {
    const int setting = tracked_[static_cast<std::size_t>(p)];
    const double depletion = conversion_rate(setting);
    const double council_exit = propagator.exit_rate[static_cast<std::size_t>(y_state(setting, 0))];
    // Running out of money keeps the bed (a constant hazard is one of the
    // exits; capital running down is not).
    const double self_exit =
        propagator.exit_rate[static_cast<std::size_t>(y_state(setting, 1))] - model_->self_funded_depletion_per_year;
    for (int d = 0; d < districts_; ++d) {
      for (int s = 0; s < sex_count; ++s) {
        const int col = column(d, s);
        for (int l = 0; l < locations_; ++l) {
          const int cell = col * locations_ + l;
          const bool outside = l == districts_;
          const double council_time = settled.placed_integral(tracked_row(p, 0), cell);
          const double converting_time = settled.placed_integral(tracked_row(p, 1), cell);
          const double council_entries = settled.placed_entries(tracked_row(p, 0), cell);
          const double council_nights =
              council_time * days + 0.5 * (council_entries + depletion * converting_time - council_exit * council_time);
          totals.care_days[totals.day_at(setting, group, age_offset, d, outside)] += council_nights;
          totals.bed_nights[totals.bed_at(setting, outside ? d : l, outside)] += council_nights;
          const double self_time = self_funded_sum(setting, [&](int f) { return settled.placed_integral(tracked_row(p, f), cell); });
          const double self_entries = self_funded_sum(setting, [&](int f) { return settled.placed_entries(tracked_row(p, f), cell); });
          // Conversions leave the self-funded nights as they enter the council's.
          totals.self_funder_bed_nights[totals.bed_at(setting, outside ? d : l, outside)] +=
              self_time * days + 0.5 * (self_entries - self_exit * self_time - depletion * converting_time);
          if (outside) {
            totals.out_of_area_placements[totals.at(setting, d)] += council_entries;
            continue;
          }
          totals.occupied_days[totals.at(setting, l)] +=
              (council_time + self_time) * days +
              0.5 * (council_entries + self_entries - council_exit * council_time - self_exit * self_time);
        }
      }
    }
  }
}

void ExpectedCareEngine::count_homecare(int group, int age_offset, int days, const BlockMonth& settled, CareYearTotals& totals) {
  const int hours_setting = model_->hours_setting;
  const int hours_tracked = tracked_of_setting_[static_cast<std::size_t>(hours_setting)];
  if (hours_tracked < 0) return;
  const auto b = static_cast<std::size_t>(block(group, age_offset));
  const Propagator& propagator = propagators_[b];
  const double depletion = conversion_rate(hours_setting);
  const double new_hours = rules_.package_mean_hours() * rules_.package_factor();
  // The hours of those already receiving homecare, and of this month's new
  // packages at the mean size.
  const int first = w_state(group, hours_tracked, 0);
  const int funding_states = levels(hours_setting);
  const Eigen::MatrixXd& entries = month_entries_[b];
  const Eigen::MatrixXd hours_integral = propagator.integral.block(first, first, funding_states, funding_states) * hours_[b] +
                                         new_hours * month_integral_[b].middleRows(first, funding_states);
  hours_[b] = propagator.step.block(first, first, funding_states, funding_states) * hours_[b] +
              new_hours * month_end_[b].middleRows(first, funding_states) + settled.waiting_hours;
  const double council_exit = propagator.exit_rate[static_cast<std::size_t>(y_state(hours_setting, 0))];
  const double self_exit =
      propagator.exit_rate[static_cast<std::size_t>(y_state(hours_setting, 1))] - model_->self_funded_depletion_per_year;
  for (int d = 0; d < districts_; ++d) {
    for (int s = 0; s < sex_count; ++s) {
      const int col = column(d, s);
      const double council_hours = hours_integral(0, col);
      const double converting_hours = hours_integral(1, col);
      const double self_hours = self_funded_sum(hours_setting, [&](int f) { return hours_integral(f, col); });
      const double council_new = new_hours * entries(tracked_row(hours_tracked, 0), col);
      const double self_new = new_hours * self_funded_sum(hours_setting, [&](int f) { return entries(tracked_row(hours_tracked, f), col); });
      totals.homecare_hours_needed[totals.hours_at(group, age_offset, d)] +=
          (council_hours * days + 0.5 * (council_new + depletion * converting_hours - council_exit * council_hours)) / 7.0;
      homecare_needed_[static_cast<std::size_t>(d)] +=
          ((council_hours + self_hours) * days +
           0.5 * (council_new + self_new - council_exit * council_hours - self_exit * self_hours)) /
          7.0;
    }
  }
}

}  // namespace carecast
