#include <algorithm>
#include <cstdlib>
#include <limits>

#include "carecast/core/sha256.h"
#include "carecast/loading/config_reader.h"
#include "carecast/loading/model_loader.h"
#include "carecast/loading/money_loader.h"
#include "carecast/loading/scenario.h"
#include "carecast/loading/yaml_document.h"

#ifndef CARECAST_DEFAULT_MODELS_DIR
#define CARECAST_DEFAULT_MODELS_DIR ""
#endif

namespace carecast {
namespace {

namespace fs = std::filesystem;

std::string canonical_key(const fs::path& file) {
  std::error_code status;
  const fs::path canonical = fs::weakly_canonical(file, status);
  return status ? file.lexically_normal().string() : canonical.string();
}

// models/NAME with a model.yaml: first in the given folder, then in a
// `models` folder of the scenario's folder or any folder above it, then in
// the folder the program was built with.
std::optional<fs::path> find_model(const std::string& name, const fs::path& scenario_file,
                                   const ScenarioOptions& options, std::vector<fs::path>& searched) {
  auto try_folder = [&](const fs::path& models) -> std::optional<fs::path> {
    searched.push_back(models);
    std::error_code status;
    if (fs::is_regular_file(models / name / "model.yaml", status)) return models / name;
    return std::nullopt;
  };
  if (options.models_directory) return try_folder(*options.models_directory);
  std::error_code status;
  fs::path folder = fs::absolute(scenario_file, status).parent_path();
  while (!folder.empty()) {
    if (fs::is_directory(folder / "models", status)) {
      if (auto found = try_folder(folder / "models")) return found;
    }
    if (folder == folder.root_path()) break;
    folder = folder.parent_path();
  }
  if (std::string(CARECAST_DEFAULT_MODELS_DIR).empty()) return std::nullopt;
  return try_folder(CARECAST_DEFAULT_MODELS_DIR);
}

std::vector<std::string> model_names_in(const std::vector<fs::path>& folders) {
  std::vector<std::string> names;
  for (const auto& folder : folders) {
    std::error_code status;
    for (fs::directory_iterator it(folder, status), end; !status && it != end; it.increment(status)) {
      if (fs::is_regular_file(it->path() / "model.yaml", status)) names.push_back(it->path().filename());
    }
  }
  return names;
}

void set_scalar(ConfigNode& tree, const std::string& key, const std::string& value) {
  for (auto& node : tree.entries) {
    if (node.key == key) {
      node.kind = ConfigNode::Kind::scalar;
      node.scalar = value;
      node.quoted = false;
      return;
    }
  }
  ConfigNode node;
  node.kind = ConfigNode::Kind::scalar;
  node.scalar = value;
  node.key = key;
  tree.entries.push_back(node);
}

void refresh_text(LoadedScenario& loaded) {
  loaded.resolved_yaml = emit_yaml(loaded.resolved);
  loaded.sha256 = sha256_hex(loaded.resolved_yaml);
}

ConfigNode resolve_recursive(const fs::path& file, const std::string& display_name,
                             std::vector<std::string>& chain, std::vector<std::string>& keys) {
  ConfigNode tree = read_yaml_file(file, display_name);
  chain.push_back(display_name);
  keys.push_back(canonical_key(file));
  const ConfigNode* parent = tree.find("extends");
  if (!parent) return tree;
  const std::string parent_name = to_text(*parent, "extends");
  const fs::path parent_file = file.parent_path() / parent_name;
  const std::string parent_display =
      (fs::path(display_name).parent_path() / parent_name).lexically_normal().string();
  const auto repeat = std::find(keys.begin(), keys.end(), canonical_key(parent_file));
  if (repeat != keys.end()) {
    std::string cycle;
    for (auto it = chain.begin() + (repeat - keys.begin()); it != chain.end(); ++it) cycle += *it + " -> ";
    throw InputError::at(parent->where, "extends", "scenarios extend each other in a cycle: " + cycle +
                                                       parent_display);
  }
  std::error_code status;
  if (!fs::is_regular_file(parent_file, status)) {
    throw InputError::at(parent->where, "extends", "no such scenario file " + quote_input(parent_display));
  }
  const ConfigNode base = resolve_recursive(parent_file, parent_display, chain, keys);
  ConfigNode merged = merge_config(base, tree);
  erase_key(merged, "extends");
  return merged;
}

void check_years_against_model(const ConfigNode& tree, const Scenario& scenario, const Model& model) {
  const auto& projection = model.population.projection;
  const ConfigNode* start = tree.find("start_year");
  if (scenario.start_year < model.care.caseload_year) {
    throw InputError::at(start->where, "start_year",
                         "must not be before the model's caseload year " + std::to_string(model.care.caseload_year) +
                             " (the caseload is as at April " + std::to_string(model.care.caseload_year) + "), got " +
                             start->scalar);
  }
  if (scenario.start_year <= model.population.base_year) {
    throw InputError::at(start->where, "start_year",
                         "must be after the model's base population year " +
                             std::to_string(model.population.base_year) + ", got " + start->scalar);
  }
  // The last year's deaths need the step to the mid-year after it.
  if (scenario.end_year() + 1 > projection.last_year()) {
    const ConfigNode* horizon = tree.find("horizon");
    throw InputError::at(horizon->where, "horizon",
                         "runs to " + std::to_string(scenario.end_year()) +
                             "; the population projection in model \"" + model.name + "\" supports years up to " +
                             std::to_string(projection.last_year() - 1));
  }
}

std::uint64_t read_seed(ConfigReader& reader, std::string_view key) {
  return static_cast<std::uint64_t>(reader.integer(key, 0, max_seed));
}

}  // namespace

std::vector<int> Scenario::years() const {
  std::vector<int> years;
  for (int year = start_year; year <= end_year(); ++year) years.push_back(year);
  return years;
}

void LoadedScenario::override_replicates(std::int64_t replicates) {
  scenario.replicates = replicates;
  set_scalar(resolved, "replicates", std::to_string(replicates));
  refresh_text(*this);
}

bool LoadedScenario::drifts_need() const {
  const ConfigNode* demand = resolved.find("demand");
  return demand && demand->find("need_drift");
}

void LoadedScenario::override_seed(const std::string& seed_text) {
  // The command line's seed is read by the scenario's own rule, so any seed
  // a run accepts is one its stored scenario replays.
  ConfigNode arguments;
  arguments.kind = ConfigNode::Kind::map;
  ConfigNode& seed = arguments.entries.emplace_back();
  seed.kind = ConfigNode::Kind::scalar;
  seed.key = "--seed";
  seed.scalar = seed_text;
  ConfigReader reader(arguments, "");
  scenario.seed = read_seed(reader, "--seed");
  set_scalar(resolved, "seed", std::to_string(scenario.seed));
  refresh_text(*this);
}

ConfigNode resolve_extends(const fs::path& file, const std::string& display_name,
                           std::vector<std::string>& chain) {
  std::vector<std::string> keys;
  ConfigNode tree = resolve_recursive(file, display_name, chain, keys);
  erase_key(tree, "extends");
  return tree;
}

Scenario read_scenario_settings(const ConfigNode& resolved) {
  ConfigReader top(resolved, "");
  Scenario scenario;
  scenario.title = top.text("title");
  scenario.description = top.text_or("description", "");
  scenario.model_name = top.text("model");
  scenario.start_year = static_cast<int>(top.integer("start_year", 1900, 2200));
  scenario.horizon = static_cast<int>(top.integer("horizon", 1, max_horizon));
  scenario.replicates = top.integer("replicates", 1, max_replicates);
  scenario.seed = read_seed(top, "seed");
  if (auto market = top.optional_map("market")) {
    scenario.count_waiting = market->boolean_or("count_waiting", false);
    market->finish();
  }
  if (top.node().find("sampling")) scenario.sampling = sampling_method_named(top.choice("sampling", sampling_method_names()));
  for (const char* later : {"money", "demand", "levers", "capacity", "correlations"}) top.optional_node(later);  // read once the model is known
  top.finish();
  return scenario;
}

ScenarioInputs read_scenario_inputs(const ConfigNode& tree, const Model& model, const Scenario& scenario,
                                    AssumptionBindings& bindings) {
  ConfigReader top(tree, "");
  ScenarioInputs inputs;
  inputs.money = read_money_assumptions(top, model, scenario.start_year, scenario.end_year(), bindings);
  read_policy(top, model, scenario, inputs, bindings);
  return inputs;
}

LoadedScenario load_scenario(const fs::path& file, const ScenarioOptions& options) {
  LoadedScenario loaded;
  loaded.file = file.string();
  loaded.resolved = resolve_extends(file, loaded.file, loaded.chain);
  // The tree the loaders read: each distribution a scalar at its median
  // that knows its range and which assumption it is.
  ConfigNode varying = loaded.resolved;
  loaded.uncertain = take_distributions(varying);

  loaded.scenario = read_scenario_settings(varying);
  const Scenario& scenario = loaded.scenario;
  ConfigReader top(varying, "");

  std::vector<fs::path> searched;
  const auto model_dir = find_model(scenario.model_name, file, options, searched);
  if (!model_dir) {
    std::string message = "no model " + quote_input(scenario.model_name) + " found (a folder models/" +
                          shortened_input(scenario.model_name) + " with a model.yaml)";
    if (const std::string hint = closest_match(scenario.model_name, model_names_in(searched)); !hint.empty()) {
      message += "; did you mean " + quote_input(hint) + "?";
    }
    throw top.error("model", message);
  }
  std::string display_dir = model_dir->lexically_proximate(fs::current_path()).string();
  if (display_dir.empty() || display_dir.rfind("../../..", 0) == 0) display_dir = model_dir->string();
  loaded.model = load_model(*model_dir, display_dir);
  check_years_against_model(loaded.resolved, scenario, *loaded.model);
  loaded.inputs = read_scenario_inputs(varying, *loaded.model, scenario, loaded.bindings);
  loaded.correlation = read_correlations(top, loaded.uncertain, loaded.correlation_citations);
  loaded.bindings.require_every_one_bound(loaded.uncertain);
  refresh_text(loaded);
  return loaded;
}

}  // namespace carecast
