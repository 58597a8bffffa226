#pragma once
// How the backtest scores a forecast made at one origin: each published
// figure set against the forecast's draws (its error, and whether each layer
// of the band held it) and against the naive forecasts a council would
// otherwise make (docs/fitting.md, "Backtest").

#include <array>
#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "carecast/calibration/backtest.h"
#include "carecast/calibration/target_fit.h"

namespace carecast {

// What a forecast's band is made of, from the narrowest: the care system's
// chance and the scenario's stated uncertain assumptions; then also the fit's
// parameters drawn from its approximate posterior; then also model error.
enum class BandLayer { chance, parameters, model_error };
constexpr std::size_t band_layers = 3;

// Whether the published figure fell inside the forecast's middle 50% and
// 90% (5th to 95th percentiles), with one layer of uncertainty or another.
struct Held {
  bool half = false;
  bool ninety = false;
};

// One published figure set against the forecast of one origin.
struct Comparison {
  std::size_t target = 0;
  int origin = 0;  // the last year the fit saw
  DrawSummary forecast;  // the full band: every layer
  double error = 0.0;  // (mean - published) / published, the mean over the fit's parameters
  bool within_tolerance = false;
  std::array<Held, band_layers> held;
  bool covid = false;
  int horizon = 0;  // years after the origin
  // The naive forecasts' errors: the figure at the origin grown 4% a year,
  // the council's rule, or with the population aged 65+; NaN when the origin
  // is not run. The figure at the origin is the published one where the same
  // figure was published for the origin year, else the fitted model's.
  double council_rule_error = std::numeric_limits<double>::quiet_NaN();
  double population_rule_error = std::numeric_limits<double>::quiet_NaN();
  bool naive_from_published = false;

  const Held& full_band() const { return held[static_cast<std::size_t>(BandLayer::model_error)]; }
  bool inside_band() const { return full_band().ninety; }
};

// The draws of every figure for each layer of the band below model error.
struct ForecastDraws {
  std::vector<std::vector<double>> chance;
  std::vector<std::vector<double>> parameters;
};

// The published figures set against one origin's forecast: those the fit
// saw, those after the origin (each measure's rows together in year order),
// and the rows of the figures the run cannot give.
struct Comparisons {
  std::vector<Comparison> in_sample;
  std::vector<Comparison> forecast;
  std::string not_compared;
};

// The naive forecasts a council could set beside the model's.
class NaiveForecasts {
 public:
  NaiveForecasts(const TargetFit& fitter, const ReplicateValues& at_fit, int origin);
  // The council's rule (4% growth a year) and the growth of the population
  // aged 65+, applied to the figure at the origin; a share or rate (with
  // `per`) is held at its origin value by both.
  void set(const ResolvedTarget& entry, Comparison& comparison) const;

 private:
  double older_people(int year) const;
  // The published figure of the same query and per at the origin, if any.
  const PublishedTarget* published_at_origin(const ResolvedTarget& then) const;

  const TargetFit& fitter_;
  const ReplicateValues& at_fit_;
  int origin_;
  TargetQuery older_people_;
  double older_people_at_origin_ = 0.0;
};

// Every figure of `fitter` set against the draws of a forecast made at
// `origin`, with model error of log-sd `model_error` (for a figure of weight 1;
// over the square root of its weight for another) on top of the
// parameters' layer. Figures of a COVID year at or before the origin are
// neither fitted nor scored.
Comparisons compare_with_published(const TargetFit& fitter, const BacktestRequest& request, int origin, const ForecastDraws& draws,
                                   double model_error, const NaiveForecasts& naive);

// Whether a figure was fitted at `origin`: in the run, of a year up to the
// origin and not a COVID year, weighted, and of no quantity left out.
bool fitted_at(const ResolvedTarget& entry, const BacktestRequest& request, int origin);
bool covid_year(const BacktestRequest& request, int year);
bool left_out(const PublishedTarget& target, const std::vector<std::string>& quantities);

std::string measure_of(const PublishedTarget& target);
std::string financial_year(int year);

}  // namespace carecast
