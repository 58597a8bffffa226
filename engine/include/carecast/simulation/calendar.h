#pragma once
// Financial years: year Y runs from 1 April Y to 31 March Y+1, so it has 366
// days when it contains 29 February of Y+1. Days within a year count from 0
// (1 April) to days-1 (31 March).

namespace carecast {

constexpr bool is_leap_year(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

constexpr int financial_year_days(int year) { return is_leap_year(year + 1) ? 366 : 365; }

}  // namespace carecast
