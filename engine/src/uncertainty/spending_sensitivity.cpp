#include "carecast/uncertainty/spending_sensitivity.h"

#include "carecast/core/error.h"

namespace carecast {
namespace {

// The third year and the final one.
constexpr std::size_t most_years_measured = 2;

}  // namespace

SpendingSensitivity::SpendingSensitivity(const std::vector<int>& years, std::size_t lines, std::size_t assumptions)
    : lines_(lines), assumptions_(assumptions) {
  if (years.empty()) throw InternalError("sensitivity: a run without years");
  if (years.size() >= 3) measured_index_.push_back(2);
  if (measured_index_.empty() || measured_index_.back() != years.size() - 1) measured_index_.push_back(years.size() - 1);
  for (const std::size_t y : measured_index_) measured_years_.push_back(years[y]);
  spending_.resize(measured_index_.size() * scopes());
}

void SpendingSensitivity::add(std::span<const double> drawn, std::span<const double> net_spend) {
  if (drawn.size() != assumptions_) throw InternalError("sensitivity: a replicate with another number of assumptions");
  drawn_.insert(drawn_.end(), drawn.begin(), drawn.end());
  for (std::size_t m = 0; m < measured_index_.size(); ++m) {
    const double* net = net_spend.data() + measured_index_[m] * lines_;
    for (std::size_t s = 0; s < scopes(); ++s) {
      double spending = 0.0;
      for (std::size_t l = 0; l < lines_; ++l) {
        if (s == lines_ || s == l) spending += net[l];
      }
      spending_[m * scopes() + s].push_back(spending);
    }
  }
  ++replicates_;
}

bool SpendingSensitivity::rankable() const { return replicates_ >= assumptions_ + 3; }

std::vector<RankRegression> SpendingSensitivity::rank() const {
  std::vector<RankRegression> fits;
  for (const std::vector<double>& spending : spending_) fits.push_back(rank_regression(drawn_, assumptions_, spending));
  return fits;
}

std::size_t SpendingSensitivity::memory_bytes(std::size_t lines, std::size_t assumptions, std::int64_t replicates) {
  // Held: the draws and each measured spending. While ranking: the ranked
  // design matrix and its QR factors, and a few columns.
  const std::size_t held = assumptions + most_years_measured * (lines + 1);
  const std::size_t ranking = 2 * assumptions + 4;
  return static_cast<std::size_t>(replicates) * (held + ranking) * sizeof(double);
}

}  // namespace carecast
