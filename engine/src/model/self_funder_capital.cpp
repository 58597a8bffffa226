#include "carecast/model/self_funder_capital.h"

#include <boost/math/distributions/normal.hpp>

#include <cmath>

namespace carecast {

namespace {

// In double precision throughout: Boost's default promotes to long double,
// several times slower for digits a capital in pounds does not need (the
// engine draws a capital for every self-funder who enters care).
using DoublePrecision = boost::math::policies::policy<boost::math::policies::promote_double<false>>;

boost::math::normal_distribution<double, DoublePrecision> log_capital(double median, double spread) {
  return {std::log(median), spread};
}

}  // namespace

double SelfFunderCapital::share_above_limit(int age_offset) const {
  const auto a = static_cast<std::size_t>(age_offset);
  if (limit <= 0.0) return 1.0;
  if (spread[a] <= 0.0) return median[a] > limit ? 1.0 : 0.0;
  return boost::math::cdf(boost::math::complement(log_capital(median[a], spread[a]), std::log(limit)));
}

double SelfFunderCapital::capital_at(int age_offset, double uniform) const {
  return capital_at(age_offset, uniform, share_above_limit(age_offset));
}

double SelfFunderCapital::capital_at(int age_offset, double uniform, double share_above) const {
  const auto a = static_cast<std::size_t>(age_offset);
  if (spread[a] <= 0.0) return median[a];
  // Counted from the top, so that a limit far above the median still leaves
  // distinct quantiles: the share of capitals above the limit, times how far
  // down from the top the draw is.
  const double from_top = (1.0 - uniform) * share_above;
  // (The loader refuses a lognormal with no capital above the limit.)
  return std::exp(boost::math::quantile(boost::math::complement(log_capital(median[a], spread[a]), from_top)));
}

}  // namespace carecast
