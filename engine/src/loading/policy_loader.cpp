#include <cmath>

#include "carecast/loading/model_tables.h"
#include "carecast/loading/scenario.h"

namespace carecast {
namespace {

void read_capacity_changes(ConfigReader& top, const Model& model, const Scenario& scenario, ScenarioInputs& inputs,
                           AssumptionBindings& bindings) {
  const CareModel& care = model.care;
  const auto settings = care.setting_ids();
  const auto districts = model.district_names();
  for (auto& entry : top.map_list("capacity")) {
    const std::size_t k = inputs.capacity_changes.size();
    CapacityChange change;
    change.name = entry.text("name");
    change.setting = lookup_id(settings, entry.required_node("setting"), entry.path_of("setting"), "setting");
    const CareSetting& kind = care.settings[static_cast<std::size_t>(change.setting)];
    if (!kind.has_places() && !kind.hours) throw entry.error("setting", "only settings with beds, places or hours have a capacity");
    if (const ConfigNode* district = entry.optional_node("district")) {
      change.district = lookup_id(districts, *district, entry.path_of("district"), "district");
    }
    const auto& limits = care.capacity[static_cast<std::size_t>(change.setting)];
    for (std::size_t d = 0; d < limits.size(); ++d) {
      if ((change.district < 0 || change.district == static_cast<int>(d)) && !std::isfinite(limits[d])) {
        throw entry.error("setting", "model \"" + model.name + "\" sets no capacity for " + settings[static_cast<std::size_t>(change.setting)] +
                                         " in " + districts[d] + ", so there is none to change");
      }
    }
    change.start_year = static_cast<int>(entry.integer_or("start_year", scenario.start_year, scenario.start_year, scenario.end_year()));
    const bool adds = entry.optional_node("add") != nullptr;
    const bool grows = entry.optional_node("growth") != nullptr;
    if (adds == grows) throw entry.error(adds ? "growth" : "add", "give either add (places or hours a week) or growth (a yearly share), not both or neither");
    if (adds) {
      change.added = bindings.number(entry, "add", Bounds::any(), [k](ScenarioInputs& changed) -> double& {
        return changed.capacity_changes[k].added;
      });
    }
    if (grows) {
      change.growth = bindings.number(entry, "growth", Bounds::between(-0.5, 1.0, "a yearly growth"),
                                      [k](ScenarioInputs& changed) -> double& { return changed.capacity_changes[k].growth; });
    }
    read_justification(entry, entry.path(), change.name, inputs.policy_citations);
    entry.finish();
    inputs.capacity_changes.push_back(change);
  }
}

}  // namespace

void read_policy(ConfigReader& top, const Model& model, const Scenario& scenario, ScenarioInputs& inputs,
                 AssumptionBindings& bindings) {
  const CareModel& care = model.care;
  const auto settings = care.setting_ids();
  const auto groups = care.client_group_ids();

  if (auto demand = top.optional_map("demand")) {
    inputs.need_growth = bindings.sourced_number(*demand, "need_growth", Bounds::between(-0.5, 1.0, "a yearly growth"),
                                                 inputs.policy_citations,
                                                 [](ScenarioInputs& changed) -> double& { return changed.need_growth; });
    demand->finish();
  }
  for (auto& entry : top.map_list("levers")) {
    const std::size_t k = inputs.levers.size();
    Lever lever;
    lever.name = entry.text("name");
    const std::string kind = entry.choice("kind", {"reablement", "technology", "home_first", "move"});
    lever.kind = kind == "reablement"   ? LeverKind::reablement
                 : kind == "technology" ? LeverKind::technology
                 : kind == "home_first" ? LeverKind::home_first
                                        : LeverKind::move;
    lever.start_year = static_cast<int>(entry.integer("start_year", scenario.start_year, scenario.end_year()));
    const Bounds size = lever.kind == LeverKind::move ? Bounds::non_negative("a rate a year") : Bounds::probability();
    lever.size = bindings.number(entry, "size", size, [k](ScenarioInputs& changed) -> double& { return changed.levers[k].size; });
    read_justification(entry, entry.path(), lever.name, inputs.policy_citations);
    lever.delivery_probability = bindings.number_or(
        entry, "delivery_probability", 1.0, Bounds::probability(),
        [k](ScenarioInputs& changed) -> double& { return changed.levers[k].delivery_probability; });
    if (const ConfigNode* group = entry.optional_node("client_group")) {
      lever.client_group = lookup_id(groups, *group, entry.path_of("client_group"), "client group");
    }
    if (lever.kind == LeverKind::move) {
      lever.from_setting = lookup_id(settings, entry.required_node("from"), entry.path_of("from"), "setting");
      lever.to_setting = lookup_id(settings, entry.required_node("to"), entry.path_of("to"), "setting");
      if (lever.from_setting == lever.to_setting) throw entry.error("to", "a move must lead to another setting");
    }
    entry.finish();
    inputs.levers.push_back(lever);
  }
  read_capacity_changes(top, model, scenario, inputs, bindings);
}

}  // namespace carecast
