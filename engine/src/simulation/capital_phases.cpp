#include "carecast/simulation/capital_phases.h"

#include <algorithm>
#include <cmath>

namespace carecast {
namespace {

// Each band is this much wider than the one below it.
constexpr double band_growth = 1.2;
// The bands reach the capital of the richest entrant in this many.
constexpr double top_quantile = 0.999;
// Entrants' capital is integrated over this many equally likely quantiles.
constexpr int quadrature_points = 2000;

}  // namespace

CapitalPhases::CapitalPhases(const SelfFunderCapital& capital, int ages)
    : capital_(&capital), width_(count), at_entry_(static_cast<std::size_t>(ages) * count, 0.0) {
  double top = 0.0;
  for (int a = 0; a < ages; ++a) {
    if (capital.entrant_share[static_cast<std::size_t>(a)] > 0.0) top = std::max(top, capital.capital_at(a, top_quantile) - capital.limit);
  }
  if (top <= 0.0) top = 1.0;
  const double scale = top * (band_growth - 1.0) / (std::pow(band_growth, count) - 1.0);
  std::vector<double> floor_of(count + 1, 0.0);  // [phase]: capital above the limit where the band starts; then the top
  for (int f = 0; f < count; ++f) {
    width_[static_cast<std::size_t>(f)] = scale * std::pow(band_growth, f);
    floor_of[static_cast<std::size_t>(f) + 1] = floor_of[static_cast<std::size_t>(f)] + width_[static_cast<std::size_t>(f)];
  }
  for (int a = 0; a < ages; ++a) {
    double* shares = at_entry_.data() + static_cast<std::size_t>(a) * count;
    const auto i = static_cast<std::size_t>(a);
    if (a > 0 && capital.median[i] == capital.median[i - 1] && capital.spread[i] == capital.spread[i - 1]) {
      std::copy_n(shares - count, count, shares);
      continue;
    }
    // A capital between two band floors is split between the bands so that
    // the mean time through them is its own.
    for (int q = 0; q < quadrature_points; ++q) {
      const double above = capital.capital_at(a, (q + 0.5) / quadrature_points) - capital.limit;
      const auto upper = std::upper_bound(floor_of.begin() + 1, floor_of.end(), above);
      const double weight = 1.0 / quadrature_points;
      if (upper == floor_of.begin() + 1) {
        shares[0] += weight;
      } else if (upper == floor_of.end()) {
        shares[count - 1] += weight;
      } else {
        const auto band = static_cast<std::size_t>(upper - floor_of.begin()) - 1;  // bands wholly below the capital
        const double along = (above - floor_of[band]) / width_[band];
        shares[band - 1] += weight * (1.0 - along);
        shares[band] += weight * along;
      }
    }
  }
}

}  // namespace carecast
