#pragma once
// Free parameters applied to a model: in memory for each evaluation of a
// fit, and on disk as a calibrated copy of the model's folder whose files
// carry the multiplied figures, each marked as calibrated.

#include <filesystem>
#include <string>
#include <vector>

#include "carecast/calibration/targets.h"
#include "carecast/model/model.h"

namespace carecast {

// `base` with each parameter's multiplier `values[k]` applied. An entry
// share multiplier scales one setting's share and rescales the others so
// each row keeps its total. A need_growth trend is the scenario's, not the
// model's (TargetFit sets it), and changes nothing here.
Model adjusted_model(const Model& base, const std::vector<FreeParameter>& parameters, const std::vector<double>& values);

// Copies the model's folder to `folder` (which must not exist) with the
// figures the parameters multiply rewritten, their source marked with
// `mark` (e.g. "calibrated x1.07 by carecast calibrate, targets.yaml").
void write_calibrated_model(const Model& base, const std::vector<FreeParameter>& parameters, const std::vector<double>& values,
                            const std::filesystem::path& folder, const std::string& mark);

}  // namespace carecast
