#pragma once
// Numbers as text: the shortest text that reads back as the same double, for
// numbers written into scenario trees and shown in messages; and numbers
// grouped in thousands, as people read them.

#include <charconv>
#include <string>

namespace carecast {

inline std::string shortest_text(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

// 1234567.8 -> "1,234,568"; with decimals 2: "1,234,567.80". A value that
// rounds to zero has no sign.
std::string with_thousands(double value, int decimals = 0);

}  // namespace carecast
