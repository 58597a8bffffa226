#pragma once
// How the expected-value mode follows self-funders' capital (docs/model.md,
// "The expected-value mode"). The Monte Carlo draws each self-funder's
// capital and converts them to council funding on the day it reaches the
// limit; a linear model cannot hold a fixed delay, so here the capital
// above the limit is cut into `count` bands, a self-funder is in the band
// their remaining capital is in, and leaves a band at the rate that its
// setting's fee empties it (a phase-type distribution). Entrants are spread
// over the bands so that their mean capital is exact; the time to conversion
// then has the Monte Carlo's mean and a somewhat wider spread, more so for
// small capitals, as bands are narrow at the bottom and widen geometrically.

#include <span>
#include <vector>

#include "carecast/model/self_funder_capital.h"

namespace carecast {

class CapitalPhases {
 public:
  static constexpr int count = 20;

  // Bands for the capital of self-funders entering at any of `ages` ages
  // from the adult age.
  CapitalPhases(const SelfFunderCapital& capital, int ages);

  // The share of self-funders entering at `age_offset` who start in each
  // band, lowest first.
  std::span<const double> at_entry(int age_offset) const {
    return {at_entry_.data() + static_cast<std::size_t>(age_offset) * count, static_cast<std::size_t>(count)};
  }
  // The rate a year, in a year of `days` days, at which `setting`'s fee
  // empties band `phase` (0 the lowest, which empties to the limit).
  double rate_per_year(int setting, int phase, int days) const {
    return static_cast<double>(days) / 7.0 * capital_->weekly_draw(setting) / width_[static_cast<std::size_t>(phase)];
  }

 private:
  const SelfFunderCapital* capital_;
  std::vector<double> width_;  // [phase]: pounds
  std::vector<double> at_entry_;  // [age][phase]
};

}  // namespace carecast
