// Self-funders who run down their capital (docs/model.md, "Self-funders"):
// the capital drawn at entry, the day the council takes over, the expected
// mode's bands of capital, and the model keys that state it.

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <numbers>
#include <sstream>

#include "care_test_support.h"
#include "carecast/loading/model_loader.h"
#include "carecast/simulation/capital_clock.h"
#include "carecast/simulation/calendar.h"
#include "test_support.h"

using namespace carecast;
using testing::PopulationFixture;

namespace {

constexpr int bromsgrove = 0;
constexpr int older = 0;

// The quiet model in which older people in residential care fund
// themselves with this capital.
CareModel residential_self_funders(double median, double spread) {
  CareModel care = testing::quiet_care_model();
  care.self_funding_setting[static_cast<std::size_t>(care.setting_index("residential"))] = true;
  care.self_funding_group[older] = true;
  care.self_funder_capital = testing::capital_at_every_age(care, 1.0, median, spread);
  care.self_funded_depletion_per_year = 0.0;  // as the loader leaves it with capital
  return care;
}

double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::numbers::sqrt2); }

}  // namespace

namespace {

// An older person with a fixed capital admitted to residential care on day
// 10 of 2024/25 (365 days), in the quiet model where nobody dies or moves.
struct OneSelfFunder {
  PopulationFixture fixture;
  CareModel care;
  int residential;
  CareEngine engine;
  RandomEngine random = make_stream(5, 0, StreamPurpose::care);
  CareYearTotals totals;
  int person = -1;

  explicit OneSelfFunder(double capital)
      : care(residential_self_funders(capital, 0.0)), residential(care.setting_index("residential")), engine(care, fixture.plan) {
    REQUIRE(financial_year_days(2024) == 365);
    engine.start(fixture.population, random);
    engine.begin_year(2024, random, totals);
    person = engine.admit(older, bromsgrove, 1, 85, residential, 10.0, random, totals);
  }
  void finish_year() {
    engine.process_events(random, totals);
    engine.end_year(totals);
  }
  void run_year(int year) {
    engine.begin_year(year, random, totals);
    finish_year();
  }
  const Person& record() const { return engine.people()[static_cast<std::size_t>(person)]; }
  double conversions() const { return totals.self_funder_conversions[totals.at(residential, bromsgrove)]; }
  double council_nights() const { return totals.bed_nights[totals.bed_at(residential, bromsgrove, false)]; }
};

}  // namespace

TEST_CASE("a self-funder with a known capital becomes council-funded after (capital - limit) / (fee - income) weeks") {
  // £60,000: (60,000 - 23,250) / (1,000 - 200) = 45.9375 weeks = 321.5625 days.
  OneSelfFunder one(60000.0);
  CHECK(one.record().self_funded);
  CHECK(one.record().conversion_time == 10.0 + 321.5625);
  one.finish_year();
  // The council pays from day 331.5625: the nights from the 331st midnight
  // to 31 March.
  CHECK(one.conversions() == 1.0);
  CHECK(one.council_nights() == 365.0 - 331.0);
  // Money prices the council's care days, so spend starts the same day.
  CHECK(one.totals.care_days[one.totals.day_at(one.residential, older, 85 - one.care.adult_age, bromsgrove, false)] == 365.0 - 331.0);
  CHECK(one.totals.admissions[one.totals.at(one.residential, older, bromsgrove)] == 0.0);
  CHECK(one.totals.clients[one.totals.at(one.residential, older, bromsgrove)] == 1.0);
  CHECK(one.totals.self_funders[one.totals.at(one.residential, bromsgrove)] == 0.0);
  CHECK_FALSE(one.record().self_funded);
}

TEST_CASE("capital that outlasts the year converts on the right day of a later year") {
  // £100,000: 76,750 / 800 = 95.9375 weeks = 671.5625 days after day 10 of
  // 2024/25: day 316.5625 of 2025/26 (365 days).
  OneSelfFunder one(100000.0);
  one.finish_year();
  CHECK(one.conversions() == 0.0);
  CHECK(one.totals.self_funders[one.totals.at(one.residential, bromsgrove)] == 1.0);
  CHECK(one.council_nights() == 0.0);
  REQUIRE(financial_year_days(2025) == 365);
  one.run_year(2025);
  CHECK(one.conversions() == 1.0);
  CHECK(one.council_nights() == 365.0 - 316.0);
}

TEST_CASE("capital is drawn from the lognormal above the limit") {
  const CareModel care = residential_self_funders(40000.0, 0.8);
  const SelfFunderCapital& capital = *care.self_funder_capital;
  // The share above the limit, worked out independently with erfc.
  const double z_limit = (std::log(23250.0) - std::log(40000.0)) / 0.8;
  const double above = 1.0 - normal_cdf(z_limit);
  CHECK(capital.share_above_limit(60) == Approx(above).epsilon(1e-12));
  for (const double uniform : {0.0, 0.1, 0.5, 0.9, 0.999}) {
    const double money = capital.capital_at(60, uniform);
    CHECK(money >= 23250.0);
    // Its place in the lognormal is the draw's place among capitals above the limit.
    const double below = normal_cdf((std::log(money) - std::log(40000.0)) / 0.8);
    CHECK(below == Approx(1.0 - above + uniform * above).epsilon(1e-9));
  }
  // No spread: the median itself.
  CHECK(residential_self_funders(60000.0, 0.0).self_funder_capital->capital_at(60, 0.3) == 60000.0);
}

TEST_CASE("the expected mode's clock releases the caseload's self-funders at their mean time to the limit") {
  const CareModel care = residential_self_funders(60000.0, 0.6);
  const SelfFunderCapital& capital = *care.self_funder_capital;
  const int residential = care.setting_index("residential");
  const int ages = care.oldest_age - care.adult_age + 1;
  CapitalClock clock(capital, {residential}, ages, 1, 1);
  clock.add_caseload(0, 0, 0, 50, 1.0);
  // Released at the start of month t, a self-funder converts half a month
  // later on average.
  double holding = 1.0;
  double mean_months = 0.0;
  for (int month = 0; month < CapitalClock::horizon; ++month) {
    const double released = holding * clock.release_due(0, 0, 0);
    holding -= released;
    mean_months += released * (month + 0.5);
  }
  CHECK(holding == Approx(0.0).margin(1e-12));
  // The mean of the lognormal above the limit, in closed form:
  // E[C | C > L] = exp(mu + s^2 / 2) P(Z < (mu + s^2 - ln L) / s) / P(C > L).
  const double mu = std::log(60000.0);
  const double s = 0.6;
  const double above = capital.share_above_limit(50);
  const double mean_capital = std::exp(mu + s * s / 2.0) * normal_cdf((mu + s * s - std::log(23250.0)) / s) / above;
  const double months_a_pound = 1.0 / (800.0 * 365.25 / 12.0 / 7.0);
  // Capitals under half a month's fees are counted as half a month, and the
  // integral is over 2,000 quantiles: within a tenth of a percent.
  CHECK(mean_months == Approx((mean_capital - 23250.0) * months_a_pound).epsilon(0.001));
}

namespace {

// A copy of the tiny model whose self-funders have capital, with `edit`
// applied to model.yaml and the capital table written as `table`.
std::filesystem::path tiny_with_capital(const std::string& name, const std::string& capital_yaml, const std::string& table) {
  const auto folder = testing::scratch_folder() / "capital" / name;
  std::filesystem::remove_all(folder);
  std::filesystem::create_directories(folder.parent_path());
  std::filesystem::copy(testing::test_models() / "tiny", folder, std::filesystem::copy_options::recursive);
  std::ifstream in(folder / "model.yaml");
  std::stringstream text;
  text << in.rdbuf();
  std::string yaml = text.str();
  const std::string shared = "../../../../models/worcestershire/data/";
  for (auto at = yaml.find(shared); at != std::string::npos; at = yaml.find(shared)) {
    yaml.replace(at, shared.size(), (std::filesystem::path(CARECAST_SOURCE_DIR) / "models" / "worcestershire" / "data").string() + "/");
  }
  const std::string old_form =
      "    entrant_share: {value: 0.5, assumption: \"test value\"}\n    depletion_per_year: {value: 0.1, assumption: \"test value\"}\n";
  REQUIRE(yaml.find(old_form) != std::string::npos);
  yaml.replace(yaml.find(old_form), old_form.size(), capital_yaml);
  std::ofstream(folder / "model.yaml") << yaml;
  std::ofstream(folder / "data" / "capital.csv") << table;
  return folder;
}

const std::string capital_yaml =
    "    capital:\n"
    "      limit: {value: 23250, source: \"upper capital limit\"}\n"
    "      weekly_income: {value: 200, assumption: \"test value\"}\n"
    "      weekly_fees:\n"
    "        residential: {value: 1000, assumption: \"test value\"}\n"
    "      by_age: {file: data/capital.csv}\n";
const std::string capital_table =
    "min_age,max_age,entrant_share,median,spread,source\n"
    "18,64,0.1,40000,0.8,assumption: test\n"
    "65,100,0.5,60000,0.5,assumption: test\n";

}  // namespace

TEST_CASE("a model states self-funders' capital by age band") {
  const auto folder = tiny_with_capital("good", capital_yaml, capital_table);
  const auto model = load_model(folder, "tiny");
  const CareModel& care = model->care;
  REQUIRE(care.self_funder_capital.has_value());
  const SelfFunderCapital& capital = *care.self_funder_capital;
  CHECK(capital.limit == 23250.0);
  CHECK(capital.weekly_income == 200.0);
  CHECK(capital.weekly_draw(care.setting_index("residential")) == 800.0);
  CHECK(capital.entrant_share[static_cast<std::size_t>(64 - care.adult_age)] == 0.1);
  CHECK(capital.median[static_cast<std::size_t>(65 - care.adult_age)] == 60000.0);
  CHECK(capital.spread[static_cast<std::size_t>(100 - care.adult_age)] == 0.5);
  CHECK(care.self_funded_depletion_per_year == 0.0);
}

TEST_CASE("bad capital tables are refused at their line") {
  auto error = [](const std::string& name, const std::string& table) {
    const auto folder = tiny_with_capital(name, capital_yaml, table);
    return testing::error_of([&] { load_model(folder, "tiny"); });
  };
  const std::string header = "min_age,max_age,entrant_share,median,spread,source\n";
  CHECK(error("gap", header + "18,64,0.1,40000,0.8,assumption: test\n66,100,0.5,60000,0.5,assumption: test\n") ==
        "tiny/data/capital.csv: no row for age 65");
  CHECK(error("overlap", header + "18,65,0.1,40000,0.8,assumption: test\n65,100,0.5,60000,0.5,assumption: test\n") ==
        "tiny/data/capital.csv:3: age 65 is already given at line 2");
  CHECK(error("wide", header + "18,64,0.1,40000,8,assumption: test\n65,100,0.5,60000,0.5,assumption: test\n") ==
        "tiny/data/capital.csv:2: column spread: a spread of log capital must be at most 5");
  CHECK(error("share", header + "18,64,1.5,40000,0.8,assumption: test\n65,100,0.5,60000,0.5,assumption: test\n") ==
        "tiny/data/capital.csv:2: column entrant_share: a share must be between 0 and 1");
  CHECK(error("poor", header + "18,64,0.1,20000,0,assumption: test\n65,100,0.5,60000,0.5,assumption: test\n") ==
        "tiny/data/capital.csv:2: column median: nobody of these ages has capital above the limit, yet entrant_share is above 0");
}
