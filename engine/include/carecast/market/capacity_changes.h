#pragma once
// A scenario's changes to the care market's capacity: places (or homecare
// hours a week) opened or closed from a year on, or a yearly growth from a
// year on, for one setting in one district or in all. The model's capacity
// table is the market on its caseload date; these are what a commissioner
// plans or fears after it.

#include <string>
#include <vector>

namespace carecast {

struct CapacityChange {
  std::string name;
  int setting = 0;
  int district = -1;  // -1: every district
  int start_year = 0;
  double added = 0.0;   // places (hours a week) added from start_year on; negative closes them
  double growth = 0.0;  // yearly growth, compounding; start_year already grows once
};

// The capacity [setting][district] in force in `year`: `base` (the model's),
// with every change in force by then applied in the order given. Capacity
// never falls below 0; a setting or district without a limit stays without.
std::vector<std::vector<double>> capacity_in_year(const std::vector<std::vector<double>>& base,
                                                  const std::vector<CapacityChange>& changes, int year);

}  // namespace carecast
