#pragma once
// A probability distribution a scenario may give instead of a number
// (docs/scenario-format.md, "Uncertain assumptions"). Values are drawn by
// inversion, value = quantile(u), so correlated uniforms from a Gaussian
// copula turn into correlated values of any of the families.

#include <limits>
#include <string>

namespace carecast {

enum class DistributionFamily { normal, lognormal, triangular, uniform, beta };

struct Distribution {
  DistributionFamily family = DistributionFamily::normal;
  // normal: mean, sd; lognormal: mean, sd of the value itself;
  // triangular: min, mode, max; uniform: min, max; beta: alpha, beta.
  double first = 0.0;
  double second = 1.0;
  double third = 0.0;
  // The range values can take: a normal truncated to [lowest, highest], a
  // beta stretched from [0, 1] onto it.
  double lowest = -std::numeric_limits<double>::infinity();
  double highest = std::numeric_limits<double>::infinity();

  // The value with cumulative probability u, for u in (0, 1).
  double quantile(double u) const;
  // The value at standard normal score z: quantile(Phi(z)), computed without
  // losing the tails.
  double from_normal_score(double z) const;
  double median() const { return quantile(0.5); }
  // Of the distribution as specified (truncation included).
  double mean() const;
  double variance() const;
  // "triangular(min 0.015, mode 0.025, max 0.04)"
  std::string describe() const;
};

// Standard normal cumulative distribution function.
double standard_normal_cdf(double z);

}  // namespace carecast
