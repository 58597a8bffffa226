#include "carecast/report/run_labels.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <utility>

#include "carecast/report/finance_format.h"
#include "carecast/report/run_figures.h"

namespace carecast::report {
namespace {

// The root notes that name the labels of a dimension (format 1.5).
constexpr std::pair<const char*, const char*> named_dimensions[] = {
    {"client_group", "/client_group_name"}, {"budget_line", "/budget_line_name"}, {"setting", "/setting_name"}};

std::vector<std::string> split(const std::string& key, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (std::size_t at = key.find(separator); at != std::string::npos; at = key.find(separator, start)) {
    parts.push_back(key.substr(start, at - start));
    start = at + 1;
  }
  parts.push_back(key.substr(start));
  return parts;
}

bool is_year(const std::string& word) {
  return word.size() == 4 && std::all_of(word.begin(), word.end(), [](unsigned char c) { return std::isdigit(c); });
}

std::string lower_first(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

}  // namespace

RunLabels::RunLabels(const RunReader& run) : scenario_yaml_(run.info().scenario_yaml) {
  for (const auto& [dimension, notes] : named_dimensions) {
    if (!run.exists(notes) || !run.exists(std::string("/") + dimension)) continue;
    const Axis ids = run.dimension(dimension);
    const std::vector<std::string> names = run.strings(notes);
    for (std::size_t k = 0; k < ids.size() && k < names.size(); ++k) names_.emplace(ids.labels[k], names[k]);
  }
}

std::string RunLabels::name(const std::string& id) const {
  const auto found = names_.find(id);
  return found == names_.end() ? display_name(id) : found->second;
}

std::string RunLabels::names(const std::vector<std::string>& ids) const {
  std::string joined;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    joined += (k == 0 ? "" : k + 1 == ids.size() ? " and " : ", ") + name(ids[k]);
  }
  return joined;
}

// A listed item of the scenario by its name, or by the names of the ids it
// is for (its setting, client group, district...), or by its place.
std::string RunLabels::item_name(const YAML::Node& item, std::size_t index) const {
  std::string text;
  const auto add = [&](const std::string& part) { text += (text.empty() ? "" : ", ") + part; };
  if (item.IsMap() && item["name"] && item["name"].IsScalar()) return item["name"].Scalar();
  for (const auto& entry : item.IsMap() ? item : YAML::Node()) {
    const bool district = entry.first.Scalar() == "district";
    const auto add_id = [&](const YAML::Node& value) {
      if (value.IsScalar() && (district || names_.count(value.Scalar()))) add(name(value.Scalar()));
    };
    if (entry.second.IsSequence()) {
      for (const auto& element : entry.second) add_id(element);
    } else {
      add_id(entry.second);
    }
  }
  return text.empty() ? "item " + std::to_string(index + 1) : text;
}

std::string RunLabels::assumption_label(const std::string& key) const {
  std::vector<std::string> segments = split(key, '.');
  if (segments.size() > 1 && segments.back() == "value") segments.pop_back();
  // The scenario's section (money, demand, ...) says little once the rest is named.
  const bool sectioned = segments.size() > 1 && segments.front().find('[') == std::string::npos;
  YAML::Node node;
  try {
    node.reset(YAML::Load(scenario_yaml_));
  } catch (const YAML::Exception&) {
    // A scenario text that does not parse still leaves the key's own words.
  }
  std::vector<std::string> phrases;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const std::string& segment = segments[s];
    const std::size_t bracket = segment.find('[');
    const std::string word = segment.substr(0, bracket);
    // reset() rebinds the handle; assigning would overwrite the node it refers to.
    node.reset(node.IsMap() && std::as_const(node)[word] ? std::as_const(node)[word] : YAML::Node());
    if (s == 0 && sectioned) continue;
    if (bracket == std::string::npos) {
      phrases.push_back(names_.count(word) ? name(word)
                        : is_year(word)    ? financial_year(std::stoll(word))
                        : word == "later"  ? "later years"
                                           : lower_first(display_name(word)));
      continue;
    }
    const std::size_t index = static_cast<std::size_t>(std::atoll(segment.c_str() + bracket + 1));
    node.reset(node.IsSequence() && index < node.size() ? std::as_const(node)[index] : YAML::Node());
    phrases.push_back(lower_first(display_name(word)) + ": " + item_name(node, index));
  }
  std::string label;
  for (const std::string& phrase : phrases) label += (label.empty() ? "" : ", ") + phrase;
  if (!label.empty()) label[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(label[0])));
  return label;
}

std::optional<std::vector<std::string>> settings_where(const RunReader& run, const std::string& note,
                                                       const std::string& value) {
  const std::string path = "/" + note;
  if (!run.exists(path)) return std::nullopt;
  const Axis settings = run.dimension("setting");
  const std::vector<std::string> notes = run.strings(path);
  std::vector<std::string> chosen;
  for (std::size_t s = 0; s < settings.size() && s < notes.size(); ++s) {
    if (notes[s] == value) chosen.push_back(settings.labels[s]);
  }
  return chosen;
}

std::optional<std::vector<std::string>> long_term_settings(const RunReader& run) {
  return settings_where(run, "setting_term", "long_term");
}

std::optional<std::vector<std::string>> long_term_care_homes(const RunReader& run) {
  const auto homes = settings_where(run, "setting_kind", "care_home");
  const auto long_term = long_term_settings(run);
  if (!homes || !long_term) return std::nullopt;
  std::vector<std::string> both;
  for (const std::string& id : *homes) {
    if (std::find(long_term->begin(), long_term->end(), id) != long_term->end()) both.push_back(id);
  }
  return both;
}

}  // namespace carecast::report
