// The expected-value mode's run rate at the caseload date (what the base year
// is reconciled and the budget path priced on): a whole year of the base
// caseload's council-funded days, in the county and out of it, with the
// caseload kept aside until a year is run.

#include <catch2/catch.hpp>

#include <numeric>
#include <stdexcept>

#include "carecast/simulation/calendar.h"
#include "carecast/simulation/expected_care.h"
#include "carecast/simulation/expected_population.h"
#include "care_test_support.h"

using namespace carecast;

namespace {

struct RunRateFixture {
  std::shared_ptr<const Model> model = testing::tiny_model();
  CareModel care = model->care;
  PopulationPlan plan{model->population, static_cast<int>(model->districts.size()), 2040};
  ExpectedPopulation population{plan};

  RunRateFixture() {
    // Places of one home district in both districts and out of county, so
    // that a setting's days gather cells of several locations.
    const int residential = care.setting_index("residential");
    const int older = care.client_group_index("older_people");
    care.caseload.push_back({residential, older, 0, 1, 70, 100, false, 7.25});
    care.caseload.push_back({residential, older, 1, 0, 80, 95, false, 3.5});
    care.caseload.push_back({residential, older, 0, out_of_county, 65, 100, false, 2.75});
    population.initialise();
    while (population.year() < care.caseload_year) population.advance();
  }
};

}  // namespace

TEST_CASE("the expected mode's run rate at the caseload date is a year of each council-funded caseload row's days, in county and out") {
  RunRateFixture fixture;
  const CareModel& care = fixture.care;
  ExpectedCareEngine engine(care, fixture.plan);
  engine.start(fixture.population);
  CareYearTotals run_rate;
  const int days = financial_year_days(care.caseload_year - 1);
  engine.run_rate(days, fixture.population, run_rate);

  const auto settings = static_cast<int>(care.settings.size());
  const auto groups = static_cast<int>(care.client_groups.size());
  const int ages = fixture.plan.age_count();
  // By hand from the caseload: self-funders' days are not the council's.
  std::vector<double> expected(static_cast<std::size_t>(settings) * 2, 0.0);
  for (const CaseloadRow& row : care.caseload) {
    if (row.self_funded) continue;
    expected[static_cast<std::size_t>(row.setting) * 2 + (row.location == out_of_county ? 1 : 0)] += row.count * days;
  }
  std::vector<double> counted(expected.size(), 0.0);
  for (int k = 0; k < settings; ++k) {
    for (int g = 0; g < groups; ++g) {
      for (int a = 0; a < ages; ++a) {
        for (int d = 0; d < care.district_count; ++d) {
          for (const bool outside : {false, true}) {
            counted[static_cast<std::size_t>(k) * 2 + (outside ? 1 : 0)] += run_rate.care_days[run_rate.day_at(k, g, a, d, outside)];
          }
        }
      }
    }
  }
  for (int k = 0; k < settings; ++k) {
    if (k == care.short_term_setting) continue;
    for (int outside = 0; outside < 2; ++outside) {
      INFO(care.settings[static_cast<std::size_t>(k)].id << (outside ? " out of county" : " in county"));
      const double want = expected[static_cast<std::size_t>(k * 2 + outside)];
      CHECK(counted[static_cast<std::size_t>(k * 2 + outside)] == Approx(want).epsilon(1e-12).margin(1e-9));
    }
  }
  const int residential = care.setting_index("residential");
  REQUIRE(expected[static_cast<std::size_t>(residential) * 2 + 1] > 0.0);
}

TEST_CASE("asking the expected mode for the run rate leaves the years it then runs as they were") {
  RunRateFixture fixture;
  ExpectedCareEngine asked(fixture.care, fixture.plan);
  ExpectedCareEngine not_asked(fixture.care, fixture.plan);
  asked.start(fixture.population);
  not_asked.start(fixture.population);
  CareYearTotals run_rate;
  asked.run_rate(365, fixture.population, run_rate);

  CareYearTotals after_asking;
  CareYearTotals without;
  ExpectedPopulation population = fixture.population;
  for (int year = fixture.care.caseload_year; year < fixture.care.caseload_year + 2; ++year) {
    asked.run_year(year, population, after_asking);
    not_asked.run_year(year, population, without);
    CHECK(after_asking.clients == without.clients);
    CHECK(after_asking.bed_nights == without.bed_nights);
    CHECK(after_asking.self_funders == without.self_funders);
    CHECK(after_asking.care_days == without.care_days);
    population.advance();
  }
  REQUIRE(std::accumulate(without.bed_nights.begin(), without.bed_nights.end(), 0.0) > 0.0);
  // The run rate is of the caseload date only.
  CHECK_THROWS_AS(asked.run_rate(365, population, run_rate), std::logic_error);
}
