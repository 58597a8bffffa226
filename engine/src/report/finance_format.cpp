#include "carecast/report/finance_format.h"

#include <fmt/core.h>

namespace carecast::report {

std::string pounds_millions(double pounds, int decimals) {
  const std::string millions = with_thousands(pounds / 1e6, decimals);
  return millions.front() == '-' ? "-£" + millions.substr(1) + "m" : "£" + millions + "m";
}

std::string pounds_thousands(double pounds) { return with_thousands(pounds / 1e3); }

std::string financial_year(std::int64_t year) { return fmt::format("{}/{:02}", year, (year + 1) % 100); }

std::string percent(double share, int decimals) { return with_thousands(share * 100.0, decimals) + "%"; }

}  // namespace carecast::report
