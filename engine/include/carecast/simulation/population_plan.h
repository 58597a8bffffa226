#pragma once
// The expected path of the adult population, aligned to the model's
// projection, and the net migration it implies under the model's mortality.
// Built once per run; read by every replicate.
//
// For ages below the projection's open group, the expected count in year t is
// the projected count. Within the open group (90+ in ONS tables) single years
// are carried forward by survival and scaled to the projected group total; in
// the base year the group is split by the life table's stationary population.
// Net migration arriving at age a in year t is then E[t][a] minus the expected
// survivors of E[t-1][a-1], so a simulation that applies these migrations to
// binomial survivors follows the projection in expectation, exactly.

#include <vector>

#include "carecast/model/model.h"

namespace carecast {

class PopulationPlan {
 public:
  PopulationPlan(const PopulationData& data, int district_count, int last_year);

  int first_year() const { return first_year_; }
  int last_year() const { return last_year_; }
  int adult_age() const { return adult_age_; }
  int oldest_age() const { return oldest_age_; }
  int age_count() const { return oldest_age_ - adult_age_ + 1; }
  int district_count() const { return district_count_; }

  // Expected count at mid-year `year`.
  double expected(int year, int district, int sex, int age) const {
    return expected_[index(year, district, sex, age)];
  }
  // Expected survivors arriving at `age` in `year` from age-1 (and, at the
  // oldest age, from those already there) in year-1.
  double expected_survivors(int year, int district, int sex, int age) const {
    return survivors_[index(year, district, sex, age)];
  }
  double net_migration(int year, int district, int sex, int age) const {
    return expected(year, district, sex, age) - expected_survivors(year, district, sex, age);
  }
  // Probability of dying between mid-year `age` and the next mid-year.
  double death_probability(int sex, int age) const {
    return death_probability_[static_cast<std::size_t>(sex)][static_cast<std::size_t>(age - adult_age_)];
  }
  // Shares of the open age group by single year in the base year.
  const std::vector<double>& open_group_shares(int sex) const {
    return open_group_shares_[static_cast<std::size_t>(sex)];
  }
  int open_group_age() const { return open_group_age_; }

 private:
  std::size_t index(int year, int district, int sex, int age) const;

  int first_year_;
  int last_year_;
  int adult_age_;
  int oldest_age_;
  int open_group_age_;
  int district_count_;
  std::vector<double> expected_;
  std::vector<double> survivors_;
  std::array<std::vector<double>, sex_count> death_probability_;
  std::array<std::vector<double>, sex_count> open_group_shares_;
};

}  // namespace carecast
