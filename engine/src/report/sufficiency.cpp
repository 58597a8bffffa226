#include "carecast/report/sufficiency.h"

#include <algorithm>

#include "carecast/report/run_figures.h"
#include "carecast/simulation/calendar.h"

namespace carecast::report {
namespace {

// `array` (year x district, with hours over the year) in hours a week.
LabelledArray per_week(const LabelledArray& by_year_and_district, const std::string& name) {
  const Axis& years = by_year_and_district.axis("year");
  const std::size_t districts = by_year_and_district.axis("district").size();
  std::vector<double> values = by_year_and_district.values();
  for (std::size_t y = 0; y < years.size(); ++y) {
    const double weeks = financial_year_days(static_cast<int>(years.numbers[y])) / 7.0;
    for (std::size_t d = 0; d < districts; ++d) values[y * districts + d] /= weeks;
  }
  return LabelledArray(name, "care hours a week", by_year_and_district.axes(), std::move(values));
}

LabelledArray zeros_like(const LabelledArray& array, const std::string& name) {
  return LabelledArray(name, array.units(), array.axes(), std::vector<double>(array.values().size(), 0.0));
}

// Each replicate's places short (replicate x year x setting x district),
// averaged over replicates: year x setting x district.
LabelledArray mean_places_short(const RunReader& run, bool waiting_counted) {
  const LabelledArray places = run.replicates(QuantityId::capacity).sum_all_but({"replicate", "year", "setting", "district"});
  const LabelledArray occupied =
      run.replicates(QuantityId::occupied_places).sum_all_but({"replicate", "year", "setting", "district"});
  const LabelledArray waiting =
      waiting_counted ? run.replicates(QuantityId::people_waiting).sum_all_but({"replicate", "year", "setting", "district"})
                      : zeros_like(occupied, "waiting");
  const std::size_t replicates = places.axes()[0].size();
  const std::size_t cells = places.values().size() / std::max<std::size_t>(replicates, 1);
  std::vector<double> mean(cells, 0.0);
  for (std::size_t r = 0; r < replicates; ++r) {
    for (std::size_t k = 0; k < cells; ++k) {
      const std::size_t at = r * cells + k;
      const double limit = places.values()[at];
      if (limit > 0.0) mean[k] += std::max(0.0, occupied.values()[at] + waiting.values()[at] - limit);
    }
  }
  for (double& value : mean) value /= static_cast<double>(std::max<std::size_t>(replicates, 1));
  const std::vector<Axis> axes(places.axes().begin() + 1, places.axes().end());
  return LabelledArray("places_short", "places", axes, std::move(mean));
}

// The setting whose capacity is hours a week: the one with a capacity or
// hours used but no bed nights. Empty when the model limits none.
std::string hours_setting(const RunReader& run, const std::vector<std::string>& with_beds) {
  const LabelledArray capacity = mean_of(run, QuantityId::capacity, {"setting"});
  const LabelledArray occupied = mean_of(run, QuantityId::occupied_places, {"setting"});
  const Axis& settings = capacity.axis("setting");
  for (std::size_t s = 0; s < settings.size(); ++s) {
    const bool has_beds = std::find(with_beds.begin(), with_beds.end(), settings.labels[s]) != with_beds.end();
    if (!has_beds && (capacity.values()[s] > 0.0 || occupied.values()[s] > 0.0)) return settings.labels[s];
  }
  return "";
}

HomecareSufficiency homecare_sufficiency(const RunReader& run, const std::vector<std::string>& with_beds) {
  HomecareSufficiency homecare;
  const LabelledArray delivered = mean_of(run, QuantityId::homecare_hours, {"year", "district"});
  const LabelledArray unmet = mean_of(run, QuantityId::unmet_homecare_hours, {"year", "district"});
  std::vector<double> needed = delivered.values();
  for (std::size_t k = 0; k < needed.size(); ++k) needed[k] += unmet.values()[k];
  homecare.delivered = per_week(delivered, "delivered");
  homecare.unmet = per_week(unmet, "unmet");
  homecare.needed = per_week(LabelledArray("needed", delivered.units(), delivered.axes(), std::move(needed)), "needed");
  const std::string setting = hours_setting(run, with_beds);
  homecare.capacity =
      setting.empty()
          ? zeros_like(homecare.delivered, "workforce_hours")
          : mean_of(run, QuantityId::capacity, {"year", "setting", "district"}).select("setting", setting);
  return homecare;
}

}  // namespace

Sufficiency market_sufficiency(const RunReader& run) {
  Sufficiency sufficiency;
  sufficiency.waiting_counted = run.has_summary(QuantityId::people_waiting);
  const std::vector<std::string> with_beds = settings_with_beds(run);
  const std::vector<std::string> kept{"year", "setting", "district"};
  const LabelledArray places = mean_of(run, QuantityId::capacity, kept);
  const LabelledArray occupied = mean_of(run, QuantityId::occupied_places, kept);
  const LabelledArray waiting =
      sufficiency.waiting_counted ? mean_of(run, QuantityId::people_waiting, kept) : zeros_like(occupied, "waiting");
  const LabelledArray short_by = mean_places_short(run, sufficiency.waiting_counted);
  for (const std::string& setting : with_beds) {
    sufficiency.places.push_back({setting, places.select("setting", setting), occupied.select("setting", setting),
                                  waiting.select("setting", setting), short_by.select("setting", setting)});
  }
  sufficiency.homecare = homecare_sufficiency(run, with_beds);
  return sufficiency;
}

}  // namespace carecast::report
