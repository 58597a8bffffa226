#include <algorithm>
#include <cmath>

#include <fmt/core.h>

#include "carecast/core/number_text.h"
#include "carecast/loading/model_tables.h"
#include "carecast/loading/scenario.h"

namespace carecast {
namespace {

constexpr double hours_in_a_week = 168.0;

// `responds: {share, lag_years}`: the capacity follows the shortfall
// (market/capacity_response.h). `change` holds what the entry has said so far.
void read_response(ConfigReader& entry, const CapacityChange& change, const Model& model, ScenarioInputs& inputs,
                   AssumptionBindings& bindings) {
  const std::size_t k = inputs.capacity_responses.size();
  CapacityResponse response{change.name, change.setting, change.district, change.start_year, 0.0, 1};
  const auto& care = model.care;
  for (const CapacityResponse& other : inputs.capacity_responses) {
    const bool same_district = other.district < 0 || response.district < 0 || other.district == response.district;
    if (other.setting == response.setting && same_district) {
      throw entry.error(response.district < 0 ? "setting" : "district",
                        "\"" + other.name + "\" already makes " + care.settings[static_cast<std::size_t>(response.setting)].id +
                            " respond here; give one response for a setting in a district");
    }
  }
  ConfigReader responds = entry.map("responds");
  response.share = bindings.number(responds, "share", Bounds::probability(), [k](ScenarioInputs& changed) -> double& {
    return changed.capacity_responses[k].share;
  });
  constexpr int longest_lag = 10;
  response.lag_years = static_cast<int>(responds.integer("lag_years", 1, longest_lag));
  const std::string shown = response.name + ": responds with a share " + responds.node().find("share")->written() +
                            " of the shortfall " + std::to_string(response.lag_years) + " year(s) before";
  responds.finish();
  read_justification(entry, entry.path(), shown, inputs.policy_citations);
  entry.finish();
  inputs.capacity_responses.push_back(response);
}

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
    if (entry.optional_node("responds")) {
      if (adds || grows) throw entry.error("responds", "give add, growth or responds, not more than one");
      read_response(entry, change, model, inputs, bindings);
      continue;
    }
    if (adds == grows) throw entry.error(adds ? "growth" : "add", "give either add (places or hours a week) or growth (a yearly share), not both or neither");
    if (adds) {
      // More places than the model has people, or hours a week than they
      // have hours, cannot be used: a bound that also keeps capacity finite.
      const bool hours = change.setting == care.hours_setting;
      const double most = people_in(model.population.base) * (hours ? hours_in_a_week : 1.0);
      const Bounds added{-most, most, hours ? "hours a week, at most every resident's every hour," : "places, at most one for every resident,"};
      change.added = bindings.number(entry, "add", added, [k](ScenarioInputs& changed) -> double& {
        return changed.capacity_changes[k].added;
      });
    }
    if (grows) {
      change.growth = bindings.number(entry, "growth", Bounds::between(-0.5, 1.0, "a yearly growth"),
                                      [k](ScenarioInputs& changed) -> double& { return changed.capacity_changes[k].growth; });
    }
    const char* key = adds ? "add" : "growth";
    read_justification(entry, entry.path(), change.name + ": " + key + " " + entry.node().find(key)->written(),
                       inputs.policy_citations);
    entry.finish();
    inputs.capacity_changes.push_back(change);
  }
}

// `KEY: {value: ..., source: ...}` for every client group, or a list of
// `{client_group: ID or [IDs], value: ..., source: ...}` naming each group
// once, into `member` (one number per client group): one number drawn from a
// distribution feeds every group its entry names.
// Returns the node each client group's value was read from (none when the
// key is absent).
std::vector<const ConfigNode*> read_by_client_group(ConfigReader& demand, const std::string& key, const Bounds& bounds,
                                                    std::vector<double> ScenarioInputs::*member, const std::string& missing,
                                                    const CareModel& care, ScenarioInputs& inputs, AssumptionBindings& bindings) {
  const ConfigNode* written = demand.optional_node(key);
  std::vector<const ConfigNode*> read_from(care.client_groups.size(), nullptr);
  if (!written) return read_from;
  auto field_of = [member](std::size_t group) {
    return [member, group](ScenarioInputs& changed) -> double& { return (changed.*member)[group]; };
  };
  std::vector<double>& values = inputs.*member;
  if (written->kind != ConfigNode::Kind::sequence) {
    const SourcedNumber every = read_sourced(demand, key, bounds, inputs.policy_citations);
    for (std::size_t g = 0; g < values.size(); ++g) {
      values[g] = every.value;
      bindings.bind(every.node, field_of(g));
      read_from[g] = &every.node;
    }
    return read_from;
  }
  const auto groups = care.client_group_ids();
  std::vector<bool> named(groups.size(), false);
  for (ConfigReader& entry : demand.map_list(key)) {
    const ConfigNode& chosen = entry.required_node("client_group");
    std::vector<const ConfigNode*> ids = {&chosen};
    if (chosen.kind == ConfigNode::Kind::sequence) ids = entry.scalar_list("client_group");
    for (const ConfigNode* id : ids) {
      const auto g = static_cast<std::size_t>(lookup_id(groups, *id, entry.path_of("client_group"), "client group"));
      if (named[g]) throw InputError::at(id->where, entry.path_of("client_group"), "client group " + groups[g] + " is named twice");
      named[g] = true;
      values[g] = bindings.number(entry, "value", bounds, field_of(g));
      read_from[g] = &entry.required_node("value");
    }
    read_justification(entry, entry.path(), entry.required_node("value").written(), inputs.policy_citations);
    entry.finish();
  }
  for (std::size_t g = 0; g < groups.size(); ++g) {
    if (named[g]) continue;
    throw InputError::at(written->where, demand.path_of(key), "client group " + groups[g] + " has no " + missing);
  }
  return read_from;
}

// Need may grow only as far as can happen: nobody starts long-term care more
// than once a year. The model's highest rate of starting (its oldest ages)
// grown by the highest growth the scenario allows over the whole horizon
// must stay within that, or the run would count more clients than people.
void check_need_growth_possible(const std::vector<const ConfigNode*>& read_from, const std::string& key_path,
                                const CareModel& care, const Scenario& scenario, const std::vector<double>& need_growth) {
  const double onward = (1.0 - care.no_further_need_share) * care.long_term_share_of_further_need;
  for (std::size_t g = 0; g < read_from.size(); ++g) {
    if (!read_from[g]) continue;
    const ConfigNode& node = *read_from[g];
    const double highest_growth = node.varying ? node.varying->highest : need_growth[g];
    const std::vector<double>& rates = care.request_rate[g];
    if (rates.empty()) continue;
    const auto oldest = std::max_element(rates.begin(), rates.end());
    const double starts = *oldest * care.short_term_share * onward;
    if (starts <= 0.0 || starts * std::pow(1.0 + highest_growth, scenario.horizon) <= 1.0) continue;
    const double possible = std::pow(1.0 / starts, 1.0 / scenario.horizon) - 1.0;
    const int age = care.adult_age + static_cast<int>(oldest - rates.begin());
    throw InputError::at(node.where, key_path,
                         "at a yearly growth of up to " + shortest_text(highest_growth) + ", by " +
                             fmt::format("{}/{:02}", scenario.end_year(), (scenario.end_year() + 1) % 100) + " more " + care.client_groups[g].id + " aged " +
                             std::to_string(age) + " would start long-term care each year than there are people of that age; " +
                             "nobody starts more than once a year, so over " + std::to_string(scenario.horizon) +
                             " years the growth can be at most " +
                             fmt::format("{:.3f}", possible));
  }
}

// `rate_factors:` a list of `{name, multiplies, client_group (optional: an
// id or a list), setting (optional; for entry_share, required), value,
// source}`: multipliers of the model's rates, each number drawn from a
// distribution per replicate.
void read_rate_factors(ConfigReader& demand, const CareModel& care, ScenarioInputs& inputs, AssumptionBindings& bindings) {
  if (!demand.optional_node("rate_factors")) return;
  std::vector<std::string> effects;
  for (const RateEffect effect : rate_effects) effects.emplace_back(rate_effect_name(effect));
  for (ConfigReader& entry : demand.map_list("rate_factors")) {
    entry.text("name");
    RateFactor factor;
    const std::string multiplies = entry.choice("multiplies", effects);
    factor.effect = rate_effects[static_cast<std::size_t>(std::find(effects.begin(), effects.end(), multiplies) - effects.begin())];
    factor.client_groups = read_client_groups(entry, care);
    if (entry.optional_node("setting")) factor.setting = care.setting_index(entry.choice("setting", care.setting_ids()));
    if (factor.effect == RateEffect::entry_share && factor.setting < 0) {
      throw entry.error("setting", "an entry_share factor names the setting whose share it multiplies");
    }
    for (const char* key : {"client_group", "setting"}) {
      if (acts_on_everyone(factor.effect) && entry.optional_node(key)) {
        throw entry.error(key, "a " + multiplies + " factor acts on the whole model; it takes no " + key);
      }
    }
    const std::size_t k = inputs.rate_factors.size();
    factor.factor = bindings.number(entry, "value", Bounds::between(1e-6, 1e6, "a multiplier"),
                                    [k](ScenarioInputs& changed) -> double& { return changed.rate_factors[k].factor; });
    read_justification(entry, entry.path(), entry.required_node("value").written(), inputs.policy_citations);
    entry.finish();
    inputs.rate_factors.push_back(factor);
  }
}

}  // namespace

void read_policy(ConfigReader& top, const Model& model, const Scenario& scenario, ScenarioInputs& inputs,
                 AssumptionBindings& bindings) {
  const CareModel& care = model.care;
  const auto settings = care.setting_ids();
  const auto groups = care.client_group_ids();

  inputs.need_growth.assign(groups.size(), 0.0);
  inputs.need_drift.assign(groups.size(), 0.0);
  if (auto demand = top.optional_map("demand")) {
    const std::vector<const ConfigNode*> growth_read_from = read_by_client_group(
        *demand, "need_growth", Bounds::between(-0.5, 1.0, "a yearly growth"), &ScenarioInputs::need_growth,
        "growth: name every client group once (value 0 for need that grows with demography alone)", care, inputs, bindings);
    check_need_growth_possible(growth_read_from, demand->path_of("need_growth"), care, scenario, inputs.need_growth);
    read_by_client_group(*demand, "need_drift", Bounds::between(0.0, 0.5, "a standard deviation of need's yearly change"),
                         &ScenarioInputs::need_drift, "drift: name every client group once (value 0 for none)", care, inputs,
                         bindings);
    read_rate_factors(*demand, care, inputs, bindings);
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
