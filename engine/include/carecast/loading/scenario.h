#pragma once
// A scenario: what-if settings for one run of a model, read from YAML with
// `extends:` resolved, strictly validated, and kept with its resolved text so
// the output can say exactly what produced it.

#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "carecast/loading/assumption_bindings.h"
#include "carecast/loading/config_node.h"
#include "carecast/loading/scenario_uncertainty.h"
#include "carecast/market/capacity_changes.h"
#include "carecast/market/capacity_response.h"
#include "carecast/model/model.h"
#include "carecast/model/rate_factor.h"
#include "carecast/money/assumptions.h"
#include "carecast/simulation/policy.h"
#include "carecast/uncertainty/sampling_method.h"

namespace carecast {

inline constexpr std::int64_t max_replicates = 1'000'000;
inline constexpr int max_horizon = 100;
// A seed is a whole number from 0 to the largest signed 64-bit integer, on
// the command line as in YAML: readers in other languages hold it exactly.
inline constexpr std::int64_t max_seed = std::numeric_limits<std::int64_t>::max();

struct Scenario {
  std::string title;
  std::string description;
  std::string model_name;
  int start_year = 0;  // financial year start: 2024 means April 2024 to March 2025
  int horizon = 0;  // number of financial years simulated
  std::int64_t replicates = 0;
  std::uint64_t seed = 0;
  bool count_waiting = false;  // `market: {count_waiting: true}`: the people_waiting output
  SamplingMethod sampling = SamplingMethod::random;  // `sampling:`, how replicates draw the assumptions

  int end_year() const { return start_year + horizon - 1; }
  std::vector<int> years() const;
};

// The parts of a scenario its uncertain assumptions can change, read once
// with every distribution at its median; a replicate writes its draws into a
// copy through the scenario's AssumptionBindings.
struct ScenarioInputs {
  std::optional<MoneyAssumptions> money;  // when the scenario has a money section
  std::vector<double> need_growth;  // by client group: yearly growth of need beyond demography
  // By client group: the standard deviation of the yearly change in need
  // that neither demography nor the trend explains (docs/model.md, "Model
  // error"); 0 for none.
  std::vector<double> need_drift;
  // One replicate's drift: [client group][years since the start], the log
  // of need's multiplier, 0 at the start; empty when there is none (the
  // central inputs and the expected-value mode).
  std::vector<std::vector<double>> need_drift_path;
  // Multipliers of the model's rates (`demand.rate_factors`), in file order:
  // what a fit left uncertain, drawn per replicate.
  std::vector<RateFactor> rate_factors;
  std::vector<Lever> levers;
  std::vector<CapacityChange> capacity_changes;  // in file order
  std::vector<CapacityResponse> capacity_responses;  // in file order
  std::vector<ModelCitation> policy_citations;
};

struct LoadedScenario {
  Scenario scenario;
  std::shared_ptr<const Model> model;
  ScenarioInputs inputs;  // every uncertain assumption at its median
  std::vector<UncertainAssumption> uncertain;  // in file order
  AssumptionBindings bindings;  // where each of `uncertain` goes in `inputs`
  std::vector<double> correlation;  // row-major over `uncertain`
  std::vector<ModelCitation> correlation_citations;
  std::string file;  // as the user named it
  std::vector<std::string> chain;  // the file, then each file it extends
  ConfigNode resolved;  // the merged tree, without `extends`, distributions as written
  std::string resolved_yaml;
  std::string sha256;  // of resolved_yaml

  // Whether the scenario gives need a yearly drift (`demand.need_drift`):
  // each replicate then draws a path of it and records where it ends.
  bool drifts_need() const;

  // Command-line overrides; they are written into the resolved text too.
  void override_replicates(std::int64_t replicates);
  // The seed as typed (--seed), read by the same rule as the YAML's `seed`.
  void override_seed(const std::string& seed_text);
};

struct ScenarioOptions {
  // Folder to look for models in before searching upward from the scenario.
  std::optional<std::filesystem::path> models_directory;
};

LoadedScenario load_scenario(const std::filesystem::path& file, const ScenarioOptions& options = {});

// The scenario's own settings from a resolved tree, validated on their own
// (checks against the model come after). The fuzzer drives this directly.
Scenario read_scenario_settings(const ConfigNode& resolved);

// Reads `money:`, `demand:`, `levers:` and `capacity:` of a scenario tree,
// checked against the model and the scenario's years, binding each number
// drawn from a distribution to its field.
ScenarioInputs read_scenario_inputs(const ConfigNode& tree, const Model& model, const Scenario& scenario,
                                    AssumptionBindings& bindings);

// Reads `demand:`, `levers:` and `capacity:` (checked against the model)
// into `inputs`.
void read_policy(ConfigReader& top, const Model& model, const Scenario& scenario, ScenarioInputs& inputs,
                 AssumptionBindings& bindings);

// The merged tree of a scenario and the files it extends, with cycles and
// missing parents reported at their `extends:` line.
ConfigNode resolve_extends(const std::filesystem::path& file, const std::string& display_name,
                           std::vector<std::string>& chain);

}  // namespace carecast
