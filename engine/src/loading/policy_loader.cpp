#include "carecast/loading/model_tables.h"
#include "carecast/loading/scenario.h"

namespace carecast {

void read_policy(ConfigReader& top, const Model& model, const Scenario& scenario, ScenarioInputs& inputs) {
  const CareModel& care = model.care;
  const auto settings = care.setting_ids();
  const auto groups = care.client_group_ids();

  if (auto demand = top.optional_map("demand")) {
    inputs.need_growth =
        read_sourced_number(*demand, "need_growth", Bounds::between(-0.5, 1.0, "a yearly growth"), inputs.policy_citations);
    demand->finish();
  }
  for (auto& entry : top.map_list("levers")) {
    Lever lever;
    lever.name = entry.text("name");
    const std::string kind = entry.choice("kind", {"reablement", "technology", "home_first", "move"});
    lever.kind = kind == "reablement"   ? LeverKind::reablement
                 : kind == "technology" ? LeverKind::technology
                 : kind == "home_first" ? LeverKind::home_first
                                        : LeverKind::move;
    lever.start_year = static_cast<int>(entry.integer("start_year", scenario.start_year, scenario.end_year()));
    const Bounds size = lever.kind == LeverKind::move ? Bounds::non_negative("a rate a year") : Bounds::probability();
    lever.size = entry.number("size", size);
    read_justification(entry, entry.path(), lever.name, inputs.policy_citations);
    lever.delivery_probability = entry.number_or("delivery_probability", 1.0, Bounds::probability());
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
}

}  // namespace carecast
