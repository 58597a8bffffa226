#pragma once
// The markdown pieces `carecast calibrate` and `carecast backtest` share:
// the parameters' table with their standard errors, the correlation matrix
// of the parameters, and the scenario lines that carry a fitted need trend.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "carecast/calibration/parameter_uncertainty.h"
#include "carecast/calibration/targets.h"
#include "carecast/model/model.h"

namespace carecast {

// The parameters' markdown table (name, what it acts on, scope, initial,
// fitted, standard error, bounds, reason); with `bound_warnings`, a warning for
// each fitted value on a bound.
std::string parameter_table(const Model& model, const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                            const std::optional<ParameterUncertainty>& uncertainty, std::vector<std::string>* bound_warnings);

// How the standard errors were found, and the correlation matrix of the
// parameters they were found for; empty when nothing was fitted.
std::string uncertainty_section(const std::vector<FreeParameter>& parameters, const std::optional<ParameterUncertainty>& uncertainty);

// Where fitted need trends go: a scenario's `demand.need_growth` (a
// calibrated model's files cannot hold it), ready to paste, each trend a
// normal distribution with the fit's standard error; groups no parameter
// frees keep `central_growth`, the fitting scenario's value. Empty when no
// parameter is a trend.
struct TrendOrigin {
  std::string targets_file;  // as named on the command line
  std::string scenario;  // the fitting scenario's title
};
std::string need_trend_section(const Model& model, const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                               const std::optional<ParameterUncertainty>& uncertainty, const std::vector<double>& central_growth,
                               const TrendOrigin& origin);

// "Carrying the fit's uncertainty into a run": the `demand.rate_factors`
// lines that draw each multiplier with a standard error per replicate about
// the calibrated model's fitted value (normal about 1, its standard error
// over its value, within its bounds and four standard errors), and the
// `correlations` among them and with the need trends that need_trend_section
// writes; empty when no multiplier has a standard error.
std::string fit_uncertainty_section(const Model& model, const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                                    const std::optional<ParameterUncertainty>& uncertainty, const TrendOrigin& origin);

// The range a fitted parameter is drawn within: its bounds, and four
// standard errors either side of its value.
std::pair<double, double> drawn_range(const FreeParameter& parameter, double value, double standard_error);

// Markdown cells of the fit reports.
namespace fit_text {
std::string percent(double share);  // +1.2%
std::string figure(double value);   // 12,345 or 0.123
std::string cell(std::string text);  // safe inside a table cell
}  // namespace fit_text

}  // namespace carecast
