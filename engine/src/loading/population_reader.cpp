#include "carecast/loading/population_reader.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "carecast/core/error.h"
#include "carecast/loading/csv.h"
#include "carecast/loading/input_limits.h"

namespace carecast {
namespace {

int sex_index(const CsvTable& table, const CsvTable::Row& row, std::size_t column) {
  const std::string& text = row.fields[column];
  for (int s = 0; s < sex_count; ++s) {
    if (text == sex_labels[static_cast<std::size_t>(s)]) return s;
  }
  throw table.error(row, column, "expected male or female, got " + quote_input(text));
}

// Age as written: "47" or, for the open top group, "90+". Returns the age and
// whether it was the open group.
std::pair<int, bool> parse_age(const CsvTable& table, const CsvTable::Row& row,
                               std::size_t column) {
  std::string text = row.fields[column];
  const bool open = !text.empty() && text.back() == '+';
  if (open) text.pop_back();
  int age = -1;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), age);
  if (text.empty() || status != std::errc() || end != text.data() + text.size()) {
    throw table.error(row, column, "expected an age such as 47 or 90+, got " + quote_input(row.fields[column]));
  }
  if (age < 0 || age > 130) throw table.error(row, column, "age out of range: " + row.fields[column]);
  return {static_cast<int>(age), open};
}

}  // namespace

PopulationTable read_population_table(const std::filesystem::path& path,
                                      const std::string& display_name,
                                      const std::vector<std::string>& district_codes,
                                      int first_year, int last_year) {
  const CsvTable table = CsvTable::read(path, display_name);
  const std::size_t year_column = table.column("year");
  const std::size_t area_column = table.column("area_code");
  const std::size_t sex_column = table.column("sex");
  const std::size_t age_column = table.column("age");
  const std::size_t count_column = table.column("count");

  int top_age = -1;
  for (const auto& row : table.rows()) {
    const auto [age, open] = parse_age(table, row, age_column);
    if (!open) continue;
    if (top_age >= 0 && age != top_age) {
      throw table.error(row, age_column, "a second open age group \"" + row.fields[age_column] +
                                             "\"; expected \"" + std::to_string(top_age) + "+\"");
    }
    top_age = age;
  }
  if (top_age < 0) {
    throw InputError::at({display_name, 0, 0}, "",
                         "no open top age group such as \"90+\" in column age");
  }

  const int year_count = last_year - first_year + 1;
  // Every cell needs a row and no table may have more than csv_rows, so
  // years and areas needing more cells are refused before they are allocated.
  const std::size_t cells = static_cast<std::size_t>(year_count) * district_codes.size() * sex_count *
                            static_cast<std::size_t>(top_age + 1);
  if (cells > input_limits::csv_rows) {
    throw InputError::at({display_name, 0, 0}, "",
                         "the years " + std::to_string(first_year) + "-" + std::to_string(last_year) + " for " +
                             std::to_string(district_codes.size()) + " areas need " + std::to_string(cells) +
                             " rows, more than the " + std::to_string(input_limits::csv_rows) + " a table may have");
  }
  PopulationTable population(first_year, year_count, static_cast<int>(district_codes.size()), top_age);
  std::vector<int> seen_at(static_cast<std::size_t>(year_count) * district_codes.size() * sex_count *
                               static_cast<std::size_t>(top_age + 1),
                           0);
  for (const auto& row : table.rows()) {
    const long year = table.integer(row, year_column);
    if (year < first_year || year > last_year) continue;
    const auto district = std::find(district_codes.begin(), district_codes.end(), row.fields[area_column]);
    if (district == district_codes.end()) continue;
    const int d = static_cast<int>(district - district_codes.begin());
    const int s = sex_index(table, row, sex_column);
    const auto [age, open] = parse_age(table, row, age_column);
    if (age > top_age) {
      throw table.error(row, age_column, "age " + std::to_string(age) + " is above the open group " +
                                             std::to_string(top_age) + "+");
    }
    if (age == top_age && !open) {
      throw table.error(row, age_column, "age " + std::to_string(age) + " should be written " +
                                             std::to_string(top_age) + "+ (the open group)");
    }
    const std::size_t cell =
        ((static_cast<std::size_t>(year - first_year) * district_codes.size() + static_cast<std::size_t>(d)) *
             sex_count + static_cast<std::size_t>(s)) * static_cast<std::size_t>(top_age + 1) +
        static_cast<std::size_t>(age);
    if (seen_at[cell] != 0) {
      throw InputError::at({display_name, row.line, 0}, "",
                           "duplicate row for this year, area, sex and age (first at line " +
                               std::to_string(seen_at[cell]) + ")");
    }
    seen_at[cell] = row.line;
    const double people = table.non_negative(row, count_column);
    if (people > input_limits::people_in_one_cell) {
      throw table.error(row, count_column, "more people of one sex and age in one area than any country has, got " +
                                               shortened_input(row.fields[count_column]));
    }
    population.at(static_cast<int>(year), d, s, age) = people;
  }

  for (int y = first_year; y <= last_year; ++y) {
    for (std::size_t d = 0; d < district_codes.size(); ++d) {
      for (int s = 0; s < sex_count; ++s) {
        for (int age = 0; age <= top_age; ++age) {
          const std::size_t cell =
              ((static_cast<std::size_t>(y - first_year) * district_codes.size() + d) * sex_count +
               static_cast<std::size_t>(s)) * static_cast<std::size_t>(top_age + 1) + static_cast<std::size_t>(age);
          if (seen_at[cell] == 0) {
            throw InputError::at({display_name, 0, 0}, "",
                                 "no row for year " + std::to_string(y) + ", area " + district_codes[d] +
                                     ", " + std::string(sex_labels[static_cast<std::size_t>(s)]) + ", age " +
                                     std::to_string(age) + (age == top_age ? "+" : ""));
          }
        }
      }
    }
  }
  return population;
}

LifeTable read_life_table(const std::filesystem::path& path, const std::string& display_name,
                          const std::string& period) {
  const CsvTable table = CsvTable::read(path, display_name);
  const std::size_t period_column = table.column("period");
  const std::size_t sex_column = table.column("sex");
  const std::size_t age_column = table.column("age");
  const std::size_t qx_column = table.column("qx");
  const std::size_t lx_column = table.column("lx");
  const std::size_t ex_column = table.column("ex");

  LifeTable life;
  life.period = period;
  std::array<std::vector<int>, sex_count> seen;
  for (const auto& row : table.rows()) {
    if (row.fields[period_column] != period) continue;
    const int s = sex_index(table, row, sex_column);
    const long age = table.integer(row, age_column);
    if (age < 0 || age > 130) throw table.error(row, age_column, "age out of range");
    const double qx = table.number(row, qx_column);
    if (qx < 0.0 || qx > 1.0) throw table.error(row, qx_column, "qx must be a probability between 0 and 1");
    auto& ages_seen = seen[static_cast<std::size_t>(s)];
    const auto a = static_cast<std::size_t>(age);
    for (auto* column : {&life.qx[static_cast<std::size_t>(s)], &life.lx[static_cast<std::size_t>(s)],
                         &life.ex[static_cast<std::size_t>(s)]}) {
      if (column->size() <= a) column->resize(a + 1, -1.0);
    }
    if (ages_seen.size() <= a) ages_seen.resize(a + 1, 0);
    if (ages_seen[a] != 0) {
      throw InputError::at({display_name, row.line, 0}, "",
                           "duplicate row for this period, sex and age (first at line " +
                               std::to_string(ages_seen[a]) + ")");
    }
    ages_seen[a] = row.line;
    life.qx[static_cast<std::size_t>(s)][a] = qx;
    life.lx[static_cast<std::size_t>(s)][a] = table.non_negative(row, lx_column);
    life.ex[static_cast<std::size_t>(s)][a] = table.non_negative(row, ex_column);
  }
  if (seen[0].empty() && seen[1].empty()) {
    throw InputError::at({display_name, 0, 0}, "", "no rows for period " + quote_input(period));
  }
  if (seen[0].size() != seen[1].size()) {
    throw InputError::at({display_name, 0, 0}, "",
                         "males and females cover different ages in period " + quote_input(period));
  }
  life.top_age = static_cast<int>(seen[0].size()) - 1;
  for (int s = 0; s < sex_count; ++s) {
    for (int age = 0; age <= life.top_age; ++age) {
      if (seen[static_cast<std::size_t>(s)][static_cast<std::size_t>(age)] == 0) {
        throw InputError::at({display_name, 0, 0}, "",
                             "no row for period " + period + ", " +
                                 std::string(sex_labels[static_cast<std::size_t>(s)]) + ", age " +
                                 std::to_string(age));
      }
    }
  }
  return life;
}

}  // namespace carecast
