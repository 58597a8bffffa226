#pragma once
// Reads `care.self_funding` of model.yaml: where people may fund their own
// care, and either a share of entrants and a constant hazard of becoming
// council-funded, or each self-funder's capital (docs/model-format.md).

#include "carecast/loading/care_model_loader.h"
#include "carecast/loading/config_reader.h"
#include "carecast/model/care_model.h"

namespace carecast {

// Reads the section into `model`, whose settings and client groups are read.
void read_self_funding(ConfigReader& care, const CareModelContext& context, CareModel& model);

}  // namespace carecast
