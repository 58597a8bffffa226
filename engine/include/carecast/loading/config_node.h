#pragma once
// A parsed configuration document (scenario or model file) that remembers
// where every value was written, so errors can point at file, line and column
// even after `extends:` has merged several files into one tree. YAML itself
// stays behind yaml_document.h; everything else reads ConfigNode.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/core/error.h"

namespace carecast {

// What a scalar that stands for a scenario distribution can be: readers
// check the whole range against what the key allows, and show the
// distribution as it was written.
struct VaryingRange {
  std::string description;  // e.g. "triangular(min 0.015, mode 0.025, max 0.04)"
  double lowest = 0.0;
  double highest = 0.0;
  std::size_t assumption = 0;  // its place among the scenario's uncertain assumptions, in file order
};

struct ConfigNode {
  enum class Kind { null, scalar, sequence, map };

  Kind kind = Kind::null;
  std::string scalar;  // the text of a scalar, exactly as written
  bool quoted = false;  // a quoted scalar is always a string, never a number
  std::vector<ConfigNode> items;  // sequence elements
  std::vector<ConfigNode> entries;  // map entries in file order, each with its key
  std::string key;  // for a map entry: its key
  SourceLocation where;  // where the value starts
  SourceLocation key_where;  // where its key is, when the node is a map value
  std::shared_ptr<const VaryingRange> varying;  // set on a scalar drawn from a distribution


  const ConfigNode* find(std::string_view key) const;
  bool is_map() const { return kind == Kind::map; }
  std::string_view kind_name() const;
  // A short rendering of the value for error messages: `"abc"`, `a list`, ...
  std::string describe() const;
  // The value as the user wrote it: the scalar, or the distribution it is drawn from.
  std::string written() const { return varying ? varying->description : scalar; }
};

// `over` applied on top of `base`: maps merge key by key, recursively; any
// other value in `over`, and a distribution (a map with a `distribution`
// key), replaces the one in `base` whole (lists included).
ConfigNode merge_config(const ConfigNode& base, const ConfigNode& over);

// Removes a top-level key from a map node; returns whether it was there.
bool erase_key(ConfigNode& map, std::string_view key);

}  // namespace carecast
