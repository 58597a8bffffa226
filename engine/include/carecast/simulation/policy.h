#pragma once
// Policy levers and demand growth: a scenario's what-ifs that act on the
// simulation itself (not on the totals). Each lever starts in a year and is
// delivered or not in each replicate with its probability, drawn from its
// own random stream; CarePolicy is what the delivered levers amount to in
// one year.

#include <span>
#include <string>
#include <vector>

#include "carecast/core/random.h"

namespace carecast {

enum class LeverKind {
  reablement,  // more people need nothing after short-term support: size added to that share
  technology,  // technology-enabled care: new homecare packages have `size` fewer hours (a share)
  home_first,  // a share `size` of the client group's care home entries go home with homecare instead
  move,  // an extra hazard `size` a year from one setting to another for a client group
};

struct Lever {
  std::string name;
  LeverKind kind = LeverKind::reablement;
  int start_year = 0;
  double size = 0.0;
  double delivery_probability = 1.0;
  int client_group = -1;  // -1: every group
  int from_setting = -1;  // for moves
  int to_setting = -1;
};

struct ExtraMove {
  int from_setting = 0;
  int client_group = -1;
  int to_setting = 0;
  double per_year = 0.0;

  bool operator==(const ExtraMove&) const = default;
};

struct CarePolicy {
  std::vector<double> need_multiplier;  // on request rates, by client group; empty for none
  double no_further_need_increase = 0.0;
  double homecare_hours_factor = 1.0;  // on new homecare packages
  std::vector<double> care_home_entry_factor;  // by client group
  std::vector<ExtraMove> extra_moves;
  // [setting][district]: the market's capacity this year; empty for the
  // model's own (the scenario changes none).
  std::vector<std::vector<double>> capacity;

  double need_multiplier_of(int group) const {
    return need_multiplier.empty() ? 1.0 : need_multiplier[static_cast<std::size_t>(group)];
  }
};

// The policy in force in `year` given which levers this replicate delivers,
// the scenario's yearly growth in need beyond demography (by client group)
// and the replicate's drift in need ([client group][years since the start],
// the log of need's multiplier; empty for none).
CarePolicy policy_for_year(const std::vector<Lever>& levers, const std::vector<bool>& delivered, const std::vector<double>& need_growth,
                           const std::vector<std::vector<double>>& need_drift_path, int first_year, int year, int client_groups);

// A random walk of need, one path per client group: each year's log change
// is normal with standard deviation `drift[g]` and mean -drift[g]^2/2, so
// need's multiplier has mean 1 in every year and the expected-value mode,
// which has no drift, stays the mean. `steps` yearly changes after a 0.
std::vector<std::vector<double>> need_drift_path(const std::vector<double>& drift, int steps, RandomEngine& stream);
// The same walk from given standard normal scores, `steps` of them for each
// client group in turn.
std::vector<std::vector<double>> need_drift_path(const std::vector<double>& drift, int steps, std::span<const double> scores);

}  // namespace carecast
