#include "carecast/loading/yaml_document.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "carecast/loading/input_limits.h"

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

// Walks the parser's events before yaml-cpp builds its tree, counting what
// the document holds once every alias is expanded (as convert() will expand
// it), so an alias bomb or an overlong value is refused at its line before
// anything large is allocated.
class ExpansionCounter : public YAML::EventHandler {
 public:
  explicit ExpansionCounter(const std::string& file) : file_(file) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override { add_leaf(mark, anchor, {1, 0}); }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    // An alias inside the very list or map its anchor names would make the
    // tree contain itself, endlessly.
    for (const auto& level : levels_) {
      if (level.anchor != 0 && level.anchor == anchor) refuse(mark, "an alias inside the value its anchor names (a cycle)");
    }
    add_leaf(mark, 0, anchor < anchored_.size() ? anchored_[anchor] : Expansion{1, 0});
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    if (value.size() > input_limits::value_bytes) {
      refuse(mark, "a value of " + std::to_string(value.size()) + " characters, more than the " +
                       std::to_string(input_limits::value_bytes) + " allowed");
    }
    note_key(value);
    add_leaf(mark, anchor, {1, value.size()});
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, false);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, YAML::EmitterStyle::value) override {
    open(mark, anchor, true);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Expansion {
    std::size_t values = 0;
    std::size_t bytes = 0;
  };
  struct Level {
    YAML::anchor_t anchor = 0;
    bool is_map = false;
    bool next_is_key = true;
    std::string key;  // in a map, the key whose value is being read
    std::size_t items = 0;  // in a list, how many items so far
    Expansion inside;
  };

  void note_key(const std::string& value) {
    if (!levels_.empty() && levels_.back().is_map && levels_.back().next_is_key) levels_.back().key = value;
  }

  void open(const YAML::Mark& mark, YAML::anchor_t anchor, bool is_map) {
    if (static_cast<int>(levels_.size()) >= input_limits::yaml_depth) {
      refuse(mark, "maps and lists nested more than " + std::to_string(input_limits::yaml_depth) + " deep");
    }
    count(mark, {1, 0});
    levels_.push_back({anchor, is_map, true, "", 0, {1, 0}});
  }

  // The map or list is already counted, value by value, in the total.
  void close() {
    const Level level = levels_.back();
    levels_.pop_back();
    remember(level.anchor, level.inside);
    add_to_enclosing(level.inside);
  }

  void add_leaf(const YAML::Mark& mark, YAML::anchor_t anchor, Expansion expansion) {
    count(mark, expansion);
    remember(anchor, expansion);
    add_to_enclosing(expansion);
  }

  void remember(YAML::anchor_t anchor, Expansion expansion) {
    if (anchor == 0) return;
    if (anchored_.size() <= anchor) anchored_.resize(anchor + 1);
    anchored_[anchor] = expansion;
  }

  void add_to_enclosing(Expansion expansion) {
    if (levels_.empty()) return;
    Level& level = levels_.back();
    level.inside.values += expansion.values;
    level.inside.bytes += expansion.bytes;
    if (level.is_map) level.next_is_key = !level.next_is_key;
    if (!level.is_map) ++level.items;
  }

  void count(const YAML::Mark& mark, Expansion expansion) {
    total_.values += expansion.values;
    total_.bytes += expansion.bytes;
    if (total_.values > input_limits::yaml_values) {
      refuse(mark, "the document expands to more than " + std::to_string(input_limits::yaml_values) +
                       " values (aliases that repeat values?)");
    }
    if (total_.bytes > input_limits::yaml_expanded_bytes) {
      refuse(mark, "the document expands to more than " + std::to_string(input_limits::yaml_expanded_bytes >> 20) +
                       " MB of text (aliases that repeat long values?)");
    }
  }

  std::string key_path() const {
    std::string path;
    for (const Level& level : levels_) {
      if (level.is_map && !level.next_is_key) {
        path += (path.empty() ? "" : ".") + level.key;
      } else if (!level.is_map) {
        path += "[" + std::to_string(level.items) + "]";
      }
    }
    return path;
  }

  [[noreturn]] void refuse(const YAML::Mark& mark, const std::string& what) const {
    throw InputError::at(location_of(mark, file_), key_path(), what);
  }

  const std::string& file_;
  std::vector<Level> levels_;
  std::vector<Expansion> anchored_;
  Expansion total_;
};

void count_expansion(const std::string& text, const std::string& file) {
  std::istringstream in(text);
  YAML::Parser parser(in);
  ExpansionCounter counter(file);
  parser.HandleNextDocument(counter);
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
    count_expansion(text, display_name);
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
  if (std::filesystem::file_size(path, status) > input_limits::yaml_file_bytes) {
    throw InputError::at({display_name, 0, 0}, "",
                         "larger than the " + std::to_string(input_limits::yaml_file_bytes >> 20) +
                             " MB a settings file may be");
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
