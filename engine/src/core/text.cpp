#include <fmt/core.h>

#include <cmath>

#include "carecast/core/csv_text.h"
#include "carecast/core/number_text.h"

namespace carecast {
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

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string csv_number(double value) { return fmt::format("{}", value); }

}  // namespace carecast
