#include "carecast/simulation/unfollowed_episodes.h"

#include <algorithm>
#include <numeric>

namespace carecast {

UnfollowedEpisodes::UnfollowedEpisodes(int groups, int districts, int ages)
    : districts_(districts),
      ages_(ages),
      open_(static_cast<std::size_t>(groups * districts), 0.0),
      started_(open_.size(), 0.0),
      open_by_age_(open_.size() * static_cast<std::size_t>(ages), 0.0),
      started_by_age_(open_by_age_.size(), 0.0) {}

void UnfollowedEpisodes::clear() {
  std::fill(open_.begin(), open_.end(), 0.0);
  std::fill(started_.begin(), started_.end(), 0.0);
  std::fill(open_by_age_.begin(), open_by_age_.end(), 0.0);
  std::fill(started_by_age_.begin(), started_by_age_.end(), 0.0);
}

void UnfollowedEpisodes::age_one_year() {
  const auto ages = static_cast<std::size_t>(ages_);
  for (std::size_t first = 0; ages > 1 && first < open_by_age_.size(); first += ages) {
    double* cells = open_by_age_.data() + first;
    cells[ages - 1] += cells[ages - 2];  // the oldest age is open: it keeps its people
    for (std::size_t a = ages - 2; a > 0; --a) cells[a] = cells[a - 1];
    cells[0] = 0.0;
  }
  std::fill(started_.begin(), started_.end(), 0.0);
  std::fill(started_by_age_.begin(), started_by_age_.end(), 0.0);
}

void UnfollowedEpisodes::spread(double count, std::span<const double> weights, double* by_age) {
  if (count == 0.0) return;
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (total <= 0.0) return;
  for (std::size_t a = 0; a < weights.size(); ++a) by_age[a] += count * weights[a] / total;
}

void UnfollowedEpisodes::add_open(int group, int district, double count, std::span<const double> weights) {
  open_[cell(group, district)] += count;
  spread(count, weights, open_by_age_.data() + cell(group, district) * static_cast<std::size_t>(ages_));
}

void UnfollowedEpisodes::add_started(int group, int district, double count, std::span<const double> weights) {
  started_[cell(group, district)] += count;
  spread(count, weights, started_by_age_.data() + cell(group, district) * static_cast<std::size_t>(ages_));
}

void UnfollowedEpisodes::close_year(int group, int district, double from_started, double from_carried) {
  const std::size_t at = cell(group, district);
  const double started = started_[at];
  const double carried = open_[at];
  // Whether an episode is still open does not depend on age, so the ages
  // of those still open are in the proportions of the ages they came from.
  const double started_share = started > 0.0 ? from_started / started : 0.0;
  const double carried_share = carried > 0.0 ? from_carried / carried : 0.0;
  double* open = open_by_age_.data() + at * static_cast<std::size_t>(ages_);
  const double* began = started_by_age_.data() + at * static_cast<std::size_t>(ages_);
  for (int a = 0; a < ages_; ++a) open[a] = open[a] * carried_share + began[a] * started_share;
  open_[at] = from_started + from_carried;
}

}  // namespace carecast
