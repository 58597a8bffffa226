#include "carecast/report/finance_format.h"

#include <fmt/core.h>

#include <cmath>

namespace carecast::report {
namespace {

// The digits of |value| rounded to `decimals`, and whether a minus is due
// (only if the rounded value is not zero).
struct Rounded {
  std::string digits;
  bool negative;
};

Rounded round_to(double value, int decimals) {
  std::string digits = fmt::format("{:.{}f}", std::abs(value), decimals);
  const bool nonzero = digits.find_first_of("123456789") != std::string::npos;
  return {std::move(digits), value < 0.0 && nonzero};
}

std::string group_thousands(const std::string& digits) {
  const std::size_t point = digits.find('.');
  const std::string whole = digits.substr(0, point);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(whole[i]);
  }
  if (point != std::string::npos) grouped += digits.substr(point);
  return grouped;
}

}  // namespace

std::string with_thousands(double value, int decimals) {
  const Rounded rounded = round_to(value, decimals);
  return fmt::format("{}{}", rounded.negative ? "-" : "", group_thousands(rounded.digits));
}

std::string pounds_millions(double pounds, int decimals) {
  const Rounded rounded = round_to(pounds / 1e6, decimals);
  return fmt::format("{}£{}m", rounded.negative ? "-" : "", group_thousands(rounded.digits));
}

std::string pounds_thousands(double pounds) { return with_thousands(pounds / 1e3); }

std::string financial_year(std::int64_t year) { return fmt::format("{}/{:02}", year, (year + 1) % 100); }

std::string percent(double share, int decimals) {
  const Rounded rounded = round_to(share * 100.0, decimals);
  return fmt::format("{}{}%", rounded.negative ? "-" : "", rounded.digits);
}

}  // namespace carecast::report
