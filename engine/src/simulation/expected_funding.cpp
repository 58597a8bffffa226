// Who pays in ExpectedCareEngine: the funding states a person enters, and
// the rates at which self-funders' capital runs down to council funding.

#include "carecast/simulation/expected_care.h"

namespace carecast {

void ExpectedCareEngine::funding_after(int from, int funding, int to, int group, int age, std::vector<double>& shares) const {
  shares.assign(static_cast<std::size_t>(levels(to)), 0.0);
  switch (rules_.funding_on_entry(from, to, group)) {
    case EntryFunding::council:
      shares[0] = 1.0;
      return;
    case EntryFunding::unchanged:
      // Between settings where people may fund themselves, capital is kept.
      shares[static_cast<std::size_t>(funding)] = 1.0;
      return;
    case EntryFunding::drawn:
      break;
  }
  const double share = rules_.entrant_self_funded_share(age);
  shares[0] = 1.0 - share;
  if (!phases_) {
    shares[1] = share;
    return;
  }
  const std::span<const double> bands = phases_->at_entry(age - plan_->adult_age());
  for (std::size_t f = 0; f < bands.size(); ++f) shares[f + 1] = share * bands[f];
}

double ExpectedCareEngine::capital_rate(int setting, int funding, int days) const {
  return phases_ && model_->self_funding_setting[static_cast<std::size_t>(setting)] ? phases_->rate_per_year(setting, funding - 1, days)
                                                                                   : 0.0;
}

double ExpectedCareEngine::conversion_rate(int setting, int days) const {
  return phases_ ? capital_rate(setting, 1, days) : model_->self_funded_depletion_per_year;
}

std::vector<std::pair<int, double>> ExpectedCareEngine::caseload_funding(const CaseloadRow& row, int age) const {
  if (!row.self_funded) return {{0, 1.0}};
  if (!phases_) return {{1, 1.0}};
  // What is left of a self-funder's capital is drawn as an entrant's, as
  // CareEngine::start does.
  std::vector<std::pair<int, double>> shares;
  const std::span<const double> bands = phases_->at_entry(age - plan_->adult_age());
  for (std::size_t f = 0; f < bands.size(); ++f) {
    if (bands[f] > 0.0) shares.emplace_back(static_cast<int>(f) + 1, bands[f]);
  }
  return shares;
}

}  // namespace carecast
