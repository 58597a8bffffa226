// libFuzzer target for the loaders: arbitrary bytes as a scenario (YAML,
// settings validation, extends-style merging, re-emission, distributions), as a calibration
// target's query, and as a CSV data table. Bad input must end in InputError and nothing else: no crash, no
// sanitizer finding, no other exception.

#include <cstddef>
#include <cstdint>
#include <string>

#include "carecast/calibration/targets.h"
#include "carecast/core/error.h"
#include "carecast/loading/config_node.h"
#include "carecast/loading/csv.h"
#include "carecast/loading/scenario.h"
#include "carecast/loading/yaml_document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const carecast::ConfigNode tree = carecast::parse_yaml_text(text, "fuzz.yaml");
    const carecast::ConfigNode merged = carecast::merge_config(tree, tree);
    carecast::parse_yaml_text(carecast::emit_yaml(merged), "emitted.yaml");
    carecast::ConfigNode varying = merged;
    carecast::take_distributions(varying);
    carecast::read_scenario_settings(varying);
  } catch (const carecast::InputError&) {
  }
  try {
    carecast::parse_query(text, "fuzz query");
  } catch (const carecast::InputError&) {
  }
  try {
    const carecast::CsvTable table = carecast::CsvTable::parse(text, "fuzz.csv");
    for (const auto& row : table.rows()) {
      for (std::size_t column = 0; column < row.fields.size(); ++column) {
        try {
          table.number(row, column);
        } catch (const carecast::InputError&) {
        }
      }
    }
  } catch (const carecast::InputError&) {
  }
  return 0;
}
