#include "carecast/simulation/care_rules.h"

#include <algorithm>
#include <cmath>

namespace carecast {

CareRules::CareRules(const CareModel& model)
    : base_(&model),
      model_(&model),
      settings_(model.settings.size()),
      groups_(model.client_groups.size()),
      ages_(static_cast<std::size_t>(model.oldest_age - model.adult_age + 1)),
      adult_age_(model.adult_age),
      entry_settings_(model.client_groups.size()),
      self_funding_setting_(model.self_funding_setting.begin(), model.self_funding_setting.end()),
      self_funding_group_(model.self_funding_group.begin(), model.self_funding_group.end()) {
  for (std::size_t group = 0; group < groups_; ++group) {
    std::vector<bool> reached(settings_, false);
    for (const auto& shares : model.entry_share[group]) {
      for (std::size_t k = 0; k < shares.size(); ++k) {
        if (shares[k] <= 0.0) continue;
        reached[k] = true;
        // Home First may send a care home entrant home with homecare.
        if (model.settings[k].kind == SettingKind::care_home) reached[static_cast<std::size_t>(model.hours_setting)] = true;
      }
    }
    for (std::size_t k = 0; k < settings_; ++k) {
      if (reached[k]) entry_settings_[group].push_back(static_cast<int>(k));
    }
  }
  for (const auto& transition : model.transitions) {
    transition_mix_.push_back((transition_mix_.empty() ? 0.0 : transition_mix_.back()) + transition.share);
  }
  tabulate_exits();
  tabulate_entries();
  tabulate_capital();
}

void CareRules::set_policy(const CarePolicy& policy) {
  const bool same_exits = policy.extra_moves == policy_.extra_moves;
  const bool same_entries = policy.care_home_entry_factor == policy_.care_home_entry_factor;
  policy_ = policy;
  if (!same_exits) tabulate_exits();
  if (!same_entries) tabulate_entries();
}

void CareRules::set_rates(const std::vector<RateFactor>& factors) {
  if (factors == rate_factors_) return;
  rate_factors_ = factors;
  if (factors.empty()) {
    adjusted_.reset();
    model_ = base_;
  } else {
    auto adjusted = std::make_shared<CareModel>(*base_);
    for (const RateFactor& factor : factors) apply_rate_factor(*adjusted, factor);
    adjusted_ = std::move(adjusted);
    model_ = adjusted_.get();
  }
  tabulate_exits();
  tabulate_entries();
  tabulate_capital();
}

void CareRules::tabulate_capital() {
  capital_above_limit_.clear();
  if (!capital()) return;
  for (std::size_t a = 0; a < ages_; ++a) capital_above_limit_.push_back(capital()->share_above_limit(static_cast<int>(a)));
}

double CareRules::onward_share() const {
  const double no_further = std::min(1.0, model_->no_further_need_share + policy_.no_further_need_increase);
  return (1.0 - no_further) * model_->long_term_share_of_further_need;
}

CareRules::ShortTermCarry CareRules::short_term_carry(int days) const {
  const double mean_days = model_->short_term_mean_days;
  const double still_open = std::exp(-static_cast<double>(days) / mean_days);
  return {mean_days / days * (1.0 - still_open), still_open};
}

void CareRules::tabulate_exits() {
  const CareModel& model = *model_;
  exits_.clear();
  exits_begin_.clear();
  exit_rate_.clear();
  for (const bool self_funded : {false, true}) {
    for (std::size_t setting = 0; setting < settings_; ++setting) {
      for (std::size_t group = 0; group < groups_; ++group) {
        for (std::size_t age = 0; age < ages_; ++age) {
          exits_begin_.push_back(exits_.size());
          double total = 0.0;
          auto add = [&](int to, double per_year) {
            exits_.push_back({to, per_year});
            total += per_year;
          };
          if (self_funded) add(funding_runs_out, model.self_funded_depletion_per_year);
          for (const MoveRate& move : model.moves[setting][group][age]) add(move.to, move.per_year);
          for (const ExtraMove& move : policy_.extra_moves) {
            if (move.from_setting == static_cast<int>(setting) &&
                (move.client_group < 0 || move.client_group == static_cast<int>(group))) {
              add(move.to_setting, move.per_year);
            }
          }
          exit_rate_.push_back(total);
        }
      }
    }
  }
  exits_begin_.push_back(exits_.size());
  tabulate_exit_rate_per_day();
}

void CareRules::set_year_days(int days) {
  if (days == year_days_) return;
  year_days_ = days;
  tabulate_exit_rate_per_day();
}

void CareRules::tabulate_exit_rate_per_day() {
  exit_rate_per_day_.resize(exit_rate_.size());
  for (std::size_t state = 0; state < exit_rate_.size(); ++state) {
    exit_rate_per_day_[state] = exit_rate_[state] / static_cast<double>(year_days_);
  }
}

void CareRules::tabulate_entries() {
  const CareModel& model = *model_;
  entry_choices_.clear();
  entry_choices_begin_.clear();
  entry_probability_.assign(groups_ * ages_ * settings_, 0.0);
  for (std::size_t group = 0; group < model.entry_share.size(); ++group) {
    const double factor = policy_.care_home_entry_factor.empty() ? 1.0 : policy_.care_home_entry_factor[group];
    for (std::size_t age = 0; age < model.entry_share[group].size(); ++age) {
      const auto& shares = model.entry_share[group][age];
      entry_choices_begin_.push_back(entry_choices_.size());
      double diverted = 0.0;
      for (std::size_t k = 0; k < shares.size(); ++k) {
        if (model.settings[k].kind == SettingKind::care_home) diverted += shares[k] * (1.0 - factor);
      }
      double cumulative = 0.0;
      double* probability = entry_probability_.data() + (group * ages_ + age) * settings_;
      int last = -1;
      for (std::size_t k = 0; k < shares.size(); ++k) {
        double share = model.settings[k].kind == SettingKind::care_home ? shares[k] * factor : shares[k];
        if (static_cast<int>(k) == model.hours_setting) share += diverted;
        if (share <= 0.0) continue;
        // A uniform draw picks k when it falls between the cumulative shares
        // before and after it; draws beyond the last cumulative share take
        // the last setting.
        probability[k] = std::min(cumulative + share, 1.0) - std::min(cumulative, 1.0);
        cumulative += share;
        last = static_cast<int>(k);
        entry_choices_.push_back({cumulative, static_cast<int>(k)});
      }
      if (last >= 0) probability[last] += 1.0 - std::min(cumulative, 1.0);
    }
  }
  entry_choices_begin_.push_back(entry_choices_.size());
}

std::span<const double> CareRules::entry_probabilities(int group, int age) const {
  return {entry_probability_.data() + entry_row(group, age) * settings_, settings_};
}

}  // namespace carecast
