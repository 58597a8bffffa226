#include "carecast/run/sensitivity_collector.h"

#include "carecast/output/quantities.h"

namespace carecast {
namespace {

bool ranks_spending(const OutputLayout& layout) {
  return has_quantity(layout, QuantityId::assumptions) && has_quantity(layout, QuantityId::net_spend);
}

}  // namespace

SensitivityCollector::SensitivityCollector(const Scenario& scenario, const OutputLayout& layout) {
  if (!ranks_spending(layout)) return;
  assumptions_ = quantity_index(layout, QuantityId::assumptions);
  net_spend_ = quantity_index(layout, QuantityId::net_spend);
  lines_ = layout.dimension("budget_line").labels;
  sensitivity_.emplace(scenario.years(), lines_.size(), layout.size(assumptions_));
}

void SensitivityCollector::add(const ReplicateValues& values) {
  if (sensitivity_) sensitivity_->add(values.arrays[assumptions_], values.arrays[net_spend_]);
}

std::optional<SensitivityArrays> SensitivityCollector::ranking() const {
  if (!sensitivity_ || !sensitivity_->rankable()) return std::nullopt;
  SensitivityArrays arrays;
  arrays.years.assign(sensitivity_->years().begin(), sensitivity_->years().end());
  arrays.scopes = lines_;
  arrays.scopes.emplace_back("total");
  for (const RankRegression& fit : sensitivity_->rank()) {
    for (const double coefficient : fit.coefficients) {
      arrays.coefficients.push_back(coefficient);
      arrays.variance_shares.push_back(coefficient * coefficient);
    }
    arrays.r_squared.push_back(fit.r_squared);
  }
  return arrays;
}

std::size_t SensitivityCollector::memory_bytes(const OutputLayout& layout, std::int64_t replicates) {
  if (!ranks_spending(layout)) return 0;
  return SpendingSensitivity::memory_bytes(layout.dimension("budget_line").size(),
                                           layout.size(quantity_index(layout, QuantityId::assumptions)), replicates);
}

}  // namespace carecast
