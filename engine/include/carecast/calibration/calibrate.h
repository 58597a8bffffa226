#pragma once
// `carecast calibrate MODEL --targets FILE -o FOLDER`: fits the targets
// file's free parameters to its published figures on the expected-value
// mode (Levenberg-Marquardt, weighted squared relative errors, within
// bounds), checks the fit with a Monte Carlo run, and writes the calibrated
// model (a copy of the model's folder with the multiplied figures) and a
// report of every target and parameter (docs/fitting.md).

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace carecast {

struct CalibrationRequest {
  std::filesystem::path model;  // the model's folder
  std::filesystem::path targets;
  std::optional<std::filesystem::path> scenario;  // for money and policy; default: the model alone from its caseload year
  std::filesystem::path output;  // folder for the calibrated model and calibration-report.md
  std::int64_t check_replicates = 100;
  int threads = 0;
  bool force = false;
  std::string command;  // as typed, for the report
};

struct CalibrationSummary {
  int targets = 0;
  int fitted = 0;  // targets inside the simulated years, used in the fit
  int within_tolerance = 0;
  int parameters_on_bound = 0;
  double seconds = 0.0;
};

CalibrationSummary calibrate_model(const CalibrationRequest& request);

}  // namespace carecast
