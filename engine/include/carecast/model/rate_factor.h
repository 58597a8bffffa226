#pragma once
// A multiplier of one kind of the care model's rates, for some client groups
// and settings: what a fit frees (docs/fitting.md) and what a scenario may
// draw per replicate (`demand.rate_factors`, docs/scenario-format.md), so
// that the uncertainty a fit leaves in the rates reaches the forecast's
// bands. One definition of what each kind multiplies serves both.

#include <span>
#include <string_view>
#include <vector>

#include "carecast/model/care_model.h"

namespace carecast {

enum class RateEffect {
  request_rate,  // requests per head, every age
  move_rate,  // moves out of a setting to another one and endings of care
  death_rate,  // deaths in a setting
  entry_share,  // one setting's share of entries; the others rescaled so each row keeps its total
  homecare_hours,  // the mean hours of a homecare package
  transitions,  // young people arriving from children's services a year
};

inline constexpr RateEffect rate_effects[] = {RateEffect::request_rate, RateEffect::move_rate, RateEffect::death_rate,
                                              RateEffect::entry_share, RateEffect::homecare_hours, RateEffect::transitions};

// Whether the effect acts on the whole model (no client group or setting).
constexpr bool acts_on_everyone(RateEffect effect) {
  return effect == RateEffect::homecare_hours || effect == RateEffect::transitions;
}

// The effects by the names targets files and scenarios give them.
std::string_view rate_effect_name(RateEffect effect);

struct RateFactor {
  RateEffect effect = RateEffect::request_rate;
  std::vector<int> client_groups;  // empty: every group
  int setting = -1;  // the setting left (moves, deaths) or entered (entry share); -1: every one
  double factor = 1.0;

  bool applies_to_group(int group) const;
  bool applies_to_setting(int setting) const { return this->setting < 0 || this->setting == setting; }
  // Whether a move to `to` (a setting, move_death or move_end) is one this
  // factor multiplies: deaths for a death rate, the others for a move rate.
  bool applies_to_move(int to) const { return effect == RateEffect::death_rate ? to == move_death : to != move_death; }
  bool operator==(const RateFactor&) const = default;
};

// Scales `*shares[chosen]` by `factor` and then every share so their total
// is kept (nothing when that would leave no share at all).
void rescale_shares(std::span<double* const> shares, std::size_t chosen, double factor);

// `care` with `factor` applied.
void apply_rate_factor(CareModel& care, const RateFactor& factor);

}  // namespace carecast
