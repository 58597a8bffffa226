#pragma once
// A care model for engine tests: the tiny test model (two districts, real
// population), with helpers to switch parts of it off so that expected
// values can be worked out by hand.

#include <filesystem>
#include <memory>

#include "carecast/loading/model_loader.h"
#include "carecast/model/model.h"
#include "carecast/simulation/care_engine.h"
#include "carecast/simulation/population.h"

namespace carecast::testing {

inline std::shared_ptr<const Model> tiny_model() {
  static const std::shared_ptr<const Model> model =
      load_model(std::filesystem::path(CARECAST_TEST_DATA) / "models" / "tiny", "tests/data/models/tiny");
  return model;
}

// No one arrives, no one is self-funded, nothing moves unless a test says so.
inline CareModel quiet_care_model() {
  CareModel care = tiny_model()->care;
  care.caseload.clear();
  for (auto& rates : care.request_rate) std::fill(rates.begin(), rates.end(), 0.0);
  care.transitions_per_year = 0.0;
  care.self_funded_entrant_share = 0.0;
  std::fill(care.self_funding_setting.begin(), care.self_funding_setting.end(), false);
  std::fill(care.self_funding_group.begin(), care.self_funding_group.end(), false);
  for (auto& by_group : care.moves)
    for (auto& by_age : by_group)
      for (auto& list : by_age)
        for (auto& move : list) move.per_year = 0.0;
  return care;
}

// Sets the hazard from `from` to `to` for every group and age (adding it).
inline void set_rate(CareModel& care, int from, int to, double per_year) {
  for (auto& by_age : care.moves[static_cast<std::size_t>(from)]) {
    for (auto& list : by_age) {
      bool found = false;
      for (auto& move : list) {
        if (move.to == to) {
          move.per_year = per_year;
          found = true;
        }
      }
      if (!found) list.push_back({to, per_year});
    }
  }
}

// Self-funders' capital the same at every age: a share of entrants, a
// median and a spread; fees of £1,000 a week in residential care and £500
// in homecare, £200 a week of income towards them, and the £23,250 upper
// capital limit.
inline SelfFunderCapital capital_at_every_age(const CareModel& care, double share, double median, double spread) {
  SelfFunderCapital capital;
  capital.limit = 23250.0;
  capital.weekly_income = 200.0;
  capital.weekly_fee.assign(care.settings.size(), 0.0);
  capital.weekly_fee[static_cast<std::size_t>(care.setting_index("residential"))] = 1000.0;
  capital.weekly_fee[static_cast<std::size_t>(care.setting_index("homecare"))] = 500.0;
  const auto ages = static_cast<std::size_t>(care.oldest_age - care.adult_age + 1);
  capital.entrant_share.assign(ages, share);
  capital.median.assign(ages, median);
  capital.spread.assign(ages, spread);
  return capital;
}

struct PopulationFixture {
  std::shared_ptr<const Model> model = tiny_model();
  PopulationPlan plan{model->population, static_cast<int>(model->districts.size()), 2040};
  PopulationState population{plan};
  PopulationFixture() {
    RandomEngine random = make_stream(1, 0, StreamPurpose::demography);
    population.initialise(random);
    while (population.year() < 2024) population.advance(random);
  }
};

}  // namespace carecast::testing
