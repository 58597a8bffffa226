#include "carecast/run/memory_estimate.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "carecast/simulation/care_engine.h"

namespace carecast {
namespace {

// The program before it simulates anything: code, libraries (HDF5, TBB), the
// loaded model and the population projection. Measured as the peak resident
// size of a one-replicate run of the tiny test model (about 60 MB), with
// room for a larger model.
constexpr double program_bytes = 128.0 * (1 << 20);

// One person's slot in a worker's people, with the vector's growth by
// doubling (up to twice the slots in use), its free-slot entry and its queued
// events (about two at a time, each a time, a person and a version).
constexpr double bytes_per_person = 2.0 * sizeof(Person) + sizeof(int) + 2.0 * 2.0 * 16.0;

constexpr double gibibyte = 1024.0 * 1024.0 * 1024.0;

// "9.3 GB", or "120 MB" below a gigabyte (both in powers of 1024, as
// --memory-budget reads them).
std::string memory_text(std::size_t bytes) {
  char text[40];
  if (static_cast<double>(bytes) >= gibibyte) {
    std::snprintf(text, sizeof text, "%.1f GB", static_cast<double>(bytes) / gibibyte);
  } else {
    std::snprintf(text, sizeof text, "%.0f MB", static_cast<double>(bytes) / (1024.0 * 1024.0));
  }
  return text;
}

double requests_per_year(const Model& model) {
  const CareModel& care = model.care;
  const PopulationTable& base = model.population.base;
  double requests = 0.0;
  for (const auto& by_age : care.request_rate) {
    for (std::size_t a = 0; a < by_age.size(); ++a) {
      const int age = std::min(care.adult_age + static_cast<int>(a), base.top_age());
      for (int d = 0; d < base.district_count(); ++d) {
        for (int s = 0; s < sex_count; ++s) requests += by_age[a] * base.at(base.first_year(), d, s, age);
      }
    }
  }
  const double highest_need =
      care.district_need.empty() ? 1.0 : *std::max_element(care.district_need.begin(), care.district_need.end());
  return requests * std::max(1.0, highest_need);
}

// The scenario's rate factors of one kind multiplied together, where they
// raise the rates (a factor below 1 may apply to some groups only).
double raising_factor(const LoadedScenario& loaded, RateEffect effect) {
  double product = 1.0;
  for (const RateFactor& factor : loaded.inputs.rate_factors) {
    if (factor.effect == effect) product *= std::max(1.0, factor.factor);
  }
  return product;
}

}  // namespace

std::size_t default_memory_budget() {
  const double memory = static_cast<double>(sysconf(_SC_PHYS_PAGES)) * static_cast<double>(sysconf(_SC_PAGE_SIZE));
  if (!(memory > 0.0)) return standard_memory_budget;
  return std::min(standard_memory_budget, static_cast<std::size_t>(0.5 * memory));
}

double most_people_per_replicate(const LoadedScenario& loaded) {
  const Model& model = *loaded.model;
  const CareModel& care = model.care;
  double caseload = 0.0;
  for (const CaseloadRow& row : care.caseload) caseload += std::ceil(row.count);
  const double onward = care.short_term_share * (1.0 - care.no_further_need_share) * care.long_term_share_of_further_need;
  const double arrivals_per_year = care.transitions_per_year * raising_factor(loaded, RateEffect::transitions) +
                                   requests_per_year(model) * raising_factor(loaded, RateEffect::request_rate) * onward;
  const auto years = static_cast<double>(loaded.scenario.horizon + std::max(0, loaded.scenario.start_year - care.caseload_year));
  return caseload + (years + 1.0) * arrivals_per_year;
}

std::size_t simulation_memory_bytes(const LoadedScenario& loaded, int threads) {
  const double workers = threads > 0 ? threads : static_cast<double>(std::max(1L, sysconf(_SC_NPROCESSORS_ONLN)));
  const double bytes = program_bytes + workers * most_people_per_replicate(loaded) * bytes_per_person;
  constexpr double most = static_cast<double>(std::numeric_limits<std::size_t>::max() / 2);
  return static_cast<std::size_t>(std::min(bytes, most));
}

void check_memory_budget(std::size_t needed_bytes, std::size_t budget_bytes, std::int64_t replicates,
                         const SourceLocation& where, const std::string& key) {
  if (needed_bytes <= budget_bytes) return;
  const std::string raise_to =
      std::to_string(static_cast<long long>(std::ceil(1.1 * static_cast<double>(needed_bytes) / gibibyte))) + "G";
  throw InputError::at(where, key,
                       "this run of " + std::to_string(replicates) + " replicates would need about " +
                           memory_text(needed_bytes) + " of memory, more than the " + memory_text(budget_bytes) +
                           " budget; lower " + key + " or raise the budget with --memory-budget " + raise_to);
}

}  // namespace carecast
