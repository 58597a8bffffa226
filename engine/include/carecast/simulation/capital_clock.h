#pragma once
// How the expected-value mode follows self-funders' capital (docs/model.md,
// "The expected-value mode"). The Monte Carlo converts a self-funder to
// council funding on the day their capital reaches the limit; a fixed delay
// has no linear differential equation, so the expected mode keeps, beside
// its states, how the self-funders still holding capital are spread over the
// months of fees it has left. At each month's start those with a month or
// less left become due: they convert during the month, at a rate that makes
// their mean time half a month. Holding self-funders stay where the month's
// exits leave them, their months of capital carried along (and rescaled by
// the fees when they move between self-funding settings); entrants join with
// their capital's months, less the half month they have paid on average.
//
// Months here are twelfths of 365.25 days, the engine's months within a day.

#include <span>
#include <vector>

#include <Eigen/Dense>

#include "carecast/model/self_funder_capital.h"

namespace carecast {

class CapitalClock {
 public:
  // Months of capital followed; more is counted as this many.
  static constexpr int horizon = 360;
  // The rate a year at which due self-funders convert: a mean of half a month.
  static constexpr double due_rate_per_year = 24.0;

  // A clock for `blocks` blocks of `columns` columns each, in `settings`
  // (the self-funding settings, in order), for ages from the adult age.
  CapitalClock(const SelfFunderCapital& capital, std::vector<int> settings, int ages, int blocks, int columns);

  void clear();
  // The share of entrants at `age_offset` into the `i`th setting whose
  // capital lasts half a month or less: due in the month they enter.
  double due_at_entry(int i, int age_offset) const { return due_at_entry_[index(i, age_offset)]; }
  // Self-funders of the caseload, at the start of a month, holding capital
  // drawn as an entrant's.
  void add_caseload(int block, int i, int column, int age_offset, double mass);
  // At a month's start: the share of holding self-funders that is due this
  // month, and the months of the rest moved on to the month's end.
  double release_due(int block, int i, int column);
  // At a month's end: `survival(i, i2)` of those holding capital in setting
  // i2 at the start are holding in setting i at the end, and `holding[i]`
  // are holding in setting i in all; the difference joined this month.
  void settle(int block, int column, int age_offset, const Eigen::MatrixXd& survival, std::span<const double> holding);
  // Everyone a year older, as the engine's blocks are: `ages` blocks a group.
  void age_one_year(int groups, int ages);

 private:
  std::size_t index(int i, int age_offset) const {
    return static_cast<std::size_t>(i) * static_cast<std::size_t>(ages_) + static_cast<std::size_t>(age_offset);
  }
  double* months_left(int block, int i, int column) {
    return months_.data() + ((static_cast<std::size_t>(block) * settings_.size() + static_cast<std::size_t>(i)) * static_cast<std::size_t>(columns_) +
                             static_cast<std::size_t>(column)) *
                                horizon;
  }
  // Adds `mass` at `months` of capital left, split between the two whole
  // months around it so that its mean is kept.
  static void add_at(double* left, double months, double mass);

  const SelfFunderCapital* capital_;
  std::vector<int> settings_;
  int ages_;
  int columns_;
  std::vector<double> due_at_entry_;  // [setting][age]
  std::vector<double> entry_months_;  // [setting][age][month]: entrants still holding at their month's end
  std::vector<double> caseload_months_;  // [setting][age][month]: the caseload's, at the start
  std::vector<double> months_;  // [block][setting][column][month]: holding mass by months left (0: up to one month)
};

}  // namespace carecast
