#include "carecast/simulation/policy.h"

#include <boost/random/normal_distribution.hpp>

#include <algorithm>
#include <cmath>

namespace carecast {

CarePolicy policy_for_year(const std::vector<Lever>& levers, const std::vector<bool>& delivered, const std::vector<double>& need_growth,
                           const std::vector<std::vector<double>>& need_drift_path, int first_year, int year, int client_groups) {
  CarePolicy policy;
  policy.care_home_entry_factor.assign(static_cast<std::size_t>(client_groups), 1.0);
  // Growth compounds from the first simulated year: 2024 is one year on from
  // the caseload's base year.
  const int steps = std::max(0, year - first_year + 1);
  for (std::size_t g = 0; g < need_growth.size(); ++g) {
    double multiplier = std::pow(1.0 + need_growth[g], steps);
    if (!need_drift_path.empty()) {
      const std::vector<double>& path = need_drift_path[g];
      multiplier *= std::exp(path[std::min(static_cast<std::size_t>(steps), path.size() - 1)]);
    }
    policy.need_multiplier.push_back(multiplier);
  }
  for (std::size_t k = 0; k < levers.size(); ++k) {
    const Lever& lever = levers[k];
    if (!delivered[k] || year < lever.start_year) continue;
    switch (lever.kind) {
      case LeverKind::reablement:
        policy.no_further_need_increase += lever.size;
        break;
      case LeverKind::technology:
        policy.homecare_hours_factor *= 1.0 - lever.size;
        break;
      case LeverKind::home_first:
        for (int g = 0; g < client_groups; ++g) {
          if (lever.client_group < 0 || lever.client_group == g) policy.care_home_entry_factor[static_cast<std::size_t>(g)] *= 1.0 - lever.size;
        }
        break;
      case LeverKind::move:
        policy.extra_moves.push_back({lever.from_setting, lever.client_group, lever.to_setting, lever.size});
        break;
    }
  }
  return policy;
}

std::vector<std::vector<double>> need_drift_path(const std::vector<double>& drift, int steps, RandomEngine& stream) {
  boost::random::normal_distribution<double> standard_normal;
  std::vector<double> scores(drift.size() * static_cast<std::size_t>(steps));
  for (double& score : scores) score = standard_normal(stream);
  return need_drift_path(drift, steps, scores);
}

std::vector<std::vector<double>> need_drift_path(const std::vector<double>& drift, int steps, std::span<const double> scores) {
  std::vector<std::vector<double>> path(drift.size());
  std::size_t next = 0;
  for (std::size_t g = 0; g < drift.size(); ++g) {
    path[g].assign(static_cast<std::size_t>(steps) + 1, 0.0);
    for (std::size_t k = 1; k < path[g].size(); ++k) {
      path[g][k] = path[g][k - 1] + drift[g] * scores[next++] - 0.5 * drift[g] * drift[g];
    }
  }
  return path;
}

}  // namespace carecast
