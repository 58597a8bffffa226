#include "carecast/model/rate_factor.h"

#include <algorithm>

namespace carecast {
void rescale_shares(std::span<double* const> shares, std::size_t chosen, double factor) {
  double total = 0.0;
  for (const double* share : shares) total += *share;
  const double raised = total - *shares[chosen] + *shares[chosen] * factor;
  if (!(raised > 0.0)) return;
  *shares[chosen] *= factor;
  for (double* share : shares) *share *= total / raised;
}

std::string_view rate_effect_name(RateEffect effect) {
  switch (effect) {
    case RateEffect::request_rate:
      return "request_rate";
    case RateEffect::move_rate:
      return "move_rate";
    case RateEffect::death_rate:
      return "death_rate";
    case RateEffect::entry_share:
      return "entry_share";
    case RateEffect::homecare_hours:
      return "homecare_hours";
    case RateEffect::transitions:
      return "transitions";
  }
  return "request_rate";
}

bool RateFactor::applies_to_group(int group) const {
  return client_groups.empty() || std::find(client_groups.begin(), client_groups.end(), group) != client_groups.end();
}

void apply_rate_factor(CareModel& care, const RateFactor& factor) {
  if (factor.effect == RateEffect::homecare_hours) {
    care.homecare_mean_hours *= factor.factor;
    return;
  }
  if (factor.effect == RateEffect::transitions) {
    care.transitions_per_year *= factor.factor;
    return;
  }
  for (int group = 0; group < static_cast<int>(care.client_groups.size()); ++group) {
    if (!factor.applies_to_group(group)) continue;
    const auto g = static_cast<std::size_t>(group);
    switch (factor.effect) {
      case RateEffect::request_rate:
        for (double& rate : care.request_rate[g]) rate *= factor.factor;
        break;
      case RateEffect::move_rate:
      case RateEffect::death_rate:
        for (int setting = 0; setting < static_cast<int>(care.settings.size()); ++setting) {
          if (!factor.applies_to_setting(setting)) continue;
          for (auto& by_age : care.moves[static_cast<std::size_t>(setting)][g]) {
            for (MoveRate& move : by_age) {
              if (factor.applies_to_move(move.to)) move.per_year *= factor.factor;
            }
          }
        }
        break;
      case RateEffect::entry_share:
        for (auto& shares : care.entry_share[g]) {
          std::vector<double*> row;
          for (double& share : shares) row.push_back(&share);
          rescale_shares(row, static_cast<std::size_t>(factor.setting), factor.factor);
        }
        break;
      case RateEffect::homecare_hours:
      case RateEffect::transitions:
        break;
    }
  }
}

}  // namespace carecast
