#include "carecast/loading/yaml_document.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

namespace carecast {
namespace {

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
  if (mark.is_null()) return {file, 0, 0};
  return {file, mark.line + 1, mark.column + 1};
}

// YAML forbids tabs for indentation; yaml-cpp's own message for them is
// cryptic, and people editing by hand in a plain editor hit this first.
void reject_tab_indentation(const std::string& text, const std::string& file) {
  int line = 1;
  bool at_line_start = true;
  int column = 1;
  for (char c : text) {
    if (c == '\n') {
      ++line;
      column = 1;
      at_line_start = true;
      continue;
    }
    if (at_line_start && c == '\t') {
      throw InputError::at({file, line, column}, "",
                           "tab character in indentation; indent YAML with spaces");
    }
    if (c != ' ') at_line_start = false;
    ++column;
  }
}

ConfigNode convert(const YAML::Node& node, const std::string& file) {
  ConfigNode result;
  result.where = location_of(node.Mark(), file);
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null:
      result.kind = ConfigNode::Kind::null;
      break;
    case YAML::NodeType::Scalar:
      result.kind = ConfigNode::Kind::scalar;
      result.scalar = node.Scalar();
      result.quoted = node.Tag() == "!";
      break;
    case YAML::NodeType::Sequence:
      result.kind = ConfigNode::Kind::sequence;
      for (const auto& item : node) result.items.push_back(convert(item, file));
      break;
    case YAML::NodeType::Map:
      result.kind = ConfigNode::Kind::map;
      for (const auto& entry : node) {
        const SourceLocation key_where = location_of(entry.first.Mark(), file);
        if (!entry.first.IsScalar()) {
          throw InputError::at(key_where, "", "a key must be a plain name, not a list or map");
        }
        const std::string key = entry.first.Scalar();
        if (const ConfigNode* earlier = result.find(key)) {
          throw InputError::at(key_where, key,
                               "duplicate key (first given at line " +
                                   std::to_string(earlier->key_where.line) + ")");
        }
        ConfigNode value = convert(entry.second, file);
        value.key_where = key_where;
        // An empty value has no position of its own; point at its key.
        if (value.kind == ConfigNode::Kind::null || value.where.line == 0) value.where = key_where;
        value.key = key;
        result.entries.push_back(std::move(value));
      }
      break;
  }
  return result;
}

void emit(YAML::Emitter& out, const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::null:
      out << YAML::Null;
      break;
    case ConfigNode::Kind::scalar:
      if (node.quoted) out << YAML::DoubleQuoted;
      out << node.scalar;
      break;
    case ConfigNode::Kind::sequence:
      out << YAML::BeginSeq;
      for (const auto& item : node.items) emit(out, item);
      out << YAML::EndSeq;
      break;
    case ConfigNode::Kind::map:
      out << YAML::BeginMap;
      for (const auto& entry : node.entries) {
        out << YAML::Key << entry.key << YAML::Value;
        emit(out, entry);
      }
      out << YAML::EndMap;
      break;
  }
}

}  // namespace

ConfigNode parse_yaml_text(const std::string& text, const std::string& display_name) {
  reject_tab_indentation(text, display_name);
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& error) {
    throw InputError::at(location_of(error.mark, display_name), "",
                         "not valid YAML: " + error.msg);
  }
  if (!root.IsMap()) {
    throw InputError::at({display_name, 0, 0}, "",
                         root.IsNull() ? "the file is empty; expected a map of settings"
                                       : "expected a map of settings at the top level");
  }
  ConfigNode tree = convert(root, display_name);
  tree.where = {display_name, 1, 1};
  return tree;
}

ConfigNode read_yaml_file(const std::filesystem::path& path, const std::string& display_name) {
  std::error_code status;
  if (!std::filesystem::is_regular_file(path, status)) {
    throw InputError::at({display_name, 0, 0}, "",
                         std::filesystem::exists(path, status) ? "not a regular file"
                                                               : "no such file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError::at({display_name, 0, 0}, "", "cannot be opened for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError::at({display_name, 0, 0}, "", "could not be read");
  return parse_yaml_text(text.str(), display_name);
}

std::string emit_yaml(const ConfigNode& node) {
  YAML::Emitter out;
  out.SetIndent(2);
  emit(out, node);
  return std::string(out.c_str()) + "\n";
}

}  // namespace carecast
