#pragma once
// What a model tells its readers about itself beyond its figures: the
// documents its citations name, by the titles people know them by, and what
// the model leaves out, each with the reason (model.yaml `sources:` and
// `not_covered:`, docs/model-format.md). The briefing shows both.

#include <string>

namespace carecast {

// A document cited by its file name, e.g. "003_2f31bcd0cc11b4b0.txt line 298".
struct SourceDocument {
  std::string key;       // short reference shown in brackets, e.g. "003"
  std::string file;      // the file name citations use
  std::string title;     // e.g. "Budget report 2024/25"
  std::string citation;  // where the title comes from
};

// Something a forecast made with the model does not include.
struct ModelOmission {
  std::string what;
  std::string why;  // the reason, with its source or reasoning
};

}  // namespace carecast
