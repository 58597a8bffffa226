#include "carecast/calibration/targets.h"

#include <algorithm>

#include "carecast/loading/model_tables.h"
#include "carecast/loading/config_reader.h"
#include "carecast/loading/yaml_document.h"

namespace carecast {
namespace {

TargetQuery read_query(ConfigReader& reader, std::string_view key) {
  const std::string text = reader.text(key);
  try {
    return parse_query(text, reader.path_of(key));
  } catch (const InputError& error) {
    throw reader.error(key, error.what());
  }
}

// The query's terms: its text split at each "+" outside braces (a label
// such as 90+ is inside them), each trimmed of spaces.
std::vector<std::string> terms_of(const std::string& text) {
  std::vector<std::string> terms(1);
  int depth = 0;
  for (const char c : text) {
    depth += c == '{' ? 1 : c == '}' ? -1 : 0;
    if (c == '+' && depth == 0) {
      terms.emplace_back();
    } else {
      terms.back().push_back(c);
    }
  }
  for (std::string& term : terms) {
    term.erase(0, term.find_first_not_of(' '));
    term.erase(term.find_last_not_of(' ') + 1);
  }
  return terms;
}

TargetQuery::Term parse_term(const std::string& text, const std::string& context) {
  TargetQuery::Term term;
  const auto open = text.find('{');
  if (text.empty() || open == std::string::npos || text.back() != '}') {
    throw InputError("expected QUANTITY{dimension: value, ...}, got " + quote_input(text));
  }
  term.quantity = text.substr(0, open);
  while (!term.quantity.empty() && term.quantity.back() == ' ') term.quantity.pop_back();
  if (term.quantity.empty()) throw InputError("the query names no quantity before \"{\"");
  ConfigNode selection;
  try {
    selection = parse_yaml_text("where: " + text.substr(open), context);
  } catch (const InputError&) {
    throw InputError("cannot read the dimensions between the braces of " + quote_input(text));
  }
  const ConfigNode* where = selection.find("where");
  if (!where || !where->is_map()) throw InputError("cannot read the dimensions between the braces of " + quote_input(text));
  for (const ConfigNode& entry : where->entries) {
    TargetQuery::Selection chosen{entry.key, {}};
    if (entry.kind == ConfigNode::Kind::sequence) {
      for (const ConfigNode& item : entry.items) chosen.values.push_back(item.scalar);
    } else {
      chosen.values.push_back(entry.scalar);
    }
    if (chosen.values.empty()) throw InputError("dimension " + entry.key + " selects nothing in " + quote_input(text));
    term.where.push_back(std::move(chosen));
  }
  return term;
}

// `client_group: ID` or `client_group: [ID, ...]`; none for every group.
// One free parameter: `multiplies: EFFECT` a multiplier of the model's
// figures, or `trend: need_growth` a yearly growth of need.
FreeParameter read_parameter(ConfigReader& entry, const Model& model) {
  FreeParameter parameter;
  parameter.where = entry.node().where;
  parameter.name = entry.text("name");
  const bool trend = entry.optional_node("trend") != nullptr;
  if (trend == (entry.optional_node("multiplies") != nullptr)) {
    throw entry.error(trend ? "trend" : "multiplies",
                      "give either multiplies (a multiplier of the model's figures) or trend: need_growth (a yearly growth of need "
                      "beyond demography), not both or neither");
  }
  if (trend) {
    entry.choice("trend", {"need_growth"});
    parameter.trend = true;
  } else {
    std::vector<std::string> names;
    for (const RateEffect effect : rate_effects) names.emplace_back(rate_effect_name(effect));
    const std::string multiplies = entry.choice("multiplies", names);
    parameter.effect = rate_effects[static_cast<std::size_t>(std::find(names.begin(), names.end(), multiplies) - names.begin())];
  }
  parameter.client_groups = read_client_groups(entry, model.care);
  if (entry.optional_node("setting")) {
    if (trend) throw entry.error("setting", "a need trend acts on the requests of every setting; it takes no setting");
    parameter.setting = model.care.setting_index(entry.choice("setting", model.care.setting_ids()));
  }
  const Bounds range = trend ? Bounds::between(-0.5, 1.0, "a yearly growth") : Bounds::between(1e-6, 1e6, "a multiplier");
  parameter.min = entry.number("min", range);
  parameter.max = entry.number("max", range);
  if (!(parameter.min < parameter.max)) throw entry.error("max", "max must be above min");
  parameter.initial = entry.number_or("initial", trend ? 0.0 : 1.0, Bounds::between(parameter.min, parameter.max, "a value within min and max"));
  parameter.reason = entry.text("reason");
  for (const char* key : {"client_group", "setting"}) {
    if (!trend && acts_on_everyone(parameter.effect) && entry.optional_node(key)) {
      throw entry.error(key, "a " + std::string(rate_effect_name(parameter.effect)) + " parameter acts on the whole model; it takes no " +
                                 key);
    }
  }
  if (!trend && parameter.effect == RateEffect::entry_share && parameter.setting < 0) {
    throw entry.error("setting", "an entry_share parameter names the setting whose share it multiplies");
  }
  entry.finish();
  return parameter;
}

bool names_year(const TargetQuery& query, const std::string& year) {
  for (const TargetQuery::Term& term : query.terms) {
    for (const auto& chosen : term.where) {
      if (chosen.dimension == "year" && std::find(chosen.values.begin(), chosen.values.end(), year) != chosen.values.end()) return true;
    }
  }
  return false;
}

// `targets_from: {file: F, quantities: [...], skip_years: [...]}`: the
// targets of another targets file (named relative to this one) whose query
// sums only those quantities (any, without the list) and whose query and
// per name none of those years. Its parameters are not taken.
std::vector<PublishedTarget> targets_taken_from(ConfigReader& from, const std::filesystem::path& path, const std::string& display_name,
                                                const Model& model) {
  const std::string named = from.text("file");
  std::vector<std::string> quantities;
  for (const ConfigNode* quantity : from.scalar_list("quantities")) quantities.push_back(to_text(*quantity, from.path_of("quantities")));
  std::vector<std::string> skipped;
  for (const ConfigNode* year : from.scalar_list("skip_years")) {
    skipped.push_back(std::to_string(to_integer(*year, from.path_of("skip_years"), 1000, 9999)));
  }
  from.finish();
  const auto other = path.parent_path() / named;
  const auto other_name = (std::filesystem::path(display_name).parent_path() / named).lexically_normal().string();
  if (read_yaml_file(other, other_name).find("targets_from")) {
    throw from.error("file", other_name + " takes its targets from another file itself; name that one");
  }
  std::vector<PublishedTarget> taken;
  for (PublishedTarget& target : read_targets(other, other_name, model).targets) {
    const bool wanted = quantities.empty() || std::all_of(target.query.terms.begin(), target.query.terms.end(), [&](const auto& term) {
      return std::find(quantities.begin(), quantities.end(), term.quantity) != quantities.end();
    });
    const bool skip = std::any_of(skipped.begin(), skipped.end(), [&](const std::string& year) {
      return names_year(target.query, year) || (target.per && names_year(*target.per, year));
    });
    if (wanted && !skip) taken.push_back(std::move(target));
  }
  return taken;
}

}  // namespace

TargetQuery parse_query(const std::string& text, const std::string& context) {
  TargetQuery query;
  query.text = text;
  for (const std::string& term : terms_of(text)) query.terms.push_back(parse_term(term, context));
  return query;
}

int latest_year(const TargetQuery& query) {
  int latest = 0;
  for (const TargetQuery::Term& term : query.terms) {
    for (const auto& chosen : term.where) {
      if (chosen.dimension != "year") continue;
      for (const std::string& year : chosen.values) {
        try {
          latest = std::max(latest, std::stoi(year));
        } catch (const std::exception&) {
          // Not a number: resolving the query reports it.
        }
      }
    }
  }
  return latest;
}

TargetsFile read_targets(const std::filesystem::path& path, const std::string& display_name, const Model& model) {
  const ConfigNode tree = read_yaml_file(path, display_name);
  ConfigReader top(tree, "");
  TargetsFile file;
  file.display_name = display_name;
  file.title = top.text_or("title", "Calibration targets");
  if (auto from = top.optional_map("targets_from")) file.targets = targets_taken_from(*from, path, display_name, model);
  for (ConfigReader& entry : top.map_list("targets")) {
    PublishedTarget target;
    target.where = entry.node().where;
    target.name = entry.text("name");
    target.query = read_query(entry, "query");
    if (entry.optional_node("per")) target.per = read_query(entry, "per");
    target.scale = entry.number_or("scale", 1.0, Bounds::between(1e-12, 1e12, "a scale"));
    target.published = entry.number("value", Bounds::non_negative("a published figure"));
    target.value_scale = entry.number_or("value_scale", 1.0, Bounds::between(1e-12, 1e12, "a scale"));
    target.value = target.published * target.value_scale;
    target.tolerance = entry.number("tolerance", Bounds::between(1e-9, 10.0, "a relative tolerance"));
    target.weight = entry.number_or("weight", 1.0, Bounds::non_negative("a weight"));
    target.source = entry.text("source");
    target.note = entry.text_or("note", "");
    target.derived = entry.text_or("derived", "");
    entry.finish();
    file.targets.push_back(std::move(target));
  }
  std::vector<bool> trend_freed(model.care.client_groups.size(), false);
  for (ConfigReader& entry : top.map_list("parameters")) {
    FreeParameter parameter = read_parameter(entry, model);
    for (std::size_t g = 0; g < trend_freed.size() && parameter.is_trend(); ++g) {
      if (!parameter.applies_to_group(static_cast<int>(g))) continue;
      if (trend_freed[g]) {
        throw entry.error("client_group", "the need trend of client group " + model.care.client_groups[g].id + " is already freed by another parameter");
      }
      trend_freed[g] = true;
    }
    file.parameters.push_back(std::move(parameter));
  }
  top.finish();
  if (file.targets.empty()) throw top.error("targets", "the file lists no targets, or its targets_from selects none");
  return file;
}

RateFactor FreeParameter::rate_factor(double value) const { return {effect, client_groups, setting, value}; }

}  // namespace carecast
