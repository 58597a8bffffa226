// The care engine on constructed careers and small models whose expected
// values are known: exact day counting, capacity rules, conservation and
// convergence to closed-form expectations.

#include <catch2/catch.hpp>

#include <Eigen/Dense>
#include <unsupported/Eigen/MatrixFunctions>
#include <cmath>

#include "care_test_support.h"
#include "carecast/market/market.h"
#include "carecast/money/accounts.h"
#include "carecast/parallel/runner.h"
#include "carecast/simulation/calendar.h"
#include "carecast/run/simulation.h"
#include "test_support.h"

using namespace carecast;
using testing::PopulationFixture;

namespace {

constexpr int bromsgrove = 0;
constexpr int redditch = 1;
constexpr int older = 0;

struct Indices {
  int homecare, residential, supported_living;
  explicit Indices(const CareModel& care)
      : homecare(care.setting_index("homecare")),
        residential(care.setting_index("residential")),
        supported_living(care.setting_index("supported_living")) {}
};

}  // namespace

TEST_CASE("financial years have 365 or 366 days") {
  CHECK(financial_year_days(2026) == 365);  // April 2026 to March 2027
  CHECK(financial_year_days(2027) == 366);  // contains 29 February 2028
  CHECK(financial_year_days(2099) == 365);  // 2100 is not a leap year
}

TEST_CASE("a stay's nights are split exactly across financial years") {
  PopulationFixture fixture;
  const CareModel care = testing::quiet_care_model();
  const Indices setting(care);
  CareEngine engine(care, fixture.plan);
  RandomEngine random = make_stream(5, 0, StreamPurpose::care);
  engine.start(fixture.population, random);
  CareYearTotals totals;
  auto nights = [&](int district) { return totals.bed_nights[totals.bed_at(setting.residential, district, false)]; };

  // Admitted at midday on day 300 of 2026/27 (26 January 2027): 65 nights to 31 March.
  engine.begin_year(2026, random, totals);
  const int person = engine.admit(older, bromsgrove, 1, 85, setting.residential, 300.5, random, totals);
  engine.process_events(random, totals);
  engine.end_year(totals);
  CHECK(nights(bromsgrove) == 65.0);
  CHECK(totals.admissions[totals.at(setting.residential, older, bromsgrove)] == 1.0);
  CHECK(totals.clients[totals.at(setting.residential, older, bromsgrove)] == 1.0);

  engine.begin_year(2027, random, totals);  // a leap year: 366 nights
  engine.process_events(random, totals);
  engine.end_year(totals);
  CHECK(nights(bromsgrove) == 366.0);
  CHECK(totals.admissions[totals.at(setting.residential, older, bromsgrove)] == 0.0);

  // Leaves at 05:00 on day 10 of 2028/29: the nights of 1-10 April.
  engine.begin_year(2028, random, totals);
  engine.discharge(person, 10.2, random, totals);
  engine.process_events(random, totals);
  engine.end_year(totals);
  CHECK(nights(bromsgrove) == 10.0);
  CHECK(totals.clients[totals.at(setting.residential, older, bromsgrove)] == 0.0);
  CHECK(engine.long_term_count() == 0);
}

TEST_CASE("homecare hours are delivered up to the workforce's capacity, the rest unmet") {
  PopulationFixture fixture;
  CareModel care = testing::quiet_care_model();
  const Indices setting(care);
  care.homecare_hours_shape = 1e14;  // every client gets the mean, 10 hours a week
  care.capacity[static_cast<std::size_t>(setting.homecare)][bromsgrove] = 35.0;  // 5 hours a day
  CareEngine engine(care, fixture.plan);
  RandomEngine random = make_stream(5, 0, StreamPurpose::care);
  engine.start(fixture.population, random);
  CareYearTotals totals;
  engine.begin_year(2025, random, totals);
  for (int i = 0; i < 5; ++i) engine.admit(older, bromsgrove, 0, 80, setting.homecare, 0.0, random, totals);
  engine.process_events(random, totals);
  engine.end_year(totals);
  // Demand 50 hours a week (about 7.14 a day) against 5 a day, for 365 days.
  CHECK(totals.homecare_hours[bromsgrove] == Approx(5.0 * 365).epsilon(1e-6));
  CHECK(totals.unmet_homecare_hours[bromsgrove] == Approx((50.0 / 7.0 - 5.0) * 365).epsilon(1e-4));
}

TEST_CASE("placements go to the home district, then a neighbour, then out of county") {
  PopulationFixture fixture;
  CareModel care = testing::quiet_care_model();
  const Indices setting(care);
  care.capacity[static_cast<std::size_t>(setting.residential)] = {2.0, 1.0};
  CareEngine engine(care, fixture.plan);
  RandomEngine random = make_stream(5, 0, StreamPurpose::care);
  engine.start(fixture.population, random);
  CareYearTotals totals;
  engine.begin_year(2024, random, totals);
  std::vector<int> people;
  for (int i = 0; i < 4; ++i) people.push_back(engine.admit(older, bromsgrove, 0, 85, setting.residential, 10.0 + i, random, totals));
  const auto& persons = engine.people();
  CHECK(persons[static_cast<std::size_t>(people[0])].location == bromsgrove);
  CHECK(persons[static_cast<std::size_t>(people[1])].location == bromsgrove);
  CHECK(persons[static_cast<std::size_t>(people[2])].location == redditch);
  CHECK(persons[static_cast<std::size_t>(people[3])].location == out_of_county);
  CHECK(totals.out_of_area_placements[totals.at(setting.residential, bromsgrove)] == 1.0);
  CHECK(engine.market().occupied(setting.residential, bromsgrove) == 2);
  CHECK(engine.market().occupied(setting.residential, redditch) == 1);
  engine.process_events(random, totals);
  engine.end_year(totals);
  // Out-of-county nights are filed under the home district.
  CHECK(totals.bed_nights[totals.bed_at(setting.residential, bromsgrove, true)] == 365.0 - 13.0);
  CHECK(totals.bed_nights[totals.bed_at(setting.residential, redditch, false)] == 365.0 - 12.0);
}

TEST_CASE("when a waiting setting is full, people wait at home and move in when a place frees") {
  PopulationFixture fixture;
  CareModel care = testing::quiet_care_model();
  const Indices setting(care);
  care.capacity[static_cast<std::size_t>(setting.supported_living)] = {1.0, 1.0};
  CareEngine engine(care, fixture.plan);
  RandomEngine random = make_stream(5, 0, StreamPurpose::care);
  engine.start(fixture.population, random);
  CareYearTotals totals;
  engine.begin_year(2024, random, totals);
  const int first = engine.admit(1, bromsgrove, 0, 30, setting.supported_living, 1.0, random, totals);
  const int second = engine.admit(1, redditch, 0, 30, setting.supported_living, 2.0, random, totals);
  const int waiting = engine.admit(1, bromsgrove, 0, 30, setting.supported_living, 3.0, random, totals);
  const auto& persons = engine.people();
  CHECK(persons[static_cast<std::size_t>(waiting)].setting == setting.homecare);
  CHECK(persons[static_cast<std::size_t>(waiting)].awaiting == setting.supported_living);
  // A place frees in the neighbouring district on day 100: the wait ends there.
  engine.discharge(second, 100.5, random, totals);
  CHECK(persons[static_cast<std::size_t>(waiting)].setting == setting.supported_living);
  CHECK(persons[static_cast<std::size_t>(waiting)].location == redditch);
  engine.process_events(random, totals);
  engine.end_year(totals);
  CHECK(totals.bed_nights[totals.bed_at(setting.supported_living, redditch, false)] == (100 - 2) + (365 - 100));
  CHECK(totals.moves_out[totals.at(setting.homecare, 1, bromsgrove)] == 1.0);
  (void)first;
}

TEST_CASE("at a year's end those who left are dropped, the rest keep their order, and the waiting list follows them") {
  PopulationFixture fixture;
  CareModel care = testing::quiet_care_model();
  const Indices setting(care);
  care.capacity[static_cast<std::size_t>(setting.supported_living)] = {1.0, 1.0};
  CareEngine engine(care, fixture.plan);
  RandomEngine random = make_stream(5, 0, StreamPurpose::care);
  engine.start(fixture.population, random);
  CareYearTotals totals;
  engine.begin_year(2024, random, totals);
  const int first = engine.admit(1, bromsgrove, 0, 30, setting.supported_living, 1.0, random, totals);
  const int leaving = engine.admit(older, redditch, 0, 80, setting.homecare, 1.5, random, totals);
  engine.admit(1, redditch, 0, 30, setting.supported_living, 2.0, random, totals);
  engine.admit(1, bromsgrove, 1, 31, setting.supported_living, 3.0, random, totals);
  engine.discharge(leaving, 50.0, random, totals);
  REQUIRE(engine.people().size() == 4);
  engine.process_events(random, totals);
  engine.end_year(totals);
  CHECK(totals.waiting[totals.at(setting.supported_living, 1, bromsgrove)] == 1.0);

  const auto& persons = engine.people();
  REQUIRE(persons.size() == 3);
  CHECK(persons[0].home_district == bromsgrove);
  CHECK(persons[1].home_district == redditch);
  CHECK(persons[2].sex == 1);
  CHECK(persons[2].awaiting == setting.supported_living);
  // The first resident leaves in the next year: the one waiting, now third,
  // takes the place.
  engine.begin_year(2025, random, totals);
  engine.discharge(first, 20.5, random, totals);
  CHECK(persons[2].setting == setting.supported_living);
  CHECK(persons[2].location == bromsgrove);
  CHECK(persons[2].awaiting == -1);
  engine.process_events(random, totals);
  engine.end_year(totals);
  CHECK(engine.people().size() == 2);
  CHECK(totals.bed_nights[totals.bed_at(setting.supported_living, bromsgrove, false)] == 20 + (365 - 20));
}

TEST_CASE("caseload identities hold every year and nobody is counted twice") {
  const LoadedScenario loaded = testing::load_scenario_text(
      "title: t\nmodel: tiny\nstart_year: 2024\nhorizon: 6\nreplicates: 6\nseed: 3\n", "tiny.yaml", testing::test_models());
  const Simulation simulation(loaded);
  const ReplicateStore store = run_replicates(simulation, 0, 6, {});
  const OutputLayout& layout = simulation.layout();
  const CareModel& care = loaded.model->care;
  const int settings = static_cast<int>(care.settings.size());
  const int groups = static_cast<int>(care.client_groups.size());
  const int districts = static_cast<int>(loaded.model->districts.size());
  auto series = [&](const char* name, std::int64_t r) {
    const std::size_t q = layout.quantity_index(name);
    const double* values = store.replicate_values(q, r, layout.size(q));
    return std::vector<double>(values, values + layout.size(q));
  };
  for (std::int64_t r = 0; r < 6; ++r) {
    const auto clients = series("clients", r);
    const auto admissions = series("admissions", r);
    const auto deaths = series("deaths", r);
    const auto ended = series("care_ended", r);
    const auto moved = series("moves_out", r);
    const auto conversions = series("self_funder_conversions", r);
    const auto population = series("population", r);
    const std::size_t per_year = static_cast<std::size_t>(settings * groups * districts);
    for (int y = 1; y < 6; ++y) {
      for (int s = 0; s < settings; ++s) {
        if (s == care.short_term_setting) continue;
        for (int d = 0; d < districts; ++d) {
          double change = 0.0;
          double flows = conversions[static_cast<std::size_t>((y * settings + s) * districts + d)];
          for (int g = 0; g < groups; ++g) {
            const std::size_t now = static_cast<std::size_t>(y) * per_year + static_cast<std::size_t>((s * groups + g) * districts + d);
            change += clients[now] - clients[now - per_year];
            flows += admissions[now] - deaths[now] - ended[now] - moved[now];
          }
          INFO("replicate " << r << " year " << y << " setting " << care.settings[static_cast<std::size_t>(s)].id << " district " << d);
          REQUIRE(change == flows);
        }
      }
      // Long-term clients of a district are never more than its adults.
      for (int d = 0; d < districts; ++d) {
        double in_care = 0.0;
        for (int s = 0; s < settings; ++s)
          for (int g = 0; g < groups; ++g)
            in_care += clients[static_cast<std::size_t>(y) * per_year + static_cast<std::size_t>((s * groups + g) * districts + d)];
        double adults = 0.0;
        const std::size_t cells = population.size() / 6 / static_cast<std::size_t>(districts);
        for (std::size_t k = 0; k < cells; ++k) adults += population[(static_cast<std::size_t>(y) * static_cast<std::size_t>(districts) + static_cast<std::size_t>(d)) * cells + k];
        REQUIRE(in_care < adults);
      }
    }
  }
}

TEST_CASE("everyone active is in exactly one place at year end") {
  PopulationFixture fixture;
  const CareModel& care = testing::tiny_model()->care;
  CareEngine engine(care, fixture.plan);
  RandomEngine need = make_stream(8, 0, StreamPurpose::need);
  RandomEngine random = make_stream(8, 0, StreamPurpose::care);
  engine.start(fixture.population, random);
  CareYearTotals totals;
  for (int year = 2024; year < 2027; ++year) {
    engine.run_year(year, fixture.population, need, random, totals);
    double counted = 0.0;
    for (int s = 0; s < static_cast<int>(care.settings.size()); ++s) {
      if (s == care.short_term_setting) continue;
      for (int d = 0; d < care.district_count; ++d) {
        counted += totals.self_funders[totals.at(s, d)];
        for (int g = 0; g < static_cast<int>(care.client_groups.size()); ++g) counted += totals.clients[totals.at(s, g, d)];
      }
    }
    CHECK(counted == static_cast<double>(engine.long_term_count()));
    for (int s = 0; s < static_cast<int>(care.settings.size()); ++s) {
      for (int d = 0; d < care.district_count; ++d) {
        CHECK(engine.market().occupied(s, d) >= 0);
        if (care.settings[static_cast<std::size_t>(s)].has_places()) {
          CHECK(static_cast<double>(engine.market().occupied(s, d)) <= care.capacity[static_cast<std::size_t>(s)][static_cast<std::size_t>(d)]);
        }
      }
    }
  }
}

namespace {

struct Moments {
  double sum = 0.0, squares = 0.0;
  int n = 0;
  void add(double x) {
    sum += x;
    squares += x * x;
    ++n;
  }
  double mean() const { return sum / n; }
  double standard_error() const { return std::sqrt((squares / n - mean() * mean()) / (n - 1)); }
};

}  // namespace

TEST_CASE("one setting with a constant death rate matches its closed form") {
  // 40 residents, death hazard h = 0.5 a year. At the end of year k,
  // E[residents] = 40 exp(-h (k+1)); deaths in year k are 40 exp(-h k)(1 -
  // exp(-h)); a resident alive at the start of a year of D days with a
  // death time T spends min(floor T, D) nights, whose expectation is
  // sum_{j=1..D} exp(-h j / D).
  PopulationFixture fixture;
  CareModel care = testing::quiet_care_model();
  const Indices setting(care);
  testing::set_rate(care, setting.residential, move_death, 0.5);
  care.capacity[static_cast<std::size_t>(setting.residential)] = {1e9, 1e9};
  care.caseload.push_back({setting.residential, older, bromsgrove, bromsgrove, 85, 85, false, 40.0});
  constexpr int replicates = 2000;
  constexpr double h = 0.5;
  std::vector<Moments> residents(3), deaths(3), nights(3);
  for (int r = 0; r < replicates; ++r) {
    CareEngine engine(care, fixture.plan);
    RandomEngine need = make_stream(21, static_cast<std::uint64_t>(r), StreamPurpose::need);
    RandomEngine random = make_stream(21, static_cast<std::uint64_t>(r), StreamPurpose::care);
    engine.start(fixture.population, random);
    CareYearTotals totals;
    for (int k = 0; k < 3; ++k) {
      engine.run_year(2024 + k, fixture.population, need, random, totals);
      residents[static_cast<std::size_t>(k)].add(totals.clients[totals.at(setting.residential, older, bromsgrove)]);
      deaths[static_cast<std::size_t>(k)].add(totals.deaths[totals.at(setting.residential, older, bromsgrove)]);
      nights[static_cast<std::size_t>(k)].add(totals.bed_nights[totals.bed_at(setting.residential, bromsgrove, false)]);
    }
  }
  for (int k = 0; k < 3; ++k) {
    const int days = financial_year_days(2024 + k);
    double per_resident_nights = 0.0;
    for (int j = 1; j <= days; ++j) per_resident_nights += std::exp(-h * j / days);
    const double alive = 40.0 * std::exp(-h * k);
    const auto K = static_cast<std::size_t>(k);
    INFO("year " << k);
    CHECK(std::abs(residents[K].mean() - 40.0 * std::exp(-h * (k + 1))) < 4 * residents[K].standard_error());
    CHECK(std::abs(deaths[K].mean() - alive * (1 - std::exp(-h))) < 4 * deaths[K].standard_error());
    CHECK(std::abs(nights[K].mean() - alive * per_resident_nights) < 4 * nights[K].standard_error());
  }
}

TEST_CASE("a death rate that changes with age each year is followed across year ends") {
  // 40 residents aged 85 at the start, with a death hazard of 0.2 a year at
  // 85, 1.5 at 86 and 0.05 at 87: each resident's clock carries what is left
  // of its hazard from one year's rate to the next, so at the end of year k
  // E[residents] = 40 exp(-(h85 + ... + h(85+k))). A clock carried in days
  // rather than in hazard would leave too many alive after the year at 86
  // and too few after the year at 87.
  PopulationFixture fixture;
  CareModel care = testing::quiet_care_model();
  const Indices setting(care);
  testing::set_rate(care, setting.residential, move_death, 0.0);
  const double hazard_at[] = {0.2, 1.5, 0.05};
  for (int k = 0; k < 3; ++k) {
    for (auto& by_age : care.moves[static_cast<std::size_t>(setting.residential)]) {
      for (MoveRate& move : by_age[static_cast<std::size_t>(85 + k - care.adult_age)]) {
        if (move.to == move_death) move.per_year = hazard_at[k];
      }
    }
  }
  care.capacity[static_cast<std::size_t>(setting.residential)] = {1e9, 1e9};
  care.caseload.push_back({setting.residential, older, bromsgrove, bromsgrove, 85, 85, false, 40.0});
  constexpr int replicates = 2000;
  std::vector<Moments> residents(3);
  for (int r = 0; r < replicates; ++r) {
    CareEngine engine(care, fixture.plan);
    RandomEngine need = make_stream(23, static_cast<std::uint64_t>(r), StreamPurpose::need);
    RandomEngine random = make_stream(23, static_cast<std::uint64_t>(r), StreamPurpose::care);
    engine.start(fixture.population, random);
    CareYearTotals totals;
    for (int k = 0; k < 3; ++k) {
      engine.run_year(2024 + k, fixture.population, need, random, totals);
      residents[static_cast<std::size_t>(k)].add(totals.clients[totals.at(setting.residential, older, bromsgrove)]);
    }
  }
  double hazard = 0.0;
  for (int k = 0; k < 3; ++k) {
    hazard += hazard_at[k];
    const auto K = static_cast<std::size_t>(k);
    INFO("year " << k);
    CHECK(std::abs(residents[K].mean() - 40.0 * std::exp(-hazard)) < 4 * residents[K].standard_error());
  }
}

TEST_CASE("a Markov chain over settings matches its expectation, computed with Eigen") {
  // Homecare -> residential at 0.3 a year, homecare death 0.1 and end 0.1,
  // residential death 0.4; 50 people start in homecare. With generator Q
  // over (homecare, residential), E[people at time t] = p0 exp(Q t), and the
  // expected person-years in [k, k+1] is p(k) times the integral of exp(Q s)
  // over [0, 1], the top-right block of exp([[Q, I], [0, 0]]). A year of D
  // days counts a bed night at each of its D midnights, so E[bed nights] is
  // the sum over j = 1..D of p(k) exp(Q j / D) in residential, and the
  // expected gross spending on residential care those nights times the
  // week's price over 7 (tiny_money.yaml: 800 a week in 2024 prices, moved
  // by contract inflation of 4% into 2025 and 3% into 2026).
  PopulationFixture fixture;
  const LoadedScenario priced = testing::load_scenario_text(
      "extends: " + std::string(CARECAST_TEST_DATA) + "/scenarios/tiny_money.yaml\n", "markov.yaml", testing::test_models());
  const MoneyAssumptions& money = *priced.inputs.money;
  const PriceBook prices(money, fixture.model->care, fixture.plan.adult_age(), fixture.plan.oldest_age(), 2024, 2026);
  const Accounts accounts(*fixture.model, money, prices);
  const int older_line = fixture.model->budget_line_of_group[static_cast<std::size_t>(older)];
  CareModel care = testing::quiet_care_model();
  const Indices setting(care);
  testing::set_rate(care, setting.homecare, setting.residential, 0.3);
  testing::set_rate(care, setting.homecare, move_death, 0.1);
  testing::set_rate(care, setting.homecare, move_end, 0.1);
  testing::set_rate(care, setting.residential, move_death, 0.4);
  for (auto& row : care.capacity) row = {1e9, 1e9};
  care.caseload.push_back({setting.homecare, older, redditch, redditch, 80, 80, false, 50.0});

  Eigen::Matrix2d Q;
  Q << -0.5, 0.3, 0.0, -0.4;
  Eigen::Matrix4d augmented = Eigen::Matrix4d::Zero();
  augmented.topLeftCorner<2, 2>() = Q;
  augmented.topRightCorner<2, 2>() = Eigen::Matrix2d::Identity();
  const Eigen::Matrix4d exponential = augmented.exp();
  const Eigen::Matrix2d step = exponential.topLeftCorner<2, 2>();
  const Eigen::Matrix2d integral = exponential.topRightCorner<2, 2>();

  constexpr int replicates = 2000;
  std::vector<Moments> in_homecare(3), in_residential(3), homecare_deaths(3), residential_deaths(3), admitted(3), nights(3),
      residential_gross(3);
  for (int r = 0; r < replicates; ++r) {
    CareEngine engine(care, fixture.plan);
    RandomEngine need = make_stream(33, static_cast<std::uint64_t>(r), StreamPurpose::need);
    RandomEngine random = make_stream(33, static_cast<std::uint64_t>(r), StreamPurpose::care);
    engine.start(fixture.population, random);
    CareYearTotals totals;
    for (int k = 0; k < 3; ++k) {
      engine.run_year(2024 + k, fixture.population, need, random, totals);
      const auto K = static_cast<std::size_t>(k);
      in_homecare[K].add(totals.clients[totals.at(setting.homecare, older, redditch)]);
      in_residential[K].add(totals.clients[totals.at(setting.residential, older, redditch)]);
      homecare_deaths[K].add(totals.deaths[totals.at(setting.homecare, older, redditch)]);
      residential_deaths[K].add(totals.deaths[totals.at(setting.residential, older, redditch)]);
      admitted[K].add(totals.admissions[totals.at(setting.residential, older, redditch)]);
      nights[K].add(totals.bed_nights[totals.bed_at(setting.residential, redditch, false)]);
      YearMoney year_money;
      accounts.price(2024 + k, totals, year_money);
      residential_gross[K].add(year_money.gross[year_money.at(older_line, setting.residential, redditch)]);
    }
  }
  const double weekly[3] = {800.0, 800.0 * 1.04, 800.0 * 1.04 * 1.03};
  Eigen::RowVector2d start(50.0, 0.0);
  for (int k = 0; k < 3; ++k) {
    const auto K = static_cast<std::size_t>(k);
    const Eigen::RowVector2d end = start * step;
    const Eigen::RowVector2d person_years = start * integral;
    INFO("year " << k);
    CHECK(std::abs(in_homecare[K].mean() - end(0)) < 4 * in_homecare[K].standard_error());
    CHECK(std::abs(in_residential[K].mean() - end(1)) < 4 * in_residential[K].standard_error());
    CHECK(std::abs(homecare_deaths[K].mean() - 0.1 * person_years(0)) < 4 * homecare_deaths[K].standard_error());
    CHECK(std::abs(residential_deaths[K].mean() - 0.4 * person_years(1)) < 4 * residential_deaths[K].standard_error());
    CHECK(std::abs(admitted[K].mean() - 0.3 * person_years(0)) < 4 * admitted[K].standard_error());
    const int days = financial_year_days(2024 + k);
    double expected_nights = 0.0;
    for (int j = 1; j <= days; ++j) expected_nights += (start * (Q * (static_cast<double>(j) / days)).exp())(1);
    CHECK(std::abs(nights[K].mean() - expected_nights) < 4 * nights[K].standard_error());
    CHECK(std::abs(residential_gross[K].mean() - expected_nights * weekly[K] / 7.0) < 4 * residential_gross[K].standard_error());
    start = end;
  }
}
