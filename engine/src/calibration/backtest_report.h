#pragma once
// The backtest's report and record from the forecasts of every origin:
// how often each layer of the band held the published figures, the errors by
// years ahead and by measure beside the naive forecasts, ex ante and given
// what happened (docs/fitting.md, "Backtest").

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "backtest_scoring.h"
#include "carecast/calibration/least_squares.h"
#include "carecast/calibration/parameter_uncertainty.h"
#include "carecast/model/backtest_record.h"

namespace carecast {

// One origin's forecast, fitted and scored.
struct OriginForecast {
  int origin = 0;
  int same_fit_as = 0;  // an earlier origin whose fit saw the same figures, and whose fit this one reuses; 0: none
  bool same_forecast = false;  // the reused fit's ex-ante forecast too, in the same scenario
  std::string scenario_title;  // of the ex-ante scenario the forecast ran in
  LeastSquaresResult fit;
  std::optional<ParameterUncertainty> uncertainty;
  double model_error = 0.0;  // log-sd of the discrepancy between model and published figure
  double in_sample_error = 0.0;  // the fit's residual standard deviation on the figures it saw
  std::vector<std::pair<std::string, double>> model_error_by_measure;  // each measure's error when left out of the fit
  Comparisons ex_ante;
  std::optional<Comparisons> conditional;  // given the inflation that happened
  std::vector<std::string> on_bound;
  std::string parameter_rows;
};

// The report's "Summary": per origin, the fit and the figures scored; the
// bands' coverage by layer and origin; errors by years ahead and by measure
// beside the naive forecasts; clients and spending by setting one and two
// years ahead; and what the forecasts' own errors say of model error.
std::string backtest_summary(const std::vector<OriginForecast>& origins, const TargetFit& fitter);

// One origin's section: its fit's parameters and every figure after it
// against the forecast, then the figures it was fitted to.
std::string origin_section(const OriginForecast& origin, const TargetFit& fitter, int last_year);

// The record of the ex-ante forecasts: every origin's figures after it,
// outside the COVID years, pooled.
BacktestRecord backtest_record_of(const std::vector<OriginForecast>& origins, const TargetFit& fitter, const BacktestRequest& request);

}  // namespace carecast
