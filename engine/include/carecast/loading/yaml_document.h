#pragma once
// The one place that touches yaml-cpp: files in, ConfigNode out, and the
// resolved tree back out as YAML text for the output file's provenance.

#include <filesystem>
#include <string>

#include "carecast/loading/config_node.h"

namespace carecast {

// Parses a YAML file. `display_name` is how errors name the file (normally
// the path as the user gave it). Rejects tabs in indentation, duplicate keys,
// non-scalar keys and documents whose top level is not a map.
ConfigNode read_yaml_file(const std::filesystem::path& path, const std::string& display_name);

// Parses YAML text already in memory (the fuzzer and tests use this).
ConfigNode parse_yaml_text(const std::string& text, const std::string& display_name);

// Emits the tree as block-style YAML; quoted scalars stay quoted.
std::string emit_yaml(const ConfigNode& node);

}  // namespace carecast
