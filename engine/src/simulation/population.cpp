#include "carecast/simulation/population.h"

#include <boost/random/uniform_01.hpp>

#include <cmath>
#include <numeric>

#include "carecast/core/draws.h"

namespace carecast {

PopulationState::PopulationState(const PopulationPlan& plan, PopulationMode mode)
    : plan_(&plan),
      mode_(mode),
      year_(plan.first_year()),
      counts_(static_cast<std::size_t>(plan.district_count()) * sex_count * static_cast<std::size_t>(plan.age_count()), 0),
      deaths_(counts_.size(), 0),
      scratch_(static_cast<std::size_t>(plan.age_count()), 0) {}

std::int64_t PopulationState::total() const {
  return std::accumulate(counts_.begin(), counts_.end(), std::int64_t{0});
}

void PopulationState::initialise(RandomEngine& random) {
  const PopulationPlan& plan = *plan_;
  year_ = plan.first_year();
  std::fill(deaths_.begin(), deaths_.end(), 0);
  const int open_age = plan.open_group_age();
  for (int d = 0; d < plan.district_count(); ++d) {
    for (int s = 0; s < sex_count; ++s) {
      for (int age = plan.adult_age(); age < open_age; ++age) {
        count(d, s, age) = std::llround(plan.expected(year_, d, s, age));
      }
      // Multinomial as a chain of binomials over the open group's ages.
      double group = 0.0;
      for (int age = open_age; age <= plan.oldest_age(); ++age) group += plan.expected(year_, d, s, age);
      std::int64_t remaining = std::llround(group);
      double remaining_share = 1.0;
      const auto& shares = plan.open_group_shares(s);
      for (int age = open_age; age <= plan.oldest_age(); ++age) {
        const double share = shares[static_cast<std::size_t>(age - open_age)];
        const std::int64_t drawn =
            age == plan.oldest_age() ? remaining : draw_binomial(random, remaining, share / remaining_share);
        count(d, s, age) = drawn;
        remaining -= drawn;
        remaining_share -= share;
      }
    }
  }
  adults_.clear();
  if (mode_ != PopulationMode::individuals) return;
  for (std::size_t cell = 0; cell < counts_.size(); ++cell) {
    adults_.insert(adults_.end(), static_cast<std::size_t>(counts_[cell]), static_cast<std::uint32_t>(cell));
  }
}

void PopulationState::advance(RandomEngine& random) {
  if (mode_ == PopulationMode::individuals) {
    advance_individuals(random);
  } else {
    advance_cohorts(random);
  }
}

void PopulationState::advance_cohorts(RandomEngine& random) {
  const PopulationPlan& plan = *plan_;
  const int next = year_ + 1;
  const int adult = plan.adult_age();
  const int oldest = plan.oldest_age();
  for (int d = 0; d < plan.district_count(); ++d) {
    for (int s = 0; s < sex_count; ++s) {
      std::fill(scratch_.begin(), scratch_.end(), 0);
      for (int age = adult; age <= oldest; ++age) {
        const std::int64_t alive = count(d, s, age);
        const std::int64_t survivors = draw_binomial(random, alive, 1.0 - plan.death_probability(s, age));
        deaths_[index(d, s, age)] = alive - survivors;
        scratch_[static_cast<std::size_t>(std::min(age + 1, oldest) - adult)] += survivors;
      }
      for (int age = adult + 1; age <= oldest; ++age) {
        std::int64_t& arrived = scratch_[static_cast<std::size_t>(age - adult)];
        const double migration = plan.net_migration(next, d, s, age);
        if (migration >= 0.0) {
          arrived += draw_poisson(random, migration);
        } else {
          // Emigration as a rate on the expected survivors keeps the
          // expectation exact: E[S (1 - r)] = E[S] - |m|.
          const double expected = plan.expected_survivors(next, d, s, age);
          const double rate = expected > 0.0 ? std::min(1.0, -migration / expected) : 1.0;
          arrived -= draw_binomial(random, arrived, rate);
        }
      }
      scratch_[0] = draw_poisson(random, plan.expected(next, d, s, adult));
      for (int age = adult; age <= oldest; ++age) count(d, s, age) = scratch_[static_cast<std::size_t>(age - adult)];
    }
  }
  year_ = next;
}

void PopulationState::advance_individuals(RandomEngine& random) {
  const PopulationPlan& plan = *plan_;
  const int next = year_ + 1;
  const int adult = plan.adult_age();
  const int oldest = plan.oldest_age();
  const auto ages = static_cast<std::size_t>(plan.age_count());
  boost::random::uniform_01<double> uniform;

  // Emigration as a rate on each cell's expected survivors, as in cohort mode.
  emigration_.assign(counts_.size(), 0.0);
  for (int d = 0; d < plan.district_count(); ++d) {
    for (int s = 0; s < sex_count; ++s) {
      for (int age = adult + 1; age <= oldest; ++age) {
        const double migration = plan.net_migration(next, d, s, age);
        if (migration >= 0.0) continue;
        const double expected = plan.expected_survivors(next, d, s, age);
        emigration_[index(d, s, age)] = expected > 0.0 ? std::min(1.0, -migration / expected) : 1.0;
      }
    }
  }

  // Each adult survives the year or not, ages, and may emigrate.
  std::fill(deaths_.begin(), deaths_.end(), 0);
  std::size_t kept = 0;
  for (const std::uint32_t cell : adults_) {
    const auto age = adult + static_cast<int>(cell % ages);
    const auto sex = static_cast<int>(cell / ages % sex_count);
    if (uniform(random) < plan.death_probability(sex, age)) {
      ++deaths_[cell];
      continue;
    }
    const std::uint32_t older = age < oldest ? cell + 1 : cell;
    const double leaving = emigration_[older];
    if (leaving > 0.0 && uniform(random) < leaving) continue;
    adults_[kept++] = older;
  }
  adults_.resize(kept);

  // Immigrants and the year's new adults arrive as new records.
  for (int d = 0; d < plan.district_count(); ++d) {
    for (int s = 0; s < sex_count; ++s) {
      for (int age = adult; age <= oldest; ++age) {
        const double arriving = age == adult ? plan.expected(next, d, s, adult) : plan.net_migration(next, d, s, age);
        const std::int64_t arrivals = draw_poisson(random, arriving);
        adults_.insert(adults_.end(), static_cast<std::size_t>(arrivals), static_cast<std::uint32_t>(index(d, s, age)));
      }
    }
  }

  std::fill(counts_.begin(), counts_.end(), 0);
  for (const std::uint32_t cell : adults_) ++counts_[cell];
  year_ = next;
}

}  // namespace carecast
