#include "carecast/report/csv_export.h"

#include <fmt/core.h>

#include "carecast/report/assumptions.h"

namespace carecast::report {
namespace {

constexpr std::string_view end_of_row = "\r\n";

void write_row(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t k = 0; k < fields.size(); ++k) out << (k ? "," : "") << fields[k];
  out << end_of_row;
}

}  // namespace


void write_tidy_csv(std::ostream& out, const LabelledArray& array) {
  const std::vector<Axis>& axes = array.axes();
  const bool by_statistic = !axes.empty() && axes.front().name == "statistic";
  const std::size_t first_dimension = by_statistic ? 1 : 0;
  const std::size_t columns = by_statistic ? axes.front().size() : 1;
  const std::size_t rows = columns == 0 ? 0 : array.values().size() / columns;

  std::vector<std::string> header;
  for (std::size_t k = first_dimension; k < axes.size(); ++k) header.push_back(csv_field(axes[k].name));
  if (by_statistic) {
    for (const std::string& label : axes.front().labels) header.push_back(csv_field(label));
  } else {
    header.emplace_back("value");
  }
  header.emplace_back("units");
  write_row(out, header);

  std::vector<std::size_t> index(axes.size() - first_dimension, 0);
  const std::string units = csv_field(array.units());
  for (std::size_t row = 0; row < rows; ++row) {
    std::vector<std::string> fields;
    for (std::size_t k = 0; k < index.size(); ++k) {
      const Axis& axis = axes[first_dimension + k];
      fields.push_back(axis.numeric() ? axis.labels[index[k]] : csv_field(axis.labels[index[k]]));
    }
    for (std::size_t column = 0; column < columns; ++column) {
      fields.push_back(csv_number(array.values()[column * rows + row]));
    }
    fields.push_back(units);
    write_row(out, fields);
    for (std::size_t k = index.size(); k-- > 0;) {  // the last dimension varies fastest
      if (++index[k] < axes[first_dimension + k].size()) break;
      index[k] = 0;
    }
  }
}

std::vector<CsvFile> csv_files(const RunReader& run, bool replicates) {
  std::vector<CsvFile> files;
  const std::vector<std::string> quantities = run.quantities("/summary");
  for (const std::string& quantity : quantities) files.push_back({quantity + ".csv", CsvFile::Kind::summary, quantity});
  files.push_back({"scenario.csv", CsvFile::Kind::scenario, ""});
  if (run.exists("/analysis")) {
    for (const std::string& name : run.quantities("/analysis")) {
      files.push_back({"analysis_" + name + ".csv", CsvFile::Kind::analysis, name});
    }
  }
  if (replicates) {
    for (const std::string& quantity : quantities) {
      if (run.exists("/replicates/" + quantity)) {
        files.push_back({"replicates/" + quantity + ".csv", CsvFile::Kind::replicates, quantity});
      }
    }
  }
  return files;
}

void write_csv_file(std::ostream& out, const RunReader& run, const CsvFile& file) {
  switch (file.kind) {
    case CsvFile::Kind::summary:
      write_tidy_csv(out, run.summary(file.dataset));
      break;
    case CsvFile::Kind::replicates:
      write_tidy_csv(out, run.replicates(file.dataset));
      break;
    case CsvFile::Kind::analysis:
      write_tidy_csv(out, run.read("/analysis/" + file.dataset));
      break;
    case CsvFile::Kind::scenario: {
      write_row(out, {"key", "value", "basis", "source", "location"});
      for (const AssumptionRow& row : read_assumptions(run).rows) {
        write_row(out, {csv_field(row.key), csv_field(row.value), csv_field(row.basis), csv_field(row.source),
                        csv_field(row.location)});
      }
      break;
    }
  }
}

}  // namespace carecast::report
