#include "carecast/simulation/expected_population.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace carecast {

ExpectedPopulation::ExpectedPopulation(const PopulationPlan& plan)
    : plan_(&plan),
      year_(plan.first_year()),
      counts_(static_cast<std::size_t>(plan.district_count()) * sex_count * static_cast<std::size_t>(plan.age_count()), 0.0),
      deaths_(counts_.size(), 0.0),
      scratch_(static_cast<std::size_t>(plan.age_count()), 0.0) {}

double ExpectedPopulation::total() const { return std::accumulate(counts_.begin(), counts_.end(), 0.0); }

void ExpectedPopulation::initialise() {
  const PopulationPlan& plan = *plan_;
  year_ = plan.first_year();
  std::fill(deaths_.begin(), deaths_.end(), 0.0);
  const int open_age = plan.open_group_age();
  for (int d = 0; d < plan.district_count(); ++d) {
    for (int s = 0; s < sex_count; ++s) {
      // As PopulationState::initialise: whole people below the open group,
      // the rounded group split in expectation by the multinomial's shares.
      for (int age = plan.adult_age(); age < open_age; ++age) {
        counts_[index(d, s, age)] = static_cast<double>(std::llround(plan.expected(year_, d, s, age)));
      }
      double group = 0.0;
      for (int age = open_age; age <= plan.oldest_age(); ++age) group += plan.expected(year_, d, s, age);
      const auto whole_group = static_cast<double>(std::llround(group));
      const auto& shares = plan.open_group_shares(s);
      double assigned = 0.0;
      for (int age = open_age; age <= plan.oldest_age(); ++age) {
        // The chain of binomials gives the last age whatever remains.
        const double share = age == plan.oldest_age() ? whole_group - assigned
                                                      : whole_group * shares[static_cast<std::size_t>(age - open_age)];
        counts_[index(d, s, age)] = share;
        assigned += share;
      }
    }
  }
}

void ExpectedPopulation::advance() {
  const PopulationPlan& plan = *plan_;
  const int next = year_ + 1;
  const int adult = plan.adult_age();
  const int oldest = plan.oldest_age();
  for (int d = 0; d < plan.district_count(); ++d) {
    for (int s = 0; s < sex_count; ++s) {
      std::fill(scratch_.begin(), scratch_.end(), 0.0);
      for (int age = adult; age <= oldest; ++age) {
        const double alive = counts_[index(d, s, age)];
        const double survivors = alive * (1.0 - plan.death_probability(s, age));
        deaths_[index(d, s, age)] = alive - survivors;
        scratch_[static_cast<std::size_t>(std::min(age + 1, oldest) - adult)] += survivors;
      }
      for (int age = adult + 1; age <= oldest; ++age) {
        double& arrived = scratch_[static_cast<std::size_t>(age - adult)];
        const double migration = plan.net_migration(next, d, s, age);
        if (migration >= 0.0) {
          arrived += migration;
        } else {
          const double expected = plan.expected_survivors(next, d, s, age);
          const double rate = expected > 0.0 ? std::min(1.0, -migration / expected) : 1.0;
          arrived -= arrived * rate;
        }
      }
      scratch_[0] = plan.expected(next, d, s, adult);
      for (int age = adult; age <= oldest; ++age) counts_[index(d, s, age)] = scratch_[static_cast<std::size_t>(age - adult)];
    }
  }
  year_ = next;
}

}  // namespace carecast
