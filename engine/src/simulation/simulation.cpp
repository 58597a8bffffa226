#include "carecast/simulation/simulation.h"

#include "carecast/simulation/population.h"

namespace carecast {

Simulation::Simulation(const LoadedScenario& loaded)
    : scenario_(loaded.scenario),
      model_(loaded.model),
      population_plan_(loaded.model->population, static_cast<int>(loaded.model->districts.size()),
                       loaded.scenario.end_year() + 1) {
  const Model& model = *model_;
  Dimension year{"year", "financial year, labelled by the calendar year it starts in (2024 = April 2024 to March 2025)", {}, {}};
  for (int y : scenario_.years()) year.numbers.push_back(y);
  layout_.add_dimension(year);
  layout_.add_dimension({"district", "district of residence", model.district_names(), {}});
  layout_.add_dimension({"sex", "sex", {std::string(sex_labels[0]), std::string(sex_labels[1])}, {}});
  layout_.add_dimension({"age_band", "age band in completed years", model.age_band_labels(), {}});

  population_quantity_ = layout_.add_quantity(
      {"population", "people",
       "adults resident at mid-year of the year's start (30 June), by district, sex and age band",
       {"year", "district", "sex", "age_band"}});
  deaths_quantity_ = layout_.add_quantity(
      {"population_deaths", "people",
       "deaths of adults in the population between mid-year and the next mid-year, by age band at the start",
       {"year", "district", "sex", "age_band"}});

  for (int age = population_plan_.adult_age(); age <= population_plan_.oldest_age(); ++age) {
    age_band_of_age_.push_back(model.age_band_of(age));
  }
}

void Simulation::run_replicate(std::int64_t replicate, ReplicateValues& values) const {
  values.reset(layout_);
  const auto replicate_id = static_cast<std::uint64_t>(replicate);
  RandomEngine demography = make_stream(scenario_.seed, replicate_id, StreamPurpose::demography);

  const std::size_t districts = model_->districts.size();
  const std::size_t bands = model_->population.age_bands.size();
  PopulationState population(population_plan_);
  population.initialise(demography);
  while (population.year() < scenario_.start_year) population.advance(demography);

  auto& population_out = values.arrays[population_quantity_];
  auto& deaths_out = values.arrays[deaths_quantity_];
  const int adult = population_plan_.adult_age();
  for (int y = 0; y < scenario_.horizon; ++y) {
    // Population at mid-year y, then the step to mid-year y+1 whose deaths
    // fall (mostly) in financial year y.
    for (int pass = 0; pass < 2; ++pass) {
      if (pass == 1) population.advance(demography);
      auto& out = pass == 0 ? population_out : deaths_out;
      for (std::size_t d = 0; d < districts; ++d) {
        for (int s = 0; s < sex_count; ++s) {
          const std::size_t row = ((static_cast<std::size_t>(y) * districts + d) * sex_count + static_cast<std::size_t>(s)) * bands;
          for (int age = adult; age <= population_plan_.oldest_age(); ++age) {
            const auto band = static_cast<std::size_t>(age_band_of_age_[static_cast<std::size_t>(age - adult)]);
            const auto people = pass == 0 ? population.count(static_cast<int>(d), s, age)
                                          : population.deaths(static_cast<int>(d), s, age);
            out[row + band] += static_cast<double>(people);
          }
        }
      }
    }
  }
}

}  // namespace carecast
