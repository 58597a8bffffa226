#pragma once
// A model figure with the words that justify it, for the briefing's table of
// assumptions: `source` cites a document and line, or `assumption` gives the
// reasoning, or `derived` the arithmetic.

#include <string>

#include "carecast/core/error.h"

namespace carecast {

struct ModelCitation {
  std::string what;  // the key path or table, e.g. care.front_door.short_term_share
  std::string value;  // as written
  std::string basis;  // "source", "assumption" or "derived"
  std::string text;
  SourceLocation where;  // of the value, or of the map that carries the justification
};

}  // namespace carecast
