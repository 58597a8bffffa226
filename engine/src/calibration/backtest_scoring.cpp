#include "backtest_scoring.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "carecast/calibration/fit_report.h"
#include "carecast/calibration/query.h"
#include "carecast/output/quantities.h"
#include "carecast/uncertainty/distribution.h"

namespace carecast {
namespace {

using fit_text::cell;

Held held_by(const DrawSummary& band, double published) {
  return {published >= band.p25 && published <= band.p75, published >= band.p5 && published <= band.p95};
}

// The draws of a figure with model error added: each draw times exp(s z) at
// evenly spaced quantiles z of the standard normal, so the band is that of
// the forecast and a lognormal discrepancy of log-sd `s` together, without
// further random numbers.
std::vector<double> with_model_error(const std::vector<double>& draws, double log_sd) {
  if (!(log_sd > 0.0)) return draws;
  constexpr int points = 41;
  Distribution standard;
  std::vector<double> widened;
  widened.reserve(draws.size() * points);
  for (int k = 0; k < points; ++k) {
    const double factor = std::exp(log_sd * standard.quantile((k + 0.5) / points));
    for (const double draw : draws) widened.push_back(draw * factor);
  }
  return widened;
}

std::string quantities_of(const TargetQuery& query) {
  std::string names;
  for (const TargetQuery::Term& term : query.terms) names += (names.empty() ? "" : " + ") + term.quantity;
  return names;
}

// The query `years_back` years earlier.
TargetQuery earlier(const TargetQuery& query, int years_back) {
  TargetQuery moved = query;
  for (TargetQuery::Term& term : moved.terms) {
    for (TargetQuery::Selection& selection : term.where) {
      if (selection.dimension != "year") continue;
      for (std::string& year : selection.values) year = std::to_string(std::stoi(year) - years_back);
    }
  }
  return moved;
}

bool same_cells(const ResolvedQuery& first, const ResolvedQuery& second) {
  if (first.terms.size() != second.terms.size()) return false;
  for (std::size_t t = 0; t < first.terms.size(); ++t) {
    if (first.terms[t].quantity != second.terms[t].quantity || first.terms[t].selected != second.terms[t].selected) return false;
  }
  return true;
}

}  // namespace

std::string measure_of(const PublishedTarget& target) {
  return target.per ? quantities_of(target.query) + " per " + quantities_of(*target.per) : quantities_of(target.query);
}

std::string financial_year(int year) { return fmt::format("{}/{:02d}", year, (year + 1) % 100); }

bool left_out(const PublishedTarget& target, const std::vector<std::string>& quantities) {
  auto named = [&](const TargetQuery& query) {
    return std::any_of(query.terms.begin(), query.terms.end(), [&](const TargetQuery::Term& term) {
      return std::find(quantities.begin(), quantities.end(), term.quantity) != quantities.end();
    });
  };
  return named(target.query) || (target.per && named(*target.per));
}

bool covid_year(const BacktestRequest& request, int year) {
  return std::find(request.covid_years.begin(), request.covid_years.end(), year) != request.covid_years.end();
}

bool fitted_at(const ResolvedTarget& entry, const BacktestRequest& request, int origin) {
  return entry.outside.empty() && entry.year <= origin && !covid_year(request, entry.year) && entry.target->weight > 0.0 &&
         !left_out(*entry.target, request.leave_out);
}

NaiveForecasts::NaiveForecasts(const TargetFit& fitter, const ReplicateValues& at_fit, int origin)
    : fitter_(fitter), at_fit_(at_fit), origin_(origin) {
  const Model& model = *fitter.scenario().model;
  TargetQuery::Term older{quantity_name(QuantityId::population), {{"year", {}}, {"age_band", {}}}};
  for (const AgeBand& band : model.population.age_bands) {
    if (band.first_age >= 65) older.where[1].values.push_back(band.label);
  }
  older_people_ = {"population of 65+", {older}};
  older_people_at_origin_ = older_people(origin_);
}

const PublishedTarget* NaiveForecasts::published_at_origin(const ResolvedTarget& then) const {
  for (const ResolvedTarget& other : fitter_.targets()) {
    if (other.year != origin_ || !other.outside.empty() || other.target->scale != then.target->scale) continue;
    if (!same_cells(other.query, then.query) || other.per.has_value() != then.per.has_value()) continue;
    if (other.per && !same_cells(*other.per, *then.per)) continue;
    return other.target;
  }
  return nullptr;
}

void NaiveForecasts::set(const ResolvedTarget& entry, Comparison& comparison) const {
  const PublishedTarget& target = *entry.target;
  const int back = entry.year - origin_;
  comparison.horizon = back;
  ResolvedTarget then = entry;
  then.query = resolve_query(earlier(target.query, back), fitter_.layout(), target.name);
  if (target.per) then.per = resolve_query(earlier(*target.per, back), fitter_.layout(), target.name);
  if (!then.query.outside.empty() || (then.per && !then.per->outside.empty())) return;
  const PublishedTarget* published = published_at_origin(then);
  comparison.naive_from_published = published != nullptr;
  const double start = published ? published->value : measure(then, at_fit_);
  const double council = target.per ? start : start * std::pow(1.04, back);
  const double population = target.per ? start : start * older_people(entry.year) / older_people_at_origin_;
  comparison.council_rule_error = (council - target.value) / target.value;
  comparison.population_rule_error = (population - target.value) / target.value;
}

double NaiveForecasts::older_people(int year) const {
  TargetQuery query = older_people_;
  query.terms[0].where[0].values = {std::to_string(year)};
  return evaluate_query(resolve_query(query, fitter_.layout(), "population aged 65+"), at_fit_);
}

Comparisons compare_with_published(const TargetFit& fitter, const BacktestRequest& request, int origin, const ForecastDraws& draws,
                                   double model_error, const NaiveForecasts& naive) {
  const std::vector<ResolvedTarget>& resolved = fitter.targets();
  Comparisons compared;
  for (std::size_t k = 0; k < resolved.size(); ++k) {
    const ResolvedTarget& entry = resolved[k];
    const PublishedTarget& target = *entry.target;
    if (!entry.outside.empty() || left_out(target, request.leave_out)) {
      const std::string why = entry.outside.empty() ? "left out of the scores by the command (--leave-out)" : entry.outside;
      compared.not_compared += fmt::format("| {} | {} | {} |\n", cell(target.name), cell(why), cell(target.source));
      continue;
    }
    const bool covid = covid_year(request, entry.year);
    if (entry.year <= origin && covid) continue;
    Comparison comparison;
    comparison.target = k;
    comparison.origin = origin;
    comparison.covid = covid;
    // The fit takes a figure of weight w to miss by s / sqrt(w) where one of
    // weight 1 misses by s (its residuals are weighted by sqrt(w)), and its
    // band says the same; a figure of weight 0, which no fit uses, as 1.
    const double weight = target.weight > 0.0 ? target.weight : 1.0;
    comparison.forecast = summarise_draws(with_model_error(draws.parameters[k], model_error / std::sqrt(weight)));
    comparison.error = (summarise_draws(draws.parameters[k]).mean - target.value) / target.value;
    comparison.within_tolerance = std::abs(comparison.error) <= target.tolerance;
    comparison.held[static_cast<std::size_t>(BandLayer::chance)] = held_by(summarise_draws(draws.chance[k]), target.value);
    comparison.held[static_cast<std::size_t>(BandLayer::parameters)] = held_by(summarise_draws(draws.parameters[k]), target.value);
    comparison.held[static_cast<std::size_t>(BandLayer::model_error)] = held_by(comparison.forecast, target.value);
    if (entry.year > origin) naive.set(entry, comparison);
    (entry.year <= origin ? compared.in_sample : compared.forecast).push_back(comparison);
  }
  auto by_measure = [&](const Comparison& a, const Comparison& b) {
    const PublishedTarget& first = *resolved[a.target].target;
    const PublishedTarget& second = *resolved[b.target].target;
    if (measure_of(first) != measure_of(second)) return measure_of(first) < measure_of(second);
    return resolved[a.target].year < resolved[b.target].year;
  };
  std::stable_sort(compared.forecast.begin(), compared.forecast.end(), by_measure);
  std::stable_sort(compared.in_sample.begin(), compared.in_sample.end(), by_measure);
  return compared;
}

}  // namespace carecast
