#pragma once
// Numbers written the way a council's finance papers write them: £m to one
// decimal, £000 with thousands separators, financial years as 2024/25, and a
// leading minus for negatives (as the 2024/25 budget report's savings column,
// 003_2f31bcd0cc11b4b0.txt line 298). A value that rounds to zero is shown
// without a sign, never as "-0".

#include <cstdint>
#include <string>

#include "carecast/core/number_text.h"

namespace carecast::report {

// 76923000 -> "£76.9m"; -1035000 -> "-£1.0m".
std::string pounds_millions(double pounds, int decimals = 1);

// In thousands of pounds, for tables headed £000: 76923456 -> "76,923".
std::string pounds_thousands(double pounds);

// The financial year that starts in April of `year`: 2024 -> "2024/25".
std::string financial_year(std::int64_t year);

// 0.372 -> "37%"; with decimals 1: "37.2%".
std::string percent(double share, int decimals = 0);

}  // namespace carecast::report
