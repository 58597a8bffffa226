#include "carecast/simulation/simulation.h"

#include <cmath>

#include "carecast/simulation/calendar.h"
#include "carecast/simulation/care_engine.h"
#include "carecast/simulation/population.h"

namespace carecast {
namespace {

std::vector<std::string> setting_ids(const CareModel& care) {
  std::vector<std::string> ids;
  for (const auto& setting : care.settings) ids.push_back(setting.id);
  return ids;
}

std::vector<std::string> group_ids(const CareModel& care) {
  std::vector<std::string> ids;
  for (const auto& group : care.client_groups) ids.push_back(group.id);
  return ids;
}

void copy_into(std::vector<double>& out, std::size_t offset, const std::vector<double>& values) {
  std::copy(values.begin(), values.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
}

}  // namespace

Simulation::Simulation(const LoadedScenario& loaded)
    : scenario_(loaded.scenario),
      model_(loaded.model),
      population_plan_(loaded.model->population, static_cast<int>(loaded.model->districts.size()),
                       loaded.scenario.end_year() + 1) {
  const Model& model = *model_;
  Dimension year{"year", "financial year, labelled by the calendar year it starts in (2024 = April 2024 to March 2025)", {}, {}};
  for (int y : scenario_.years()) year.numbers.push_back(y);
  layout_.add_dimension(year);
  layout_.add_dimension({"district", "district (of residence, or of the bed or place where the quantity says so)", model.district_names(), {}});
  layout_.add_dimension({"sex", "sex", {std::string(sex_labels[0]), std::string(sex_labels[1])}, {}});
  layout_.add_dimension({"age_band", "age band in completed years", model.age_band_labels(), {}});
  layout_.add_dimension({"setting", "care setting (ids from the model)", setting_ids(model.care), {}});
  layout_.add_dimension({"client_group", "client group (ids from the model)", group_ids(model.care), {}});
  layout_.add_dimension({"placement", "where a bed or place is: in the county or outside it", {"in_county", "out_of_county"}, {}});

  const std::vector<std::string> by_age = {"year", "district", "sex", "age_band"};
  const std::vector<std::string> by_group = {"year", "setting", "client_group", "district"};
  const std::vector<std::string> by_setting = {"year", "setting", "district"};
  quantity_.population = layout_.add_quantity(
      {"population", "people", "adults resident at mid-year of the year's start (30 June), by district, sex and age band", by_age});
  quantity_.population_deaths = layout_.add_quantity(
      {"population_deaths", "people", "deaths of adults between mid-year and the next mid-year, by age band at the start", by_age});
  quantity_.clients = layout_.add_quantity(
      {"clients", "people", "council-funded people in each setting at the end of the financial year (31 March), by home district", by_group});
  quantity_.admissions = layout_.add_quantity(
      {"admissions", "people", "council-funded starts in each setting during the year (new people and moves in), by home district", by_group});
  quantity_.deaths = layout_.add_quantity(
      {"deaths", "people", "deaths of council-funded people during the year, by the setting they were in and home district", by_group});
  quantity_.care_ended = layout_.add_quantity(
      {"care_ended", "people", "council-funded people whose care ended during the year other than by death, by setting and home district", by_group});
  quantity_.moves_out = layout_.add_quantity(
      {"moves_out", "people", "council-funded people who moved from the setting to another during the year, by home district", by_group});
  quantity_.bed_nights = layout_.add_quantity(
      {"bed_nights", "nights",
       "nights council-funded people spent in beds or places during the year, by the district of the bed (in county) or "
       "the home district (out of county)",
       {"year", "setting", "district", "placement"}});
  quantity_.homecare_hours = layout_.add_quantity(
      {"homecare_hours", "hours", "homecare hours delivered during the year, by home district", {"year", "district"}});
  quantity_.unmet_homecare_hours = layout_.add_quantity(
      {"unmet_homecare_hours", "hours", "homecare hours needed but beyond what the workforce could supply, by home district",
       {"year", "district"}});
  quantity_.out_of_area_placements = layout_.add_quantity(
      {"out_of_area_placements", "people", "council-funded placements made outside the county during the year, by home district", by_setting});
  quantity_.occupied_places = layout_.add_quantity(
      {"occupied_places", "places", "beds or places occupied on an average day, all funders, by district of the bed", by_setting});
  quantity_.occupancy = layout_.add_quantity(
      {"occupancy", "1", "occupied_places as a share of capacity; 0 where the model sets no capacity", by_setting});
  quantity_.self_funders = layout_.add_quantity(
      {"self_funders", "people", "self-funded residents at year end, by district of the bed (home district when out of county)", by_setting});
  quantity_.self_funder_conversions = layout_.add_quantity(
      {"self_funder_conversions", "people", "self-funded residents who became council-funded during the year, by home district", by_setting});
  quantity_.clients_by_age_band = layout_.add_quantity(
      {"clients_by_age_band", "people", "council-funded people in each setting at year end, by age band", {"year", "setting", "age_band"}});
  quantity_.admissions_by_age_band = layout_.add_quantity(
      {"admissions_by_age_band", "people", "council-funded starts in each setting during the year, by age band at the start",
       {"year", "setting", "age_band"}});
  quantity_.requests = layout_.add_quantity(
      {"requests", "requests", "new requests for support at the front door during the year, by home district", {"year", "client_group", "district"}});

  for (int age = population_plan_.adult_age(); age <= population_plan_.oldest_age(); ++age) {
    age_band_of_age_.push_back(model.age_band_of(age));
  }
}

void Simulation::record_care_year(int y, int year, const CareYearTotals& totals, ReplicateValues& values) const {
  const auto index = static_cast<std::size_t>(y);
  copy_into(values.arrays[quantity_.clients], index * totals.clients.size(), totals.clients);
  copy_into(values.arrays[quantity_.admissions], index * totals.admissions.size(), totals.admissions);
  copy_into(values.arrays[quantity_.deaths], index * totals.deaths.size(), totals.deaths);
  copy_into(values.arrays[quantity_.care_ended], index * totals.care_ended.size(), totals.care_ended);
  copy_into(values.arrays[quantity_.moves_out], index * totals.moves_out.size(), totals.moves_out);
  copy_into(values.arrays[quantity_.bed_nights], index * totals.bed_nights.size(), totals.bed_nights);
  copy_into(values.arrays[quantity_.homecare_hours], index * totals.homecare_hours.size(), totals.homecare_hours);
  copy_into(values.arrays[quantity_.unmet_homecare_hours], index * totals.unmet_homecare_hours.size(), totals.unmet_homecare_hours);
  copy_into(values.arrays[quantity_.out_of_area_placements], index * totals.out_of_area_placements.size(), totals.out_of_area_placements);
  copy_into(values.arrays[quantity_.self_funders], index * totals.self_funders.size(), totals.self_funders);
  copy_into(values.arrays[quantity_.self_funder_conversions], index * totals.self_funder_conversions.size(), totals.self_funder_conversions);
  copy_into(values.arrays[quantity_.requests], index * totals.requests.size(), totals.requests);
  const std::size_t bands = model_->population.age_bands.size();
  for (const auto& [source, quantity] : {std::pair{&totals.clients_by_age, quantity_.clients_by_age_band},
                                         std::pair{&totals.admissions_by_age, quantity_.admissions_by_age_band}}) {
    auto& out = values.arrays[quantity];
    for (int s = 0; s < totals.settings; ++s) {
      for (int a = 0; a < totals.ages; ++a) {
        const auto band = static_cast<std::size_t>(age_band_of_age_[static_cast<std::size_t>(a)]);
        out[(index * static_cast<std::size_t>(totals.settings) + static_cast<std::size_t>(s)) * bands + band] += (*source)[totals.age_at(s, a)];
      }
    }
  }
  const double days = financial_year_days(year);
  const auto& capacity = model_->care.capacity;
  auto& occupied = values.arrays[quantity_.occupied_places];
  auto& occupancy = values.arrays[quantity_.occupancy];
  for (int s = 0; s < totals.settings; ++s) {
    for (int d = 0; d < totals.districts; ++d) {
      const std::size_t cell = index * static_cast<std::size_t>(totals.settings * totals.districts) + totals.at(s, d);
      occupied[cell] = totals.occupied_days[totals.at(s, d)] / days;
      const double places = capacity[static_cast<std::size_t>(s)][static_cast<std::size_t>(d)];
      occupancy[cell] = std::isfinite(places) && places > 0.0 ? occupied[cell] / places : 0.0;
    }
  }
}

void Simulation::run_replicate(std::int64_t replicate, ReplicateValues& values) const {
  values.reset(layout_);
  const auto replicate_id = static_cast<std::uint64_t>(replicate);
  RandomEngine demography = make_stream(scenario_.seed, replicate_id, StreamPurpose::demography);
  RandomEngine need = make_stream(scenario_.seed, replicate_id, StreamPurpose::need);
  RandomEngine careers = make_stream(scenario_.seed, replicate_id, StreamPurpose::care);
  RandomEngine caseload = make_stream(scenario_.seed, replicate_id, StreamPurpose::care, 1);

  const CareModel& care_model = model_->care;
  const std::size_t districts = model_->districts.size();
  const std::size_t bands = model_->population.age_bands.size();
  const int adult = population_plan_.adult_age();
  PopulationState population(population_plan_);
  population.initialise(demography);
  CareEngine care(care_model, population_plan_);
  CareYearTotals totals;

  auto& population_out = values.arrays[quantity_.population];
  auto& deaths_out = values.arrays[quantity_.population_deaths];
  auto add_by_band = [&](std::vector<double>& out, int y, bool deaths) {
    for (std::size_t d = 0; d < districts; ++d) {
      for (int s = 0; s < sex_count; ++s) {
        const std::size_t row = ((static_cast<std::size_t>(y) * districts + d) * sex_count + static_cast<std::size_t>(s)) * bands;
        for (int age = adult; age <= population_plan_.oldest_age(); ++age) {
          const auto band = static_cast<std::size_t>(age_band_of_age_[static_cast<std::size_t>(age - adult)]);
          const auto people = deaths ? population.deaths(static_cast<int>(d), s, age) : population.count(static_cast<int>(d), s, age);
          out[row + band] += static_cast<double>(people);
        }
      }
    }
  };

  for (int year = population.year(); year <= scenario_.end_year(); ++year) {
    const int y = year - scenario_.start_year;
    if (year == care_model.caseload_year) care.start(population, caseload);
    if (y >= 0) add_by_band(population_out, y, false);
    if (year >= care_model.caseload_year) {
      care.run_year(year, population, need, careers, totals);
      if (y >= 0) record_care_year(y, year, totals, values);
    }
    // The step to the next mid-year; its deaths fall mostly in this year.
    population.advance(demography);
    if (y >= 0) add_by_band(deaths_out, y, true);
  }
}

}  // namespace carecast
