#pragma once
// The expected path of the simulated population: what PopulationState's
// cohort draws average to, computed without drawing. Counts are real
// numbers, by district × sex × single year of age, advanced a year at a time
// with the same survival, migration and new adults as the cohort mode, so
// the expected-value mode (docs/model.md, "The expected-value mode") sees
// the population a replicate sees on average.

#include <vector>

#include "carecast/simulation/population_plan.h"

namespace carecast {

class ExpectedPopulation {
 public:
  explicit ExpectedPopulation(const PopulationPlan& plan);

  int year() const { return year_; }
  double count(int district, int sex, int age) const { return counts_[index(district, sex, age)]; }
  double deaths(int district, int sex, int age) const { return deaths_[index(district, sex, age)]; }
  double total() const;

  // The base year; the open age group split by its life-table shares.
  void initialise();
  // From mid-year t to t+1: survival, ageing, net migration, new adults.
  void advance();

 private:
  std::size_t index(int district, int sex, int age) const {
    return (static_cast<std::size_t>(district) * sex_count + static_cast<std::size_t>(sex)) *
               static_cast<std::size_t>(plan_->age_count()) +
           static_cast<std::size_t>(age - plan_->adult_age());
  }

  const PopulationPlan* plan_;
  int year_;
  std::vector<double> counts_;
  std::vector<double> deaths_;
  std::vector<double> scratch_;
};

}  // namespace carecast
