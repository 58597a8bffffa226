#pragma once
// Reads a model's folder: model.yaml and the data tables it names
// (docs/model-format.md).

#include <filesystem>
#include <memory>
#include <string>

#include "carecast/model/model.h"

namespace carecast {

// Reads models/NAME/model.yaml (given as the folder) and its data tables.
std::shared_ptr<const Model> load_model(const std::filesystem::path& directory,
                                        const std::string& display_directory);

}  // namespace carecast
