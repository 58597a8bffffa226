#include "carecast/model/population_table.h"

namespace carecast {

PopulationTable::PopulationTable(int first_year, int year_count, int district_count, int top_age)
    : first_year_(first_year),
      year_count_(year_count),
      district_count_(district_count),
      top_age_(top_age),
      counts_(static_cast<std::size_t>(year_count) * static_cast<std::size_t>(district_count) *
                  sex_count * static_cast<std::size_t>(top_age + 1),
              0.0) {}

std::size_t PopulationTable::index(int year, int district, int sex, int age) const {
  const auto ages = static_cast<std::size_t>(top_age_ + 1);
  return ((static_cast<std::size_t>(year - first_year_) * static_cast<std::size_t>(district_count_) +
           static_cast<std::size_t>(district)) *
              sex_count +
          static_cast<std::size_t>(sex)) *
             ages +
         static_cast<std::size_t>(age);
}

double people_in(const PopulationTable& table) {
  double people = 0.0;
  for (int d = 0; d < table.district_count(); ++d) {
    for (int s = 0; s < sex_count; ++s) {
      for (int age = 0; age <= table.top_age(); ++age) people += table.at(table.first_year(), d, s, age);
    }
  }
  return people;
}

}  // namespace carecast
