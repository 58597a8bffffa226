#pragma once
// Fields of comma-separated text as RFC 4180 writes them.

#include <string>

namespace carecast {

// Quoted (with inner quotes doubled) only when it holds a comma, a quote or
// a line break.
std::string csv_field(const std::string& text);
// The shortest text that reads back as the same double.
std::string csv_number(double value);

}  // namespace carecast
