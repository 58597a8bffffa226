#include "carecast/loading/config_node.h"

#include <algorithm>

namespace carecast {

const ConfigNode* ConfigNode::find(std::string_view key) const {
  for (const auto& [name, value] : entries) {
    if (name == key) return &value;
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
  if (kind == Kind::scalar) {
    constexpr std::size_t longest = 40;
    std::string text = scalar.size() > longest ? scalar.substr(0, longest) + "..." : scalar;
    return "\"" + text + "\"";
  }
  return std::string(kind_name());
}

ConfigNode merge_config(const ConfigNode& base, const ConfigNode& over) {
  if (base.kind != ConfigNode::Kind::map || over.kind != ConfigNode::Kind::map) return over;
  ConfigNode merged = base;
  for (const auto& [key, value] : over.entries) {
    auto existing = std::find_if(merged.entries.begin(), merged.entries.end(),
                                 [&](const auto& entry) { return entry.first == key; });
    if (existing == merged.entries.end()) {
      merged.entries.emplace_back(key, value);
    } else {
      existing->second = merge_config(existing->second, value);
    }
  }
  return merged;
}

bool erase_key(ConfigNode& map, std::string_view key) {
  auto found = std::find_if(map.entries.begin(), map.entries.end(),
                            [&](const auto& entry) { return entry.first == key; });
  if (found == map.entries.end()) return false;
  map.entries.erase(found);
  return true;
}

}  // namespace carecast
