// The finance formatting of the reading commands, against strings written by hand.

#include <catch2/catch.hpp>

#include "carecast/core/csv_text.h"
#include "carecast/report/finance_format.h"

using namespace carecast;
using namespace carecast::report;

TEST_CASE("thousands separators group whole digits in threes and round half away from zero") {
  CHECK(with_thousands(0) == "0");
  CHECK(with_thousands(999) == "999");
  CHECK(with_thousands(1000) == "1,000");
  CHECK(with_thousands(553087.4) == "553,087");
  CHECK(with_thousands(1234567.8) == "1,234,568");
  CHECK(with_thousands(-1035) == "-1,035");
  CHECK(with_thousands(1234567.8, 2) == "1,234,567.80");
  CHECK(with_thousands(-0.4) == "0");  // rounds to zero: no sign
}

TEST_CASE("money in £m to one decimal and in £000, negatives with a leading minus") {
  CHECK(pounds_millions(76923000) == "£76.9m");
  CHECK(pounds_millions(157588000) == "£157.6m");
  CHECK(pounds_millions(1234567890) == "£1,234.6m");
  CHECK(pounds_millions(-2858000) == "-£2.9m");
  CHECK(pounds_millions(-40000) == "£0.0m");
  CHECK(pounds_millions(76923000, 2) == "£76.92m");
  // The council's table D (003_2f31bcd0cc11b4b0.txt line 298): Older People's savings -1,035 (£000).
  CHECK(pounds_thousands(-1035000) == "-1,035");
  CHECK(pounds_thousands(76923499) == "76,923");
}

TEST_CASE("financial years start in April and are written with both calendar years") {
  CHECK(financial_year(2024) == "2024/25");
  CHECK(financial_year(2038) == "2038/39");
  CHECK(financial_year(1999) == "1999/00");
  CHECK(financial_year(2009) == "2009/10");
}

TEST_CASE("shares as percentages") {
  CHECK(percent(0.372) == "37%");
  CHECK(percent(0.372, 1) == "37.2%");
  CHECK(percent(1.0) == "100%");
  CHECK(percent(0.0) == "0%");
  CHECK(percent(-0.051) == "-5%");
}

#include "carecast/report/csv_export.h"

TEST_CASE("CSV fields are quoted as RFC 4180 asks, and numbers read back exactly") {
  CHECK(csv_field("Malvern Hills") == "Malvern Hills");
  CHECK(csv_field("setting: homecare, hourly: 20") == "\"setting: homecare, hourly: 20\"");
  CHECK(csv_field("a \"test\" value") == "\"a \"\"test\"\" value\"");
  CHECK(csv_field("two\nlines") == "\"two\nlines\"");
  CHECK(csv_field("") == "");
  CHECK(csv_number(0.1) == "0.1");
  CHECK(csv_number(76923000) == "76923000");
  CHECK(csv_number(-1035000.25) == "-1035000.25");
  CHECK(std::stod(csv_number(74963780.18255657)) == 74963780.18255657);
  CHECK(std::stod(csv_number(1.0 / 3.0)) == 1.0 / 3.0);
}
