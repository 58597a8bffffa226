#pragma once
// The simulated adult population as whole-person counts by district × sex ×
// single year of age, advanced a year at a time by binomial survival and the
// plan's net migration. Plain arrays; random streams are passed in.

#include <cstdint>
#include <vector>

#include "carecast/core/random.h"
#include "carecast/simulation/population_plan.h"

namespace carecast {

// How the population is advanced. `cohorts`, the default, draws each
// district × sex × age cell's deaths and emigrants as one binomial. With
// `individuals` every adult is a record of its own with its own death and
// emigration draws: the same law (a binomial is a sum of independent
// Bernoulli trials) at the cost of one or two draws per adult per year. It
// exists to measure what simulating everyone individually costs (the
// throughput benchmark); results agree in distribution, not draw for draw.
enum class PopulationMode { cohorts, individuals };

class PopulationState {
 public:
  explicit PopulationState(const PopulationPlan& plan, PopulationMode mode = PopulationMode::cohorts);

  int year() const { return year_; }
  std::int64_t& count(int district, int sex, int age) { return counts_[index(district, sex, age)]; }
  std::int64_t count(int district, int sex, int age) const { return counts_[index(district, sex, age)]; }
  std::int64_t deaths(int district, int sex, int age) const { return deaths_[index(district, sex, age)]; }
  std::int64_t total() const;

  // The base year: counts as in the base table, the open age group split
  // across single years by a multinomial draw on the life-table shares.
  void initialise(RandomEngine& random);
  // From mid-year t to t+1: survival, ageing, net migration, new adults.
  void advance(RandomEngine& random);
  // Adults held as individual records (0 in cohort mode).
  std::size_t individuals() const { return adults_.size(); }

 private:
  std::size_t index(int district, int sex, int age) const {
    return (static_cast<std::size_t>(district) * sex_count + static_cast<std::size_t>(sex)) *
               static_cast<std::size_t>(plan_->age_count()) +
           static_cast<std::size_t>(age - plan_->adult_age());
  }

  void advance_cohorts(RandomEngine& random);
  void advance_individuals(RandomEngine& random);

  const PopulationPlan* plan_;
  PopulationMode mode_;
  int year_;
  std::vector<std::int64_t> counts_;
  std::vector<std::int64_t> deaths_;  // in the year just advanced, by age at its start
  std::vector<std::int64_t> scratch_;
  std::vector<std::uint32_t> adults_;  // individuals mode: each adult's cell (index of district, sex, age)
  std::vector<double> emigration_;  // individuals mode: by cell after ageing, the chance of leaving this year
};

}  // namespace carecast
