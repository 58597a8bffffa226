// A market that responds, unmet homecare bought at a premium, and people
// waiting counted (docs/model.md, "Market"): the response rule on its own,
// then whole runs of the tiny model with its market short
// (tests/data/scenarios/tiny_market.yaml).

#include <catch2/catch.hpp>

#include <cmath>
#include <numeric>

#include "carecast/market/capacity_response.h"
#include "carecast/parallel/runner.h"
#include "carecast/run/simulation.h"
#include "carecast/simulation/calendar.h"
#include "test_support.h"

using namespace carecast;

namespace {

const std::filesystem::path tiny_market = std::filesystem::path(CARECAST_TEST_DATA) / "scenarios" / "tiny_market.yaml";

// One setting (0) in two districts with 100 places each.
const SettingDistrictTable hundred_places = {{100.0, 100.0}};

SettingDistrictTable short_by(double first, double second) { return {{first, second}}; }

// A run's replicates and the quantities read from them.
struct Replicates {
  const Simulation simulation;
  const ReplicateStore store;
  const std::int64_t count;

  Replicates(const LoadedScenario& loaded, std::int64_t replicates)
      : simulation(loaded), store(run_replicates(simulation, 0, replicates, {})), count(replicates) {}

  std::vector<double> of(const std::string& name, std::int64_t replicate) const {
    const OutputLayout& layout = simulation.layout();
    const std::size_t quantity = layout.quantity_index(name);
    const std::size_t cells = layout.size(quantity);
    const double* values = store.replicate_values(quantity, replicate, cells);
    return {values, values + cells};
  }
  // The mean over replicates of `name`'s cell `cell`.
  double mean(const std::string& name, std::size_t cell) const {
    double sum = 0.0;
    for (std::int64_t r = 0; r < count; ++r) sum += of(name, r)[cell];
    return sum / static_cast<double>(count);
  }
};

}  // namespace

TEST_CASE("a responding capacity opens a share of the shortfall seen lag years before, net of what it has opened since") {
  const std::vector<CapacityChange> no_changes;
  const std::vector<CapacityResponse> half_after_two_years = {{"test", 0, -1, 2024, 0.5, 2}};
  RespondingCapacity capacity(hundred_places, no_changes, half_after_two_years, 2024);
  CHECK(capacity.capacity_in(2024) == hundred_places);
  capacity.saw_shortfall(2024, short_by(40.0, 0.0));
  CHECK(capacity.capacity_in(2025) == hundred_places);  // nothing seen two years before
  capacity.saw_shortfall(2025, short_by(40.0, 10.0));
  // 2026 answers 2024's 40 short by half: 20.
  CHECK(capacity.capacity_in(2026) == SettingDistrictTable{{120.0, 100.0}});
  capacity.saw_shortfall(2026, short_by(0.0, 0.0));
  // 2027 answers 2025's 40 less the 20 already opened since, by half: 10;
  // and 2025's 10 in the other district by half: 5.
  CHECK(capacity.capacity_in(2027) == SettingDistrictTable{{130.0, 105.0}});
  CHECK(capacity.opened_in(2027) == SettingDistrictTable{{10.0, 5.0}});
}

TEST_CASE("places opened in response close at the setting's yearly exit rate, and responses start in their start year") {
  const std::vector<CapacityChange> exits = {{"exits", 0, -1, 2024, 0.0, -0.1}};
  const std::vector<CapacityResponse> all_from_2025 = {{"test", 0, 1, 2025, 1.0, 1}};
  RespondingCapacity capacity(hundred_places, exits, all_from_2025, 2024);
  CHECK(capacity.capacity_in(2024)[0][1] == Approx(90.0));
  capacity.saw_shortfall(2024, short_by(50.0, 50.0));
  // Only district 1 responds: the scheduled 81 plus all 50 short.
  const SettingDistrictTable in_2025 = capacity.capacity_in(2025);
  CHECK(in_2025[0][0] == Approx(81.0));
  CHECK(in_2025[0][1] == Approx(131.0));
  capacity.saw_shortfall(2025, short_by(0.0, 0.0));
  // The 50 opened lose 10% a year as the rest do.
  CHECK(capacity.capacity_in(2026)[0][1] == Approx(72.9 + 45.0));
}

TEST_CASE("unmet homecare bought at a premium costs the unmet hours at the hourly rate times the premium") {
  const LoadedScenario loaded = load_scenario(tiny_market);
  REQUIRE(loaded.inputs.money->unmet_homecare_premium == 0.3);
  LoadedScenario free = loaded;
  free.inputs.money->buys_unmet_homecare = false;
  const Replicates bought(loaded, 3);
  const Replicates unbought(free, 3);
  // Homecare in tiny_money.yaml: 20 GBP an hour in Bromsgrove, 22 in
  // Redditch, in 2024 prices, moved by contract inflation (4% in 2025, 3% after).
  const double hourly[] = {20.0, 22.0};
  const double index[] = {1.0, 1.04, 1.04 * 1.03, 1.04 * 1.03 * 1.03};
  const auto& care = loaded.model->care;
  const std::size_t settings = care.settings.size();
  const auto homecare = static_cast<std::size_t>(care.hours_setting);
  const std::size_t lines = 2, districts = 2, years = 4;
  double premium_paid = 0.0;
  for (std::int64_t r = 0; r < bought.count; ++r) {
    const auto unmet = bought.of("unmet_homecare_hours", r);
    REQUIRE(unmet == unbought.of("unmet_homecare_hours", r));  // prices do not move volumes
    const auto premium = bought.of("homecare_premium_spend", r);
    const auto gross = bought.of("spend_gross", r);
    const auto gross_free = unbought.of("spend_gross", r);
    for (std::size_t y = 0; y < years; ++y) {
      for (std::size_t d = 0; d < districts; ++d) {
        const double at_rate = unmet[y * districts + d] * hourly[d] * index[y];
        double premium_in_district = 0.0;
        double extra_gross = 0.0;
        for (std::size_t line = 0; line < lines; ++line) {
          premium_in_district += premium[(y * lines + line) * districts + d];
          const std::size_t cell = ((y * lines + line) * settings + homecare) * districts + d;
          extra_gross += gross[cell] - gross_free[cell];
        }
        INFO("replicate " << r << " year " << y << " district " << d << ": unmet hours " << unmet[y * districts + d]);
        CHECK(premium_in_district == Approx(at_rate * 0.3).epsilon(1e-9));
        CHECK(extra_gross == Approx(at_rate * 1.3).epsilon(1e-9));
        premium_paid += premium_in_district;
      }
    }
  }
  CHECK(premium_paid > 0.0);  // the case is there: hours went unmet
}

TEST_CASE("a homecare market that answers all of last year's shortfall keeps it to a year's growth in need, where a frozen one falls behind") {
  LoadedScenario loaded = load_scenario(tiny_market);
  const int homecare = loaded.model->care.hours_setting;
  // A third of the workforce gone in the first year, and no other change.
  loaded.inputs.capacity_changes = {{"loss", homecare, -1, 2024, -300.0, 0.0}};
  LoadedScenario frozen = loaded;
  loaded.inputs.capacity_responses = {{"recruits", homecare, -1, 2024, 1.0, 1}};
  frozen.inputs.capacity_responses.clear();
  const Replicates responding(loaded, 20);
  const Replicates stuck(frozen, 20);
  const std::size_t settings = loaded.model->care.settings.size(), districts = 2, last = 3;
  for (std::size_t d = 0; d < districts; ++d) {
    INFO("district " << d);
    // The first year is the same: nothing has been seen to respond to.
    const double first_unmet = responding.mean("unmet_homecare_hours", d);
    REQUIRE(first_unmet > 1000.0);
    CHECK(stuck.mean("unmet_homecare_hours", d) == first_unmet);
    // Need keeps growing in the tiny model, so a market that answers last
    // year's shortfall is always a year's growth behind; a frozen one falls
    // further behind each year.
    const double responding_last = responding.mean("unmet_homecare_hours", last * districts + d);
    const double stuck_last = stuck.mean("unmet_homecare_hours", last * districts + d);
    INFO("last year's unmet hours: " << responding_last << " responding, " << stuck_last << " frozen");
    CHECK(stuck_last > 2.0 * first_unmet);
    CHECK(responding_last < 0.5 * stuck_last);
    // Each replicate's capacity grows by exactly what it was short the year
    // before, in hours a week: never more.
    for (std::int64_t r = 0; r < responding.count; ++r) {
      const auto capacity = responding.of("capacity", r);
      const auto unmet = responding.of("unmet_homecare_hours", r);
      for (std::size_t y = 1; y <= last; ++y) {
        const double grown = capacity[(y * settings + static_cast<std::size_t>(homecare)) * districts + d] -
                             capacity[((y - 1) * settings + static_cast<std::size_t>(homecare)) * districts + d];
        const double short_by_weekly = unmet[(y - 1) * districts + d] * 7.0 / financial_year_days(2024 + static_cast<int>(y) - 1);
        CHECK(grown == Approx(short_by_weekly).epsilon(1e-9));
      }
    }
  }
}

TEST_CASE("people waiting for supported living are counted at year end, and a responding market shortens the list") {
  LoadedScenario loaded = load_scenario(tiny_market);
  LoadedScenario frozen = loaded;
  frozen.inputs.capacity_responses.clear();
  const Replicates responding(loaded, 20);
  const Replicates stuck(frozen, 20);
  const auto& care = loaded.model->care;
  const std::size_t settings = care.settings.size(), groups = care.client_groups.size(), districts = 2, last = 3;
  const auto supported = static_cast<std::size_t>(care.setting_index("supported_living"));
  auto waiting_for = [&](const Replicates& run, std::size_t year, std::size_t setting) {
    double total = 0.0;
    for (std::size_t g = 0; g < groups; ++g) {
      for (std::size_t d = 0; d < districts; ++d) total += run.mean("people_waiting", ((year * settings + setting) * groups + g) * districts + d);
    }
    return total;
  };
  CHECK(waiting_for(stuck, 0, supported) > 5.0);
  CHECK(waiting_for(stuck, last, supported) > waiting_for(responding, last, supported) + 5.0);
  for (std::size_t s = 0; s < settings; ++s) {
    // Only a setting whose entrants wait has a list.
    if (s != supported) CHECK(waiting_for(stuck, last, s) == 0.0);
  }
}
