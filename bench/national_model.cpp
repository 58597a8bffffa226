#include "national_model.h"

#include <fmt/core.h>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "carecast/core/csv_text.h"
#include "carecast/core/error.h"
#include "carecast/loading/csv.h"

namespace carecast::bench {
namespace {

namespace fs = std::filesystem;

// The Worcestershire model's adult age (model.yaml, population.adult_age).
constexpr int adult_age = 18;

struct Copy {
  std::string code;
  std::string name;
  std::string source_name;
  int number = 0;  // which copy of its source district, from 1
};

void write_row(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) out << (i ? "," : "") << csv_field(fields[i]);
  out << "\n";
}

std::string scaled(const std::string& count, double factor) { return fmt::format("{:.3f}", std::stod(count) * factor); }

// Writes `table` to `path` with, for each copy, every row whose `district`
// columns name the copy's source district (rows naming another district
// too are those copies' rows), renamed, and its `count` columns scaled.
// Rows naming no district (e.g. `out_of_county`) in a district column keep
// that value.
void write_copied(const CsvTable& table, const fs::path& path, const std::vector<Copy>& copies,
                  const std::vector<std::string>& district_columns, const std::vector<std::string>& count_columns,
                  double factor) {
  std::ofstream out(path);
  write_row(out, table.header());
  std::vector<std::size_t> districts, counts;
  for (const auto& name : district_columns) districts.push_back(table.column(name));
  for (const auto& name : count_columns) counts.push_back(table.column(name));
  // The copy of each source district with a given copy number.
  std::map<std::pair<std::string, int>, std::string> renamed;
  for (const Copy& copy : copies) renamed[{copy.source_name, copy.number}] = copy.name;
  for (const Copy& copy : copies) {
    for (const auto& row : table.rows()) {
      if (row.fields[districts[0]] != copy.source_name) continue;
      std::vector<std::string> fields = row.fields;
      for (const std::size_t column : districts) {
        if (const auto found = renamed.find({fields[column], copy.number}); found != renamed.end()) {
          fields[column] = found->second;
        }
      }
      for (const std::size_t column : counts) fields[column] = scaled(fields[column], factor);
      write_row(out, fields);
    }
  }
  if (!out) throw WriteError::from_errno(path, "write");
}

// The population tables: area_code and area_name renamed per copy, counts
// scaled.
void write_population(const CsvTable& table, const fs::path& path, const std::vector<Copy>& copies,
                      const std::map<std::string, std::string>& code_of_name, double factor) {
  std::ofstream out(path);
  write_row(out, table.header());
  const std::size_t code = table.column("area_code");
  const std::size_t name = table.column("area_name");
  const std::size_t count = table.column("count");
  for (const Copy& copy : copies) {
    const std::string& source_code = code_of_name.at(copy.source_name);
    for (const auto& row : table.rows()) {
      if (row.fields[code] != source_code) continue;
      std::vector<std::string> fields = row.fields;
      fields[code] = copy.code;
      fields[name] = copy.name;
      fields[count] = scaled(fields[count], factor);
      write_row(out, fields);
    }
  }
  if (!out) throw WriteError::from_errno(path, "write");
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) throw InternalError(path.string() + ": could not be read");
  return text.str();
}

}  // namespace

NationalModel write_national_model(const fs::path& source, const fs::path& baseline, const fs::path& folder,
                                   const NationalSpec& spec) {
  const fs::path target = folder / "models" / "national";
  fs::create_directories(target);
  fs::copy(source / "data", target / "data", fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  // The files model.yaml names beside it: the backtest's record and the published figures.
  for (const char* beside : {"backtest.yaml", "targets.yaml"}) {
    if (fs::exists(source / beside)) fs::copy_file(source / beside, target / beside, fs::copy_options::overwrite_existing);
  }

  // model.yaml: the districts block replaced, everything else (rates,
  // settings, data file names) kept as written.
  std::string yaml = read_text(source / "model.yaml");
  const std::size_t block = yaml.find("\ndistricts:\n");
  const std::size_t after = yaml.find("\n\n", block + 1);
  if (block == std::string::npos || after == std::string::npos || yaml.find("\nname: worcestershire\n") == std::string::npos) {
    throw InternalError((source / "model.yaml").string() + ": not laid out as the generator expects");
  }
  const CsvTable base = CsvTable::read(source / "data" / "population_base.csv", "population_base.csv");
  std::vector<std::string> source_names;
  std::map<std::string, std::string> code_of_name;
  std::map<std::string, double> adults_of_code;
  for (const auto& row : base.rows()) {
    const std::string& code = row.fields[base.column("area_code")];
    const std::string& name = row.fields[base.column("area_name")];
    if (!code_of_name.count(name)) source_names.push_back(name);
    code_of_name[name] = code;
    // Ages are whole numbers, the open top group "90+".
    if (std::stoi(row.fields[base.column("age")]) >= adult_age) adults_of_code[code] += base.number(row, base.column("count"));
  }
  std::vector<Copy> copies;
  double source_adults = 0.0;
  std::string districts = "\ndistricts:\n  # Synthetic: copies of Worcestershire's districts (bench/national_model.h).\n";
  for (int i = 0; i < spec.districts; ++i) {
    const std::string& source_name = source_names[static_cast<std::size_t>(i) % source_names.size()];
    Copy copy{fmt::format("X{:08d}", i + 1), "", source_name, i / static_cast<int>(source_names.size()) + 1};
    copy.name = fmt::format("{} {}", source_name, copy.number);
    source_adults += adults_of_code.at(code_of_name.at(source_name));
    districts += fmt::format("  - {{code: {}, name: {}}}\n", copy.code, copy.name);
    copies.push_back(copy);
  }
  const double factor = spec.adults / source_adults;
  yaml.replace(block, after - block, districts.substr(0, districts.size() - 1));
  yaml.replace(yaml.find("\nname: worcestershire\n"), 22, "\nname: national\n");
  std::ofstream(target / "model.yaml") << yaml;

  write_population(base, target / "data" / "population_base.csv", copies, code_of_name, factor);
  write_population(CsvTable::read(source / "data" / "population_projection.csv", "population_projection.csv"),
                   target / "data" / "population_projection.csv", copies, code_of_name, factor);
  const fs::path care = source / "data" / "care";
  write_copied(CsvTable::read(care / "caseload.csv", "caseload.csv"), target / "data" / "care" / "caseload.csv", copies,
               {"home_district", "location"}, {"count"}, factor);
  write_copied(CsvTable::read(care / "capacity.csv", "capacity.csv"), target / "data" / "care" / "capacity.csv", copies,
               {"district"}, {"capacity"}, factor);
  write_copied(CsvTable::read(care / "district_need.csv", "district_need.csv"), target / "data" / "care" / "district_need.csv",
               copies, {"district"}, {}, factor);
  write_copied(CsvTable::read(care / "neighbours.csv", "neighbours.csv"), target / "data" / "care" / "neighbours.csv", copies,
               {"district", "neighbour"}, {}, factor);

  NationalModel made{folder / "models", folder / "national.yaml", factor * source_adults};
  std::ofstream(made.scenario) << "# The county baseline on the synthetic national model (bench/national_model.h).\n"
                               << "extends: " << baseline.string() << "\nmodel: national\ntitle: National benchmark\n"
                               << "# Worcestershire's budget against England's caseload: what the model does not explain\n"
                               << "# of it is reported, not carried, or it would take most of the spend away.\n"
                               << "money:\n  unreconciled: report\n";
  return made;
}

}  // namespace carecast::bench
