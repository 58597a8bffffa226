#pragma once
// Reads the `care:` section of model.yaml and its tables into a CareModel.

#include <filesystem>
#include <string>
#include <vector>

#include "carecast/model/care_model.h"
#include "carecast/loading/config_reader.h"

namespace carecast {

struct CareModelContext {
  std::filesystem::path directory;
  std::string display_directory;
  std::vector<std::string> district_names;
  int adult_age = 18;
  int oldest_age = 100;
  // Everyone in the model's districts in the base year: the most people any
  // caseload row, the whole caseload or a year's transitions can hold.
  double people = 0.0;
};

CareModel read_care_model(ConfigReader& care, const CareModelContext& context);

}  // namespace carecast
