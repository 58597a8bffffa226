#include "carecast/loading/assumption_bindings.h"

#include <algorithm>

#include "carecast/loading/model_tables.h"
#include "carecast/loading/scenario.h"

namespace carecast {

void AssumptionBindings::bind(const ConfigNode& node, Field field) {
  if (node.varying) bind(node.varying->assumption, std::move(field));
}

void AssumptionBindings::bind(std::size_t assumption, Field field) { bindings_.push_back({assumption, std::move(field)}); }

double AssumptionBindings::number(const ConfigNode& node, std::string_view key_path, const Bounds& bounds, Field field) {
  const double value = to_number(node, key_path, bounds);
  bind(node, std::move(field));
  return value;
}

double AssumptionBindings::number(ConfigReader& reader, std::string_view key, const Bounds& bounds, Field field) {
  return number(reader.required_node(key), reader.path_of(key), bounds, std::move(field));
}

double AssumptionBindings::number_or(ConfigReader& reader, std::string_view key, double fallback, const Bounds& bounds,
                                     Field field) {
  const ConfigNode* node = reader.optional_node(key);
  return node ? number(*node, reader.path_of(key), bounds, std::move(field)) : fallback;
}

double AssumptionBindings::sourced_number(ConfigReader& parent, std::string_view key, const Bounds& bounds,
                                          std::vector<ModelCitation>& citations, Field field) {
  const SourcedNumber sourced = read_sourced(parent, key, bounds, citations);
  bind(sourced.node, std::move(field));
  return sourced.value;
}

std::size_t AssumptionBindings::fields_of(std::size_t assumption) const {
  return static_cast<std::size_t>(std::count_if(bindings_.begin(), bindings_.end(),
                                                [&](const Binding& binding) { return binding.assumption == assumption; }));
}

void AssumptionBindings::require_every_one_bound(const std::vector<UncertainAssumption>& assumptions) const {
  for (std::size_t k = 0; k < assumptions.size(); ++k) {
    if (fields_of(k) > 0) continue;
    throw InputError::at(assumptions[k].where, assumptions[k].label,
                         "this number cannot vary between replicates, so it cannot be a distribution; give one value");
  }
}

void AssumptionBindings::release(const ScenarioInputs& central, const Field& field) {
  ScenarioInputs probe = central;
  const double* released = &field(probe);
  std::erase_if(bindings_, [&](const Binding& binding) { return &binding.field(probe) == released; });
}

ScenarioInputs AssumptionBindings::applied(const ScenarioInputs& central, const std::vector<double>& values) const {
  ScenarioInputs inputs = central;
  for (const Binding& binding : bindings_) binding.field(inputs) = values[binding.assumption];
  return inputs;
}

}  // namespace carecast
