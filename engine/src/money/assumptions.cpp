#include "carecast/money/assumptions.h"

namespace carecast {

bool YearPath::covers(int year) const {
  if (by_year.count(year) != 0) return true;
  if (zero_before && (by_year.empty() || year < by_year.begin()->first)) return true;
  return later.has_value() && (by_year.empty() || year > by_year.rbegin()->first);
}

double YearPath::at(int year) const {
  const auto found = by_year.find(year);
  if (found != by_year.end()) return found->second;
  if (zero_before && (by_year.empty() || year < by_year.begin()->first)) return 0.0;
  return *later;
}

}  // namespace carecast
