#pragma once
// A self-funder's capital, for models that say how much people have rather
// than how fast self-funders as a whole become council-funded
// (docs/model-format.md, `self_funding.capital`). Capital at entry is
// lognormal by age; those who fund themselves are the entrants whose capital
// is above the upper capital limit, and they pay their setting's fee, less
// the income they put towards it, until their capital is down to the limit,
// when the council takes over. Fees and capital are in the caseload year's
// prices and taken to rise together, so the run-down lasts the same number of
// weeks for an entrant of any year.

#include <vector>

namespace carecast {

struct SelfFunderCapital {
  double limit = 0.0;  // the upper capital limit, pounds
  double weekly_income = 0.0;  // pounds a week of the self-funder's income that goes to the fee
  std::vector<double> weekly_fee;  // [setting]: what a self-funder pays a week; 0 where nobody funds themselves
  // By single year of age from the model's adult age:
  std::vector<double> entrant_share;  // share of entrants who fund themselves
  std::vector<double> median;  // median capital of entrants, pounds
  std::vector<double> spread;  // standard deviation of the logarithm of capital

  // The capital of a self-funder entering at `age_offset` years past the
  // adult age, for a uniform draw: the lognormal's quantile among capitals
  // above the limit (the median itself when the spread is 0).
  double capital_at(int age_offset, double uniform) const;
  // The same, given share_above_limit(age_offset): for callers that draw
  // many capitals at one age.
  double capital_at(int age_offset, double uniform, double share_above) const;
  // The share of the lognormal at `age_offset` above the limit.
  double share_above_limit(int age_offset) const;
  // Pounds a week that `setting`'s fee takes from capital.
  double weekly_draw(int setting) const { return weekly_fee[static_cast<std::size_t>(setting)] - weekly_income; }
  // Weeks until `capital` is down to the limit in `setting`.
  double weeks_to_limit(double capital, int setting) const { return (capital - limit) / weekly_draw(setting); }
};

}  // namespace carecast
