#pragma once
// Reading helpers shared by the model's loaders: numbers that carry their
// source, references to data tables, and age ranges in tables.

#include <filesystem>
#include <string>
#include <vector>

#include "carecast/loading/config_reader.h"
#include "carecast/loading/csv.h"
#include "carecast/model/care_model.h"
#include "carecast/model/citation.h"

namespace carecast {

// A number written plainly or as {value: X, source|assumption|derived: "..."};
// the justification is appended to `citations` under the key's path.
double read_sourced_number(ConfigReader& parent, std::string_view key, const Bounds& bounds,
                           std::vector<ModelCitation>& citations);

// The same number with the node that holds it (the key's own, or its
// `value:`), for readers that need to know whether it is drawn from a
// distribution.
struct SourcedNumber {
  double value;
  const ConfigNode& node;
};
SourcedNumber read_sourced(ConfigReader& parent, std::string_view key, const Bounds& bounds,
                           std::vector<ModelCitation>& citations);

// Records the one justification a map carries (source, assumption or
// derived); a map of figures must say where they come from.
void read_justification(ConfigReader& reader, const std::string& what, const std::string& value,
                        std::vector<ModelCitation>& citations);

// A `{file: ..., source: ...}` reference to a CSV table in the model folder,
// read and returned; the source (optional for tables whose rows cite their
// own) is recorded.
CsvTable read_table_reference(ConfigReader& parent, std::string_view key, const std::filesystem::path& directory,
                              const std::string& display_directory, std::vector<ModelCitation>& citations);

// min_age and max_age of a row, checked to lie in adult_age..oldest_age.
std::pair<int, int> read_age_range(const CsvTable& table, const CsvTable::Row& row, int adult_age, int oldest_age);

// The index of `name` in `names`, or an error at the row naming what was
// expected ("district", "setting") with a suggestion.
int lookup_name(const CsvTable& table, const CsvTable::Row& row, std::size_t column,
                const std::vector<std::string>& names, std::string_view what);

// The index of a YAML value in `ids`, or an error at it naming what was
// expected, with a suggestion.
int lookup_id(const std::vector<std::string>& ids, const ConfigNode& node, const std::string& key_path, std::string_view what);

// An entry's optional `client_group`: one id or a list of them, each named
// once, as indices of the model's client groups; empty when not given (every
// group).
std::vector<int> read_client_groups(ConfigReader& entry, const CareModel& care);

// Records a table row's `source` column as a citation (when the table has one).
void cite_row(const CsvTable& table, const CsvTable::Row& row, const std::string& what, const std::string& value,
              std::vector<ModelCitation>& citations);

}  // namespace carecast
