#pragma once
// The shortest text that reads back as the same double (std::to_chars), for
// numbers written into scenario trees and shown in messages.

#include <charconv>
#include <string>

namespace carecast {

inline std::string shortest_text(double value) {
  char text[32];
  const auto result = std::to_chars(text, text + sizeof text, value);
  return std::string(text, result.ptr);
}

}  // namespace carecast
