#pragma once
// Words for what a run file names by id: the model's names of settings,
// client groups and budget lines (format 1.5's root notes), the settings a
// figure counts (care homes, long-term care), and a plain label for each
// assumption's dotted key. Files from before the notes fall back to the ids
// written for people (display_name).

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "carecast/report/run_reader.h"

namespace YAML {
class Node;
}

namespace carecast::report {

class RunLabels {
 public:
  explicit RunLabels(const RunReader& run);

  // The model's name for a setting, client group or budget line id; other
  // labels as display_name writes them.
  std::string name(const std::string& id) const;
  // "Residential care and Nursing care": the names of `ids`, joined.
  std::string names(const std::vector<std::string>& ids) const;

  // A plain label for a dotted key of the scenario, from its words, the
  // names of the ids in it and the names of listed items in the scenario:
  // money.income_share.older_people.value -> "Income share, Older People";
  // levers[1].size -> "Home first (levers 1): size".
  std::string assumption_label(const std::string& key) const;

 private:
  std::string item_name(const YAML::Node& item, std::size_t index) const;

  std::map<std::string, std::string> names_;
  std::string scenario_yaml_;
};

// The settings whose root note `note` (setting_kind, setting_term) reads
// `value`, in the file's order; nothing when the file has no such note.
std::optional<std::vector<std::string>> settings_where(const RunReader& run, const std::string& note,
                                                       const std::string& value);

// Long-term care homes: settings of kind care_home counted as long-term.
std::optional<std::vector<std::string>> long_term_care_homes(const RunReader& run);
// Settings counted as long-term care.
std::optional<std::vector<std::string>> long_term_settings(const RunReader& run);

}  // namespace carecast::report
