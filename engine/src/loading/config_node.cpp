#include "carecast/loading/config_node.h"

#include <algorithm>

namespace carecast {

const ConfigNode* ConfigNode::find(std::string_view key) const {
  for (const auto& entry : entries) {
    if (entry.key == key) return &entry;
  }
  return nullptr;
}

std::string_view ConfigNode::kind_name() const {
  switch (kind) {
    case Kind::null: return "nothing";
    case Kind::scalar: return "a value";
    case Kind::sequence: return "a list";
    case Kind::map: return "a map";
  }
  return "?";
}

std::string ConfigNode::describe() const {
  if (kind == Kind::scalar) return quote_input(scalar);
  return std::string(kind_name());
}

ConfigNode merge_config(const ConfigNode& base, const ConfigNode& over) {
  if (base.kind != ConfigNode::Kind::map || over.kind != ConfigNode::Kind::map) return over;
  // A distribution replaces what it overrides whole: its parameters belong together.
  if (over.find("distribution")) return over;
  ConfigNode merged = base;
  for (const auto& entry : over.entries) {
    auto existing = std::find_if(merged.entries.begin(), merged.entries.end(),
                                 [&](const ConfigNode& mine) { return mine.key == entry.key; });
    if (existing == merged.entries.end()) {
      merged.entries.push_back(entry);
    } else {
      const std::string key = existing->key;
      *existing = merge_config(*existing, entry);
      existing->key = key;
    }
  }
  return merged;
}

bool erase_key(ConfigNode& map, std::string_view key) {
  auto found = std::find_if(map.entries.begin(), map.entries.end(),
                            [&](const ConfigNode& entry) { return entry.key == key; });
  if (found == map.entries.end()) return false;
  map.entries.erase(found);
  return true;
}

}  // namespace carecast
