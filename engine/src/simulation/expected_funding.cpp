// Who pays in ExpectedCareEngine: the funding states a person enters, and
// self-funders' capital running down to council funding.

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
  const int clocked = clock_index_[static_cast<std::size_t>(to)];
  if (clocked < 0) {
    shares[1] = share;
    return;
  }
  const double due_now = clock_->due_at_entry(clocked, age - plan_->adult_age());
  shares[due] = share * due_now;
  shares[holding] = share * (1.0 - due_now);
}

double ExpectedCareEngine::conversion_rate(int setting) const {
  return clock_index_[static_cast<std::size_t>(setting)] >= 0 ? CapitalClock::due_rate_per_year : model_->self_funded_depletion_per_year;
}

int ExpectedCareEngine::caseload_funding(const CaseloadRow& row) const {
  if (!row.self_funded) return 0;
  // With capital, what is left is drawn as an entrant's, as CareEngine::start
  // does, and the clock says when it runs out.
  return clock_index_[static_cast<std::size_t>(row.setting)] >= 0 ? holding : 1;
}

void ExpectedCareEngine::release_due_capital() {
  if (!clock_) return;
  for (int b = 0; b < groups_ * ages_; ++b) {
    for (int setting = 0; setting < settings_; ++setting) {
      const int clocked = clock_index_[static_cast<std::size_t>(setting)];
      if (clocked < 0) continue;
      const int tracked = tracked_of_setting_[static_cast<std::size_t>(setting)];
      for (int col = 0; col < columns_; ++col) {
        const double share = clock_->release_due(b, clocked, col);
        if (share == 0.0) continue;
        auto release = [&](Eigen::MatrixXd& stock, int holding_row, int due_row, int cell) {
          const double released = share * stock(holding_row, cell);
          stock(holding_row, cell) -= released;
          stock(due_row, cell) += released;
        };
        release(people_[static_cast<std::size_t>(b)], y_state(setting, holding), y_state(setting, due), col);
        if (tracked >= 0 && tracked < place_settings_) {
          for (int l = 0; l < locations_; ++l) {
            release(placed_[static_cast<std::size_t>(b)], tracked_row(tracked, holding), tracked_row(tracked, due), col * locations_ + l);
          }
        }
        if (setting == model_->hours_setting) release(hours_[static_cast<std::size_t>(b)], holding, due, col);
      }
    }
  }
}

void ExpectedCareEngine::settle_capital(int group, int age_offset) {
  if (!clock_) return;
  const auto b = static_cast<std::size_t>(block(group, age_offset));
  const Eigen::MatrixXd& step = propagators_[b].step;
  std::vector<int> clocked;
  for (int setting = 0; setting < settings_; ++setting) {
    if (clock_index_[static_cast<std::size_t>(setting)] >= 0) clocked.push_back(setting);
  }
  const auto count = static_cast<Eigen::Index>(clocked.size());
  Eigen::MatrixXd survival(count, count);
  for (Eigen::Index i = 0; i < count; ++i) {
    for (Eigen::Index from = 0; from < count; ++from) {
      survival(i, from) = step(y_state(clocked[static_cast<std::size_t>(i)], holding), y_state(clocked[static_cast<std::size_t>(from)], holding));
    }
  }
  std::vector<double> held(clocked.size());
  for (int col = 0; col < columns_; ++col) {
    for (std::size_t i = 0; i < clocked.size(); ++i) held[i] = month_end_[b](y_state(clocked[i], holding), col);
    clock_->settle(static_cast<int>(b), col, age_offset, survival, held);
  }
}

}  // namespace carecast
