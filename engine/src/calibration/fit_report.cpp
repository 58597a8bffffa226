#include "carecast/calibration/fit_report.h"

#include <fmt/core.h>

#include <algorithm>
#include <cmath>

#include "carecast/core/number_text.h"

namespace carecast {
namespace {

std::string groups_of(const Model& model, const FreeParameter& parameter) {
  if (parameter.client_groups.empty()) return "all";
  std::string names;
  for (const int group : parameter.client_groups) {
    names += (names.empty() ? "" : ", ") + model.care.client_groups[static_cast<std::size_t>(group)].id;
  }
  return names;
}

std::string acts_on(const FreeParameter& parameter) {
  return parameter.is_trend() ? "need_growth (a yearly trend)" : std::string(rate_effect_name(parameter.effect)) + " (a multiplier)";
}

// A trend as the value of a scenario's need_growth entry: a normal
// distribution with the fit's standard error, cut at four of them and at the
// parameter's bounds, or the fitted value alone when there is no error.
std::string trend_value(const FreeParameter& parameter, double value, const std::optional<ParameterUncertainty>& uncertainty,
                        std::size_t k, const TrendOrigin& origin) {
  const std::string fitted = fmt::format("fitted by carecast calibrate against {}", origin.targets_file);
  if (!uncertainty || !uncertainty->estimated(k)) {
    return fmt::format("value: {:.4f}, derived: \"{} ({}; no standard error, see calibration-report.md)\"", value, fitted, parameter.name);
  }
  const double error = uncertainty->standard_errors[k];
  return fmt::format(
      "value: {{distribution: normal, mean: {:.4f}, sd: {:.4f}, min: {:.4f}, max: {:.4f}}}, derived: \"{} ({}; the sd is its "
      "standard error, calibration-report.md)\"",
      value, error, drawn_range(parameter, value, error).first, drawn_range(parameter, value, error).second, fitted, parameter.name);
}

}  // namespace

std::string parameter_table(const Model& model, const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                            const std::optional<ParameterUncertainty>& uncertainty, std::vector<std::string>* bound_warnings) {
  std::string table =
      "| parameter | acts on | client group | setting | initial | fitted | standard error | min | max | why free |\n"
      "|---|---|---|---|---:|---:|---:|---:|---:|---|\n";
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const FreeParameter& parameter = parameters[k];
    const double value = values[k];
    const bool bounded = on_bound(value, parameter.min, parameter.max);
    if (bound_warnings && bounded) {
      bound_warnings->push_back(fmt::format("parameter {} sits on its bound ({} within {} to {}): the targets pull it further than its "
                                      "bounds allow, or it is not identified by them",
                                      parameter.name, shortest_text(value), shortest_text(parameter.min), shortest_text(parameter.max)));
    }
    std::string error = "-";
    if (uncertainty && uncertainty->estimated(k)) {
      error = fmt::format("{:.4f}", uncertainty->standard_errors[k]);
    } else if (uncertainty && bounded) {
      error = "on its bound";
    }
    const auto setting = parameter.setting < 0 ? std::string("all") : model.care.settings[static_cast<std::size_t>(parameter.setting)].id;
    table += fmt::format("| {} | {} | {} | {} | {} | {:.4f} | {} | {} | {} | {} |\n", fit_text::cell(parameter.name), acts_on(parameter),
                         groups_of(model, parameter), setting, shortest_text(parameter.initial), value, error,
                         shortest_text(parameter.min), shortest_text(parameter.max), fit_text::cell(parameter.reason));
  }
  return table;
}

std::string uncertainty_section(const std::vector<FreeParameter>& parameters, const std::optional<ParameterUncertainty>& uncertainty) {
  if (!uncertainty) return "";
  std::string text = "## Parameter uncertainty\n\n";
  if (!uncertainty->unavailable.empty()) return text + "No standard errors: " + uncertainty->unavailable + ".\n\n";
  text += fmt::format(
      "Standard errors from the Jacobian of the weighted relative errors at the fit (Gauss-Newton: covariance s^2 (J'J)^-1, with "
      "s^2 = {:.4g}, the sum of squares over {} degrees of freedom, {} more figures than parameters estimated). They hold near "
      "the fit and treat the figures' errors as independent, with the spread the fit leaves; a parameter on its bound is held "
      "fixed and has none (docs/fitting.md, \"Standard errors\"). Correlations of the parameters:\n\n|  |",
      uncertainty->residual_variance, uncertainty->degrees_of_freedom, uncertainty->degrees_of_freedom);
  std::string rule = "|---|";
  for (const FreeParameter& parameter : parameters) {
    text += " " + fit_text::cell(parameter.name) + " |";
    rule += "---:|";
  }
  text += "\n" + rule + "\n";
  const std::size_t n = parameters.size();
  for (std::size_t a = 0; a < n; ++a) {
    text += "| " + fit_text::cell(parameters[a].name) + " |";
    for (std::size_t b = 0; b < n; ++b) {
      const double r = uncertainty->correlation[a * n + b];
      text += std::isnan(r) ? " - |" : fmt::format(" {:+.2f} |", r);
    }
    text += "\n";
  }
  return text + "\n";
}

std::string need_trend_section(const Model& model, const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                               const std::optional<ParameterUncertainty>& uncertainty, const std::vector<double>& central_growth,
                               const TrendOrigin& origin) {
  std::vector<std::string> lines;
  std::vector<bool> fitted(central_growth.size(), false);
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const FreeParameter& parameter = parameters[k];
    if (!parameter.is_trend()) continue;
    if (parameter.client_groups.empty()) {
      lines.push_back("  need_growth: {" + trend_value(parameter, values[k], uncertainty, k, origin) + "}");
      fitted.assign(fitted.size(), true);
      continue;
    }
    const std::string groups = groups_of(model, parameter);
    lines.push_back(fmt::format("    - {{client_group: {}, {}}}", parameter.client_groups.size() > 1 ? "[" + groups + "]" : groups,
                                trend_value(parameter, values[k], uncertainty, k, origin)));
    for (const int group : parameter.client_groups) fitted[static_cast<std::size_t>(group)] = true;
  }
  if (lines.empty()) return "";
  if (lines.size() > 1 || lines.front().rfind("    - ", 0) == 0) {
    lines.insert(lines.begin(), "  need_growth:");
    for (std::size_t g = 0; g < fitted.size(); ++g) {
      if (fitted[g]) continue;
      lines.push_back(fmt::format("    - {{client_group: {}, value: {}, assumption: \"not fitted: the value of {}\"}}",
                                  model.care.client_groups[g].id, shortest_text(central_growth[g]), origin.scenario));
    }
  }
  std::string text =
      "## Where the fitted need trend goes\n\n"
      "A need trend is a scenario's figure (`demand.need_growth`, docs/scenario-format.md), not the model's, so the calibrated "
      "model's files do not hold it: a run of the calibrated model grows need as its scenario says. To carry the fit forward, "
      "put these lines in the scenario's `demand:` section. The standard deviation is the fit's standard error, the uncertainty of "
      "the average trend over the fitted years; a forecast of later years may want it wider.\n\n```yaml\ndemand:\n";
  for (const std::string& line : lines) text += line + "\n";
  return text + "```\n\n";
}

std::pair<double, double> drawn_range(const FreeParameter& parameter, double value, double standard_error) {
  return {std::max(parameter.min, value - 4.0 * standard_error), std::min(parameter.max, value + 4.0 * standard_error)};
}

std::string fit_uncertainty_section(const Model& model, const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                                    const std::optional<ParameterUncertainty>& uncertainty, const TrendOrigin& origin) {
  if (!uncertainty) return "";
  // Each drawn parameter's label in the scenario: the rate factors in order,
  // the trends as need_trend_section writes them (one map, or a list in order).
  std::vector<std::string> labels(parameters.size());
  std::size_t trends = 0;
  bool single_trend = false;
  for (const FreeParameter& parameter : parameters) {
    if (!parameter.is_trend()) continue;
    ++trends;
    single_trend = parameter.client_groups.empty();
  }
  std::string lines;
  std::size_t factor = 0;
  std::size_t trend = 0;
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const FreeParameter& parameter = parameters[k];
    if (parameter.is_trend()) {
      if (uncertainty->estimated(k)) {
        labels[k] = trends == 1 && single_trend ? "demand.need_growth.value" : fmt::format("demand.need_growth[{}].value", trend);
      }
      ++trend;
      continue;
    }
    if (!uncertainty->estimated(k)) continue;
    const double error = uncertainty->standard_errors[k];
    const auto [low, high] = drawn_range(parameter, values[k], error);
    std::string where = parameter.client_groups.empty() ? ""
                        : parameter.client_groups.size() > 1 ? ", client_group: [" + groups_of(model, parameter) + "]"
                                                              : ", client_group: " + groups_of(model, parameter);
    if (parameter.setting >= 0) where += ", setting: " + model.care.settings[static_cast<std::size_t>(parameter.setting)].id;
    lines += fmt::format(
        "    - {{name: {}, multiplies: {}{}, value: {{distribution: normal, mean: 1, sd: {:.4f}, min: {:.4f}, max: {:.4f}}}, "
        "derived: \"fitted by carecast calibrate against {}: the calibrated model holds {:.4f}; the sd is its standard error over "
        "it (calibration-report.md)\"}}\n",
        parameter.name, rate_effect_name(parameter.effect), where, error / values[k], low / values[k],
        high / values[k], origin.targets_file, values[k]);
    labels[k] = fmt::format("demand.rate_factors[{}].value", factor++);
  }
  if (lines.empty()) return "";
  std::string correlations;
  const std::size_t n = parameters.size();
  for (std::size_t a = 0; a < n; ++a) {
    for (std::size_t b = a + 1; b < n; ++b) {
      if (labels[a].empty() || labels[b].empty()) continue;
      correlations += fmt::format("  - {{between: [\"{}\", \"{}\"], coefficient: {:.4f}, derived: \"the fit's correlation of {} and {} "
                                  "(calibration-report.md)\"}}\n",
                                  labels[a], labels[b], uncertainty->correlation[a * n + b], parameters[a].name, parameters[b].name);
    }
  }
  return "## Carrying the fit's uncertainty into a run\n\n"
         "The calibrated model holds each multiplier at its fitted value. A run can also draw them per replicate from the fit's "
         "approximate posterior (each normal about its value with its standard error, correlated as above): put these lines in "
         "the scenario of a run of the calibrated model, the rate factors in its `demand:` section (with the need trend's lines "
         "above, when there are any) and the correlations at its top level. Each draw is then recorded with the run's assumptions "
         "and ranked among them (docs/scenario-format.md, `rate_factors`). Parameters on a bound have no standard error and keep "
         "their fitted value.\n\n```yaml\ndemand:\n  rate_factors:\n" +
         lines + (correlations.empty() ? "" : "correlations:\n" + correlations) + "```\n\n";
}

namespace fit_text {

std::string percent(double share) { return fmt::format("{:+.1f}%", 100.0 * share); }

std::string figure(double value) {
  const double size = std::abs(value);
  if (size >= 10.0) return with_thousands(value, size >= 1000.0 ? 0 : 1);
  return fmt::format("{:.3g}", value);
}

std::string cell(std::string text) {
  std::replace(text.begin(), text.end(), '|', '/');
  std::replace(text.begin(), text.end(), '\n', ' ');
  return text;
}

}  // namespace fit_text
}  // namespace carecast
