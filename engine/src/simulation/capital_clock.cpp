#include "carecast/simulation/capital_clock.h"

#include <algorithm>
#include <functional>

namespace carecast {
namespace {

constexpr double weeks_a_month = 365.25 / 12.0 / 7.0;
// Entrants' capital is integrated over this many equally likely quantiles.
constexpr int quadrature_points = 2000;

}  // namespace

CapitalClock::CapitalClock(const SelfFunderCapital& capital, std::vector<int> settings, int ages, int blocks, int columns)
    : capital_(&capital),
      settings_(std::move(settings)),
      ages_(ages),
      columns_(columns),
      due_at_entry_(settings_.size() * static_cast<std::size_t>(ages), 0.0),
      entry_months_(due_at_entry_.size() * horizon, 0.0),
      caseload_months_(entry_months_.size(), 0.0),
      months_(static_cast<std::size_t>(blocks) * settings_.size() * static_cast<std::size_t>(columns) * horizon, 0.0) {
  const double weight = 1.0 / quadrature_points;
  for (std::size_t i = 0; i < settings_.size(); ++i) {
    const double pounds_a_month = capital.weekly_draw(settings_[i]) * weeks_a_month;
    for (int a = 0; a < ages; ++a) {
      const double share_above = capital.share_above_limit(a);
      double* entry = entry_months_.data() + index(static_cast<int>(i), a) * horizon;
      double* caseload = caseload_months_.data() + index(static_cast<int>(i), a) * horizon;
      double& due = due_at_entry_[index(static_cast<int>(i), a)];
      for (int q = 0; q < quadrature_points; ++q) {
        const double months = (capital.capital_at(a, (q + 0.5) / quadrature_points, share_above) - capital.limit) / pounds_a_month;
        add_at(caseload, months, weight);
        if (months <= 0.5) {
          due += weight;
        } else {
          add_at(entry, months - 0.5, weight);
        }
      }
      if (due < 1.0) std::transform(entry, entry + horizon, entry, [&](double share) { return share / (1.0 - due); });
    }
  }
}

void CapitalClock::add_at(double* left, double months, double mass) {
  // Mass in month m converts after m + 1/2 months on average.
  const double position = std::clamp(months - 0.5, 0.0, static_cast<double>(horizon - 1));
  const auto lower = static_cast<int>(position);
  const double upper_share = position - lower;
  left[lower] += mass * (1.0 - upper_share);
  if (upper_share > 0.0) left[lower + 1] += mass * upper_share;
}

void CapitalClock::clear() { std::fill(months_.begin(), months_.end(), 0.0); }

void CapitalClock::add_caseload(int block, int i, int column, int age_offset, double mass) {
  const double* shares = caseload_months_.data() + index(i, age_offset) * horizon;
  double* left = months_left(block, i, column);
  for (int m = 0; m < horizon; ++m) left[m] += mass * shares[m];
}

double CapitalClock::release_due(int block, int i, int column) {
  double* left = months_left(block, i, column);
  double total = 0.0;
  for (int m = 0; m < horizon; ++m) total += left[m];
  if (total <= 0.0) return 0.0;
  const double due = left[0];
  std::copy(left + 1, left + horizon, left);
  left[horizon - 1] = 0.0;
  return due / total;
}

void CapitalClock::settle(int block, int column, int age_offset, const Eigen::MatrixXd& survival, std::span<const double> holding) {
  const auto count = static_cast<int>(settings_.size());
  std::vector<double> settled(static_cast<std::size_t>(count) * horizon, 0.0);
  for (int i = 0; i < count; ++i) {
    double* into = settled.data() + static_cast<std::size_t>(i) * horizon;
    double survived = 0.0;
    for (int from = 0; from < count; ++from) {
      const double kept = survival(i, from);
      if (kept == 0.0) continue;
      const double* left = months_left(block, from, column);
      // Months of one setting's fee are more or fewer of another's.
      const double scale = capital_->weekly_draw(settings_[static_cast<std::size_t>(from)]) / capital_->weekly_draw(settings_[static_cast<std::size_t>(i)]);
      for (int m = 0; m < horizon; ++m) {
        if (left[m] == 0.0) continue;
        survived += kept * left[m];
        if (from == i) {
          into[m] += kept * left[m];
        } else {
          add_at(into, (m + 0.5) * scale, kept * left[m]);
        }
      }
    }
    const double joined = std::max(0.0, holding[static_cast<std::size_t>(i)] - survived);
    const double* shares = entry_months_.data() + index(i, age_offset) * horizon;
    if (joined > 0.0) {
      for (int m = 0; m < horizon; ++m) into[m] += joined * shares[m];
    }
  }
  for (int i = 0; i < count; ++i) std::copy_n(settled.data() + static_cast<std::size_t>(i) * horizon, horizon, months_left(block, i, column));
}

void CapitalClock::age_one_year(int groups, int ages) {
  const std::size_t per_block = settings_.size() * static_cast<std::size_t>(columns_) * horizon;
  auto at = [&](int g, int a) { return months_.begin() + static_cast<std::ptrdiff_t>((static_cast<std::size_t>(g) * ages + a) * per_block); };
  for (int g = 0; g < groups; ++g) {
    std::transform(at(g, ages - 1), at(g, ages - 1) + static_cast<std::ptrdiff_t>(per_block), at(g, ages - 2), at(g, ages - 1), std::plus<>());
    for (int a = ages - 2; a >= 1; --a) std::copy_n(at(g, a - 1), per_block, at(g, a));
    std::fill_n(at(g, 0), per_block, 0.0);
  }
}

}  // namespace carecast
