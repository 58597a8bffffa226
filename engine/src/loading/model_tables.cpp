#include "carecast/loading/model_tables.h"

#include <algorithm>

namespace carecast {
namespace {

const std::vector<std::string> justification_keys = {"source", "assumption", "derived"};

}  // namespace

double read_sourced_number(ConfigReader& parent, std::string_view key, const Bounds& bounds,
                           std::vector<ModelCitation>& citations) {
  return read_sourced(parent, key, bounds, citations).value;
}

SourcedNumber read_sourced(ConfigReader& parent, std::string_view key, const Bounds& bounds,
                           std::vector<ModelCitation>& citations) {
  const ConfigNode& node = parent.required_node(key);
  if (!node.is_map()) {
    const double value = to_number(node, parent.path_of(key), bounds);
    citations.push_back({parent.path_of(key), node.written(), "", "", node.where});
    return {value, node};
  }
  ConfigReader entry(node, parent.path_of(key));
  const ConfigNode& value_node = entry.required_node("value");
  const double value = to_number(value_node, entry.path_of("value"), bounds);
  ModelCitation citation{parent.path_of(key), value_node.written(), "", "", value_node.where};
  for (const auto& basis : justification_keys) {
    if (const ConfigNode* text = entry.optional_node(basis)) {
      if (!citation.basis.empty()) throw entry.error(basis, "give one of source, assumption or derived, not several");
      citation.basis = basis;
      citation.text = to_text(*text, entry.path_of(basis));
    }
  }
  if (citation.basis.empty()) throw entry.error("", "say where the value comes from: add source, assumption or derived");
  entry.finish();
  citations.push_back(citation);
  return {value, value_node};
}

void read_justification(ConfigReader& reader, const std::string& what, const std::string& value,
                        std::vector<ModelCitation>& citations) {
  ModelCitation citation{what, value, "", "", reader.node().where};
  for (const auto& basis : justification_keys) {
    if (const ConfigNode* text = reader.optional_node(basis)) {
      if (!citation.basis.empty()) throw reader.error(basis, "give one of source, assumption or derived, not several");
      citation.basis = basis;
      citation.text = to_text(*text, reader.path_of(basis));
    }
  }
  if (citation.basis.empty()) throw reader.error("", "say where these figures come from: add source, assumption or derived");
  citations.push_back(citation);
}

CsvTable read_table_reference(ConfigReader& parent, std::string_view key, const std::filesystem::path& directory,
                              const std::string& display_directory, std::vector<ModelCitation>& citations) {
  ConfigReader reference = parent.map(key);
  const std::string file = reference.text("file");
  const std::string source = reference.text_or("source", "");
  reference.finish();
  if (!source.empty()) citations.push_back({reference.path(), file, "source", source, reference.node().where});
  return CsvTable::read(directory / file, (std::filesystem::path(display_directory) / file).lexically_normal().string());
}

std::pair<int, int> read_age_range(const CsvTable& table, const CsvTable::Row& row, int adult_age, int oldest_age) {
  const std::size_t min_column = table.column("min_age");
  const std::size_t max_column = table.column("max_age");
  const long min_age = table.integer(row, min_column);
  const long max_age = table.integer(row, max_column);
  if (min_age < adult_age || min_age > oldest_age) {
    throw table.error(row, min_column, "age must be between " + std::to_string(adult_age) + " and " +
                                           std::to_string(oldest_age) + ", got " + std::to_string(min_age));
  }
  if (max_age < min_age || max_age > oldest_age) {
    throw table.error(row, max_column, "age must be between min_age " + std::to_string(min_age) + " and " +
                                           std::to_string(oldest_age) + ", got " + std::to_string(max_age));
  }
  return {static_cast<int>(min_age), static_cast<int>(max_age)};
}

int lookup_name(const CsvTable& table, const CsvTable::Row& row, std::size_t column,
                const std::vector<std::string>& names, std::string_view what) {
  const std::string& text = row.fields[column];
  const auto found = std::find(names.begin(), names.end(), text);
  if (found != names.end()) return static_cast<int>(found - names.begin());
  std::string message = "no " + std::string(what) + " " + quote_input(text) + " in the model";
  if (const std::string hint = closest_match(text, names); !hint.empty()) message += "; did you mean " + quote_input(hint) + "?";
  throw table.error(row, column, message);
}

std::vector<int> read_client_groups(ConfigReader& entry, const CareModel& care) {
  std::vector<int> groups;
  const ConfigNode* written = entry.optional_node("client_group");
  if (!written) return groups;
  if (written->kind != ConfigNode::Kind::sequence) return {care.client_group_index(entry.choice("client_group", care.client_group_ids()))};
  for (const ConfigNode* id : entry.scalar_list("client_group")) {
    const int group = care.client_group_index(id->scalar);
    if (group < 0 || std::find(groups.begin(), groups.end(), group) != groups.end()) {
      throw InputError::at(id->where, entry.path_of("client_group"),
                           group < 0 ? "unknown client group " + quote_input(id->scalar) : "client group " + shortened_input(id->scalar) + " is named twice");
    }
    groups.push_back(group);
  }
  return groups;
}

int lookup_id(const std::vector<std::string>& ids, const ConfigNode& node, const std::string& key_path, std::string_view what) {
  const std::string id = to_text(node, key_path);
  const auto found = std::find(ids.begin(), ids.end(), id);
  if (found != ids.end()) return static_cast<int>(found - ids.begin());
  std::string message = "no " + std::string(what) + " " + quote_input(id) + " in the model";
  if (const std::string hint = closest_match(id, ids); !hint.empty()) message += "; did you mean " + quote_input(hint) + "?";
  throw InputError::at(node.where, key_path, message);
}

void cite_row(const CsvTable& table, const CsvTable::Row& row, const std::string& what, const std::string& value,
              std::vector<ModelCitation>& citations) {
  const std::string& text = row.fields[table.column("source")];
  if (text.empty()) throw table.error(row, table.column("source"), "say where this row comes from (a source, assumption: or derived:)");
  std::string basis = "source";
  for (const char* prefix : {"assumption", "derived"}) {
    if (text.rfind(prefix, 0) == 0) basis = prefix;
  }
  citations.push_back({what, value, basis, text, {table.name(), row.line, 1}});
}

}  // namespace carecast
