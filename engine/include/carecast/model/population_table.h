#pragma once
// Population counts by year × district × sex × single year of age, and a
// life table of death probabilities (read by loading/population_reader.h).

#include <array>
#include <string>
#include <string_view>
#include <vector>

namespace carecast {

inline constexpr int sex_count = 2;
inline constexpr std::array<std::string_view, sex_count> sex_labels = {"male", "female"};

// Ages 0..top_age, where top_age is an open group ("90+").
class PopulationTable {
 public:
  PopulationTable() = default;
  PopulationTable(int first_year, int year_count, int district_count, int top_age);

  int first_year() const { return first_year_; }
  int last_year() const { return first_year_ + year_count_ - 1; }
  int year_count() const { return year_count_; }
  int district_count() const { return district_count_; }
  int top_age() const { return top_age_; }
  bool has_year(int year) const { return year >= first_year_ && year <= last_year(); }

  double& at(int year, int district, int sex, int age) { return counts_[index(year, district, sex, age)]; }
  double at(int year, int district, int sex, int age) const {
    return counts_[index(year, district, sex, age)];
  }

 private:
  std::size_t index(int year, int district, int sex, int age) const;

  int first_year_ = 0;
  int year_count_ = 0;
  int district_count_ = 0;
  int top_age_ = 0;
  std::vector<double> counts_;
};

// Everyone in a table's first year: all districts, sexes and ages.
double people_in(const PopulationTable& table);

// Probability of dying within the year of age, by sex; the last age is open.
struct LifeTable {
  std::string period;
  int top_age = 0;
  std::array<std::vector<double>, sex_count> qx;  // ages 0..top_age
  std::array<std::vector<double>, sex_count> lx;  // survivors to exact age, of 100,000
  std::array<std::vector<double>, sex_count> ex;  // expectation of life at age
};

}  // namespace carecast
