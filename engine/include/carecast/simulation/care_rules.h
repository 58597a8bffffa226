#pragma once
// The rule book of care careers, written once for both engines: the Monte
// Carlo (CareEngine) applies it to people one draw at a time, the
// expected-value mode (ExpectedCareEngine) to expected numbers of people. A
// CareRules is the model's rates under the policy in force: how many people
// ask for support, where the front door routes them, which setting a request
// leads to (chosen at the request, by client group and age then), the
// competing hazards of moving, dying, leaving care and, for self-funders,
// running out of money, who funds a placement, and the size of a homecare
// package. Where a placement goes is the market's rule (market/placement.h).
// docs/model.md, "Care careers", says what the rules are.

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

#include "carecast/model/care_model.h"
#include "carecast/model/rate_factor.h"
#include "carecast/simulation/policy.h"

namespace carecast {

// A self-funder's capital running down: an exit that keeps the place and
// makes the council pay (alongside move_death and move_end).
inline constexpr int funding_runs_out = -3;

// Who pays once someone enters a setting.
enum class EntryFunding {
  council,  // a setting or client group in which nobody funds themselves
  unchanged,  // moving between settings where people may fund themselves: as before
  drawn,  // newly entering such a setting: self-funded with the entrant share
};

class CareRules {
 public:
  explicit CareRules(const CareModel& model);

  // The levers and demand growth in force from now on; the tables that
  // depend on them are worked out again only when a lever changes them.
  void set_policy(const CarePolicy& policy);
  // The model's rates multiplied by `factors` (a replicate's draw of what a
  // fit left uncertain), until set again; the rules then work from a copy of
  // the model, made only when the factors change. Empty: the model's own.
  void set_rates(const std::vector<RateFactor>& factors);
  const std::vector<RateFactor>& rates() const { return rate_factors_; }
  const CarePolicy& policy() const { return policy_; }
  const CareModel& model() const { return *model_; }

  // --- The front door.
  // Requests a year from one district, sex and client group: `weights[a]`
  // is the request rate at age adult + a times `eligible(a)`, the residents
  // of that age not already in long-term care; the result is their sum times
  // the district's need index and the policy's need multiplier.
  template <typename Eligible>
  double request_weights(int district, int group, Eligible eligible, std::vector<double>& weights) const {
    const auto& rates = model_->request_rate[static_cast<std::size_t>(group)];
    weights.resize(rates.size());
    double total = 0.0;
    for (std::size_t a = 0; a < rates.size(); ++a) {
      weights[a] = rates[a] * eligible(static_cast<int>(a));
      total += weights[a];
    }
    return total * model_->district_need[static_cast<std::size_t>(district)] * policy_.need_multiplier_of(group);
  }
  double short_term_share() const { return model_->short_term_share; }
  // Of short-term episodes, the share that goes on to long-term care: those
  // needing something further (fewer under a reablement lever), times the
  // share of those who go to long-term care.
  double onward_share() const;
  // Short-term episodes that end without long-term care are counted, not
  // followed. With starts spread evenly over a year of `days` days and
  // exponential lengths, one started in the year is still open at its end
  // with probability `open_at_year_end`; one open at the last year end is
  // still open with probability `still_open`.
  struct ShortTermCarry {
    double open_at_year_end;
    double still_open;
  };
  ShortTermCarry short_term_carry(int days) const;
  // Episodes in progress at the caseload date per episode a year: their mean
  // length over a year (Little's law).
  double short_term_in_progress() const { return model_->short_term_mean_days / 365.0; }
  // The rate a year, in a year of `days` days, at which short-term support ends.
  double short_term_ending_per_year(int days) const { return static_cast<double>(days) / model_->short_term_mean_days; }

  // --- The setting a request leads to, chosen at the request from the
  // client group's entry mix at the age then; under Home First part of the
  // care home share goes home with homecare instead.
  // The first setting whose cumulative share exceeds `uniform` (the last one
  // when none does); -1 when the group has no entry at that age.
  int draw_entry(int group, int age, double uniform) const {
    const std::size_t row = entry_row(group, age);
    int chosen = -1;
    for (std::size_t k = entry_choices_begin_[row]; k < entry_choices_begin_[row + 1]; ++k) {
      chosen = entry_choices_[k].setting;
      if (uniform < entry_choices_[k].cumulative) break;
    }
    return chosen;
  }
  // The probability of each setting (indexed by setting) that draw_entry
  // gives for a uniform draw.
  std::span<const double> entry_probabilities(int group, int age) const;
  // Every setting some request of the group may lead to at some age, under
  // any policy.
  const std::vector<int>& entry_settings(int group) const { return entry_settings_[static_cast<std::size_t>(group)]; }

  // --- Competing hazards of leaving a state: running out of money (for a
  // self-funder), then the model's moves and deaths, then the policy's extra
  // moves. `to` is a setting, move_death, move_end or funding_runs_out.
  struct Exit {
    int to;
    double per_year;
  };
  std::span<const Exit> exits(bool self_funded, int setting, int group, int age) const {
    const std::size_t state = state_index(self_funded, setting, group, age);
    return {exits_.data() + exits_begin_[state], exits_.data() + exits_begin_[state + 1]};
  }
  // The total rate a year of leaving the state.
  double exit_rate(bool self_funded, int setting, int group, int age) const {
    return exit_rate_[state_index(self_funded, setting, group, age)];
  }
  // The same a day in a year of `days` days (set_year_days): the Monte
  // Carlo's exit clock asks it of every client every year, and the division
  // is done once a state here.
  void set_year_days(int days);
  double exit_rate_per_day(bool self_funded, int setting, int group, int age) const {
    return exit_rate_per_day_[state_index(self_funded, setting, group, age)];
  }
  // The exit a uniform draw picks, in proportion to the hazards.
  int choose_exit(bool self_funded, int setting, int group, int age, double uniform) const {
    double target = uniform * exit_rate(self_funded, setting, group, age);
    // Rounding can leave the target at the very end: it then takes the last
    // move (running out of money is never the fallback).
    int fallback = move_end;
    for (const Exit& exit : exits(self_funded, setting, group, age)) {
      if (target < exit.per_year) return exit.to;
      target -= exit.per_year;
      if (exit.to != funding_runs_out) fallback = exit.to;
    }
    return fallback;
  }

  // --- Young people from children's services: a Poisson number a year
  // arrive at the adult age, their district and sex in proportion to the
  // residents of that age, their client group and first setting from the
  // model's mix.
  double transitions_per_year() const { return model_->transitions_per_year; }
  // The mix's cumulative shares (ending with their total).
  const std::vector<double>& transition_mix() const { return transition_mix_; }
  // Arrivals (and the base caseload's people) are spread over places (a
  // district and sex, or an age) in proportion to their residents plus a
  // trace, so that a place without residents still has a weight and the
  // weights never sum to 0. The weight of one place, and the running total
  // of the weights up to a place (summed in this order, as the Monte Carlo
  // draws from it):
  static double arrival_weight(double residents) { return residents + arrival_trace; }
  static double arrival_weight_through(double total_before, double residents) {
    return total_before + residents + arrival_trace;
  }
  static constexpr double arrival_trace = 1e-9;

  // --- Funding, and the size of a homecare package.
  EntryFunding funding_on_entry(int from_setting, int to_setting, int group) const {
    if (!self_funding_setting_[static_cast<std::size_t>(to_setting)] || !self_funding_group_[static_cast<std::size_t>(group)]) {
      return EntryFunding::council;
    }
    if (from_setting >= 0 && self_funding_setting_[static_cast<std::size_t>(from_setting)]) return EntryFunding::unchanged;
    return EntryFunding::drawn;
  }
  // The share of entrants at `age` who fund themselves.
  double entrant_self_funded_share(int age) const {
    const auto& capital = model_->self_funder_capital;
    return capital ? capital->entrant_share[static_cast<std::size_t>(age - model_->adult_age)] : model_->self_funded_entrant_share;
  }
  // Each self-funder's capital, when the model gives it; otherwise self-funders
  // run out of money at a constant hazard, one of their exits.
  const SelfFunderCapital* capital() const { return model_->self_funder_capital ? &*model_->self_funder_capital : nullptr; }
  // The capital of a self-funder entering at `age` for a uniform draw
  // (SelfFunderCapital::capital_at), when capital() is given.
  double entrant_capital(int age, double uniform) const {
    const int offset = age - model_->adult_age;
    return capital()->capital_at(offset, uniform, capital_above_limit_[static_cast<std::size_t>(offset)]);
  }
  // Hours a week of a new package are gamma distributed with this shape and
  // mean, times the policy's factor (technology-enabled care).
  double package_shape() const { return model_->homecare_hours_shape; }
  double package_mean_hours() const { return model_->homecare_mean_hours; }
  double package_factor() const { return policy_.homecare_hours_factor; }

 private:
  std::size_t state_index(bool self_funded, int setting, int group, int age) const {
    return ((static_cast<std::size_t>(self_funded) * settings_ + static_cast<std::size_t>(setting)) * groups_ +
            static_cast<std::size_t>(group)) *
               ages_ +
           static_cast<std::size_t>(age - adult_age_);
  }
  std::size_t entry_row(int group, int age) const {
    return static_cast<std::size_t>(group) * ages_ + static_cast<std::size_t>(age - adult_age_);
  }
  void tabulate_exits();
  void tabulate_exit_rate_per_day();
  void tabulate_entries();
  void tabulate_capital();

  const CareModel* base_;
  std::shared_ptr<const CareModel> adjusted_;  // the base with rate_factors_, when there are any
  const CareModel* model_;  // the one in force
  std::vector<RateFactor> rate_factors_;
  CarePolicy policy_;
  std::size_t settings_ = 0;
  std::size_t groups_ = 0;
  std::size_t ages_ = 0;  // single years of age in the model's tables
  int adult_age_ = 0;  // the model's, kept here for the lookups by age at every event

  std::vector<Exit> exits_;  // every state's exits, in order
  std::vector<std::size_t> exits_begin_;  // [self-funded][setting][group][age], and one past the end
  std::vector<double> exit_rate_;  // by state: the sum of its exits, in their order
  int year_days_ = 365;
  std::vector<double> exit_rate_per_day_;  // by state: exit_rate_ / year_days_

  struct EntryChoice {
    double cumulative;  // share of entrants going to this setting or an earlier one
    int setting;
  };
  std::vector<EntryChoice> entry_choices_;  // settings with a positive share, by group and age
  std::vector<std::size_t> entry_choices_begin_;  // [group][age], and one past the end
  std::vector<double> entry_probability_;  // [group][age][setting]
  std::vector<std::vector<int>> entry_settings_;  // [group]
  std::vector<double> transition_mix_;
  std::vector<double> capital_above_limit_;  // [age]: SelfFunderCapital::share_above_limit, worked out once
  // The model's self_funding_setting and self_funding_group as bytes, read
  // at every entry where a vector<bool> takes a shift and a mask.
  std::vector<unsigned char> self_funding_setting_;
  std::vector<unsigned char> self_funding_group_;
};

}  // namespace carecast
