#include "carecast/simulation/population_plan.h"

#include <numeric>

namespace carecast {

PopulationPlan::PopulationPlan(const PopulationData& data, int district_count, int last_year)
    : first_year_(data.base_year),
      last_year_(last_year),
      adult_age_(data.adult_age),
      oldest_age_(data.oldest_age),
      open_group_age_(data.projection.top_age()),
      district_count_(district_count) {
  const LifeTable& life = data.mortality;
  for (int s = 0; s < sex_count; ++s) {
    const auto& qx = life.qx[static_cast<std::size_t>(s)];
    const auto& lx = life.lx[static_cast<std::size_t>(s)];
    const auto& ex = life.ex[static_cast<std::size_t>(s)];
    auto& deaths = death_probability_[static_cast<std::size_t>(s)];
    // People aged a at mid-year are on average a + 0.5 years old, so the risk
    // over the next year straddles q(a) and q(a+1).
    for (int age = adult_age_; age <= oldest_age_; ++age) {
      const auto a = static_cast<std::size_t>(age);
      deaths.push_back(age < oldest_age_ ? 0.5 * (qx[a] + qx[a + 1]) : qx[a]);
    }
    // Stationary population by single year within the open group: L(a) is
    // about (l(a) + l(a+1)) / 2, and the oldest open age holds l(a) e(a).
    auto& shares = open_group_shares_[static_cast<std::size_t>(s)];
    for (int age = open_group_age_; age <= oldest_age_; ++age) {
      const auto a = static_cast<std::size_t>(age);
      shares.push_back(age < oldest_age_ ? 0.5 * (lx[a] + lx[a + 1]) : lx[a] * ex[a]);
    }
    const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
    for (double& share : shares) share /= total;
  }

  const std::size_t cells = static_cast<std::size_t>(last_year_ - first_year_ + 1) *
                            static_cast<std::size_t>(district_count_) * sex_count *
                            static_cast<std::size_t>(age_count());
  expected_.assign(cells, 0.0);
  survivors_.assign(cells, 0.0);
  const PopulationTable& projection = data.projection;
  for (int d = 0; d < district_count_; ++d) {
    for (int s = 0; s < sex_count; ++s) {
      const auto& shares = open_group_shares_[static_cast<std::size_t>(s)];
      for (int age = adult_age_; age <= oldest_age_; ++age) {
        expected_[index(first_year_, d, s, age)] =
            age < open_group_age_
                ? data.base.at(first_year_, d, s, age)
                : data.base.at(first_year_, d, s, open_group_age_) *
                      shares[static_cast<std::size_t>(age - open_group_age_)];
      }
      for (int year = first_year_ + 1; year <= last_year_; ++year) {
        for (int age = adult_age_ + 1; age <= oldest_age_; ++age) {
          double survivors = expected(year - 1, d, s, age - 1) * (1.0 - death_probability(s, age - 1));
          if (age == oldest_age_) survivors += expected(year - 1, d, s, age) * (1.0 - death_probability(s, age));
          survivors_[index(year, d, s, age)] = survivors;
        }
        for (int age = adult_age_; age < open_group_age_; ++age) {
          expected_[index(year, d, s, age)] = projection.at(year, d, s, age);
        }
        double open_survivors = 0.0;
        for (int age = open_group_age_; age <= oldest_age_; ++age) {
          open_survivors += expected_survivors(year, d, s, age);
        }
        const double scale =
            open_survivors > 0.0 ? projection.at(year, d, s, open_group_age_) / open_survivors : 0.0;
        for (int age = open_group_age_; age <= oldest_age_; ++age) {
          expected_[index(year, d, s, age)] = expected_survivors(year, d, s, age) * scale;
        }
        // Entrants at the adult age are all "migration" in this accounting.
        survivors_[index(year, d, s, adult_age_)] = 0.0;
      }
    }
  }
}

std::size_t PopulationPlan::index(int year, int district, int sex, int age) const {
  return ((static_cast<std::size_t>(year - first_year_) * static_cast<std::size_t>(district_count_) +
           static_cast<std::size_t>(district)) * sex_count + static_cast<std::size_t>(sex)) *
             static_cast<std::size_t>(age_count()) +
         static_cast<std::size_t>(age - adult_age_);
}

}  // namespace carecast
