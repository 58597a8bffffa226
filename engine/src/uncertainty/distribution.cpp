#include "carecast/uncertainty/distribution.h"

#include <boost/math/distributions/beta.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cmath>

#include "carecast/core/number_text.h"

namespace carecast {
namespace {

double standard_normal_density(double z) {
  if (std::isinf(z)) return 0.0;
  constexpr double inverse_root_two_pi = 0.398942280401432677939946059934;
  return inverse_root_two_pi * std::exp(-0.5 * z * z);
}

double standard_normal_quantile(double u) {
  return boost::math::quantile(boost::math::normal_distribution<double>(0.0, 1.0), u);
}

// Keeps u strictly inside (0, 1): Phi of a large score rounds to 1, where
// every quantile function but the normal's own would overflow.
double open_unit(double u) {
  return std::clamp(u, std::numeric_limits<double>::min(), std::nextafter(1.0, 0.0));
}

struct LognormalParameters {
  double location;
  double scale;
};

LognormalParameters lognormal_parameters(double mean, double sd) {
  const double scale_squared = std::log1p((sd / mean) * (sd / mean));
  return {std::log(mean) - 0.5 * scale_squared, std::sqrt(scale_squared)};
}

// The standardised truncation points of a normal and the mass between them.
struct Truncation {
  double lower;
  double upper;
  double mass;
};

Truncation truncation_of(const Distribution& d) {
  const double lower = (d.lowest - d.first) / d.second;
  const double upper = (d.highest - d.first) / d.second;
  return {lower, upper, standard_normal_cdf(upper) - standard_normal_cdf(lower)};
}

bool truncated(const Distribution& d) { return std::isfinite(d.lowest) || std::isfinite(d.highest); }

// Boost's inverse incomplete beta gives up (throws) far in the lower tail
// for some shapes, e.g. alpha 1.15, beta 0.01 at u = 1e-17. There the
// cumulative distribution is still well defined, so the quantile is found
// by bisection over the doubles of [0, 1]: non-negative doubles order as
// their bit patterns do, so 64 halvings reach the exact neighbouring pair.
double beta_quantile(double alpha, double beta, double u) {
  const boost::math::beta_distribution<double> law(alpha, beta);
  try {
    return boost::math::quantile(law, u);
  } catch (const std::exception&) {
    std::uint64_t below = std::bit_cast<std::uint64_t>(0.0);
    std::uint64_t above = std::bit_cast<std::uint64_t>(1.0);
    while (above - below > 1) {
      const std::uint64_t middle = below + (above - below) / 2;
      if (boost::math::cdf(law, std::bit_cast<double>(middle)) < u) {
        below = middle;
      } else {
        above = middle;
      }
    }
    return std::bit_cast<double>(above);
  }
}

}  // namespace

double standard_normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

double Distribution::quantile(double u) const {
  u = open_unit(u);
  switch (family) {
    case DistributionFamily::normal: {
      if (!truncated(*this)) return first + second * standard_normal_quantile(u);
      const Truncation cut = truncation_of(*this);
      const double within = open_unit(standard_normal_cdf(cut.lower) + u * cut.mass);
      return std::clamp(first + second * standard_normal_quantile(within), lowest, highest);
    }
    case DistributionFamily::lognormal: {
      const auto [location, scale] = lognormal_parameters(first, second);
      return std::exp(location + scale * standard_normal_quantile(u));
    }
    case DistributionFamily::triangular:
      return boost::math::quantile(boost::math::triangular_distribution<double>(first, second, third), u);
    case DistributionFamily::uniform:
      return first + u * (second - first);
    case DistributionFamily::beta:
      return lowest + (highest - lowest) * beta_quantile(first, second, u);
  }
  return 0.0;
}

double Distribution::from_normal_score(double z) const {
  if (family == DistributionFamily::normal && !truncated(*this)) return first + second * z;
  if (family == DistributionFamily::lognormal) {
    const auto [location, scale] = lognormal_parameters(first, second);
    return std::exp(location + scale * z);
  }
  return quantile(standard_normal_cdf(z));
}

double Distribution::mean() const {
  switch (family) {
    case DistributionFamily::normal: {
      if (!truncated(*this)) return first;
      const Truncation cut = truncation_of(*this);
      return first + second * (standard_normal_density(cut.lower) - standard_normal_density(cut.upper)) / cut.mass;
    }
    case DistributionFamily::lognormal:
      return first;
    case DistributionFamily::triangular:
      return (first + second + third) / 3.0;
    case DistributionFamily::uniform:
      return 0.5 * (first + second);
    case DistributionFamily::beta:
      return lowest + (highest - lowest) * first / (first + second);
  }
  return 0.0;
}

double Distribution::variance() const {
  switch (family) {
    case DistributionFamily::normal: {
      if (!truncated(*this)) return second * second;
      const Truncation cut = truncation_of(*this);
      auto z_density = [](double z) { return std::isinf(z) ? 0.0 : z * standard_normal_density(z); };
      const double shift = (standard_normal_density(cut.lower) - standard_normal_density(cut.upper)) / cut.mass;
      return second * second * (1.0 + (z_density(cut.lower) - z_density(cut.upper)) / cut.mass - shift * shift);
    }
    case DistributionFamily::lognormal:
      return second * second;
    case DistributionFamily::triangular:
      return (first * first + second * second + third * third - first * second - first * third - second * third) / 18.0;
    case DistributionFamily::uniform:
      return (second - first) * (second - first) / 12.0;
    case DistributionFamily::beta: {
      const double total = first + second;
      const double width = highest - lowest;
      return width * width * first * second / (total * total * (total + 1.0));
    }
  }
  return 0.0;
}

std::string Distribution::describe() const {
  switch (family) {
    case DistributionFamily::normal: {
      std::string text = "normal(mean " + shortest_text(first) + ", sd " + shortest_text(second);
      if (std::isfinite(lowest)) text += ", min " + shortest_text(lowest);
      if (std::isfinite(highest)) text += ", max " + shortest_text(highest);
      return text + ")";
    }
    case DistributionFamily::lognormal:
      return "lognormal(mean " + shortest_text(first) + ", sd " + shortest_text(second) + ")";
    case DistributionFamily::triangular:
      return "triangular(min " + shortest_text(first) + ", mode " + shortest_text(second) + ", max " + shortest_text(third) + ")";
    case DistributionFamily::uniform:
      return "uniform(min " + shortest_text(first) + ", max " + shortest_text(second) + ")";
    case DistributionFamily::beta: {
      std::string text = "beta(alpha " + shortest_text(first) + ", beta " + shortest_text(second);
      if (lowest != 0.0 || highest != 1.0) text += ", min " + shortest_text(lowest) + ", max " + shortest_text(highest);
      return text + ")";
    }
  }
  return "";
}

}  // namespace carecast
