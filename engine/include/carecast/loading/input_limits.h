#pragma once
// How much input the loaders accept before refusing it as bad input (exit
// 2), so that a malicious or mistaken file fails with a message instead of
// exhausting memory. Each limit is far above anything a real model needs;
// the reason for each number is beside it.

#include <cstddef>

namespace carecast::input_limits {

// 200 times the largest YAML file shipped (models/worcestershire/targets.yaml,
// 82 kB); yaml-cpp keeps several hundred bytes per value, so this bounds its
// tree to a few hundred MB even for a file of nothing but one-character values.
inline constexpr std::size_t yaml_file_bytes = 16u << 20;

// Values in one YAML document after aliases are expanded: 100 times the
// largest shipped document, and small enough (a ConfigNode is ~200 bytes)
// that the tree stays near 200 MB. Stops "billion laughs" alias bombs.
inline constexpr std::size_t yaml_values = 1'000'000;

// Text in one YAML document after aliases are expanded: the same 64 MB cap
// on text repeated by aliases (a 100 kB value aliased 40,000 times is 4 GB).
inline constexpr std::size_t yaml_expanded_bytes = 64u << 20;

// Maps and lists inside one another: the deepest shipped document nests 6
// levels; the loaders recurse once per level.
inline constexpr int yaml_depth = 64;

// One value or CSV cell: the longest shipped one (a source citation) is
// under 1 kB; a page of prose is 3 kB.
inline constexpr std::size_t value_bytes = 64u << 10;

// One CSV table: 45 times the largest shipped table (the 1.4 MB population
// projection); a projection for every English local authority fits.
inline constexpr std::size_t csv_file_bytes = 64u << 20;

// Rows of one CSV table: single-year ages by sex for 25 years across all
// 300-odd English local authorities is about 1.4 million rows.
inline constexpr std::size_t csv_rows = 2'000'000;

// People of one sex and single year of age in one district: more than any
// country but China and India has (India's is about 12 million), so a figure
// above it is a typing error, and it keeps every count of people the model
// derives from the population finite and allocatable.
inline constexpr double people_in_one_cell = 20'000'000;

// Districts in one model: England has about 300 local authorities; the
// population tables hold every year, sex and age for each.
inline constexpr std::size_t districts = 1'000;

// Requests for care a year per 1,000 people: 1,000 is one request per
// person a year; the highest real rate (aged 90 and over) is about 575.
inline constexpr double requests_per_1000 = 1'000;

// A move's annual rate (a hazard): 365 a year is a mean stay of one day,
// shorter than any long-term care setting's; the highest shipped rate is 7.8.
inline constexpr double annual_move_rate = 365;

}  // namespace carecast::input_limits
