#pragma once
// Uncertain assumptions in a scenario: any number may be written as a
// distribution, `{distribution: normal, mean: 0.03, sd: 0.01}`, and pairs of
// them correlated under `correlations:`. Loading takes each distribution out
// of the tree, leaving a scalar at its median marked with the range it can
// take, so the ordinary loaders read and check it like any number and bind
// it to the field it feeds (assumption_bindings.h), where each replicate
// writes its own drawn value.

#include <cstddef>
#include <string>
#include <vector>

#include "carecast/loading/config_node.h"
#include "carecast/loading/config_reader.h"
#include "carecast/model/citation.h"
#include "carecast/uncertainty/distribution.h"

namespace carecast {

struct UncertainAssumption {
  std::string label;  // the key path, e.g. money.pay_inflation.later
  Distribution distribution;
  SourceLocation where;
};

// Reads one `{distribution: ...}` map, checking its parameters.
Distribution read_distribution(const ConfigNode& node, const std::string& key_path);

// Replaces every distribution in `tree` (in file order) by a varying scalar
// at its median and returns them.
std::vector<UncertainAssumption> take_distributions(ConfigNode& tree);

// The scenario's `correlations:` as a row-major correlation matrix over
// `assumptions` (the identity when there are none), checked to be a
// possible one.
std::vector<double> read_correlations(ConfigReader& top, const std::vector<UncertainAssumption>& assumptions,
                                      std::vector<ModelCitation>& citations);

}  // namespace carecast
