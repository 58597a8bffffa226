#pragma once
// Short-term episodes that end without long-term care: counted, not followed
// as people (docs/model.md, "Front door"). Both engines keep them here by
// client group and district, with their split by age at the request: the
// Monte Carlo draws how many start and how many are still open at a year
// end, the expected-value mode takes their expectations, and the split by
// age is the expected one given those numbers (the request rates' age mix of
// the episodes that started, carried forward a year older each year), so
// that the counts by age always add up to the counts.

#include <span>
#include <vector>

namespace carecast {

class UnfollowedEpisodes {
 public:
  UnfollowedEpisodes(int groups, int districts, int ages);

  void clear();
  // The year turns: what is open is a year older; nothing has started yet.
  void age_one_year();
  // `count` episodes open at the caseload date, or started this year, of
  // people whose ages are spread as `weights` (by age, any scale).
  void add_open(int group, int district, double count, std::span<const double> weights);
  void add_started(int group, int district, double count, std::span<const double> weights);
  // At the year end: of those started this year `from_started` are still
  // open, and of those open at the last year end `from_carried`.
  void close_year(int group, int district, double from_started, double from_carried);

  double open(int group, int district) const { return open_[cell(group, district)]; }
  double started(int group, int district) const { return started_[cell(group, district)]; }
  std::span<const double> open_by_age(int group, int district) const { return by_age(open_by_age_, group, district); }
  std::span<const double> started_by_age(int group, int district) const { return by_age(started_by_age_, group, district); }

 private:
  std::size_t cell(int group, int district) const {
    return static_cast<std::size_t>(group) * static_cast<std::size_t>(districts_) + static_cast<std::size_t>(district);
  }
  std::span<const double> by_age(const std::vector<double>& values, int group, int district) const {
    return {values.data() + cell(group, district) * static_cast<std::size_t>(ages_), static_cast<std::size_t>(ages_)};
  }
  static void spread(double count, std::span<const double> weights, double* by_age);

  int districts_;
  int ages_;
  std::vector<double> open_;  // [group][district]
  std::vector<double> started_;  // [group][district], this year
  std::vector<double> open_by_age_;  // [group][district][age - adult age]
  std::vector<double> started_by_age_;  // [group][district][age - adult age]
};

}  // namespace carecast
