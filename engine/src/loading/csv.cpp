#include "carecast/loading/csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

#include "carecast/loading/input_limits.h"

namespace carecast {
namespace {

// Splits one record; `line` is for messages. Quoted fields may not span lines
// in the model's tables, so a record is always one line.
std::vector<std::string> split_record(std::string_view text, const std::string& file, int line) {
  std::vector<std::string> fields;
  std::string field;
  bool in_quotes = false;
  bool was_quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_quotes) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        in_quotes = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty() && !was_quoted) {
      in_quotes = true;
      was_quoted = true;
    } else if (c == ',') {
      fields.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else {
      field += c;
    }
  }
  if (in_quotes) throw InputError::at({file, line, 0}, "", "unterminated quoted field");
  fields.push_back(std::move(field));
  for (std::size_t k = 0; k < fields.size(); ++k) {
    if (fields[k].size() > input_limits::value_bytes) {
      throw InputError::at({file, line, 0}, "field " + std::to_string(k + 1),
                           "a value of " + std::to_string(fields[k].size()) + " characters, more than the " +
                               std::to_string(input_limits::value_bytes) + " allowed");
    }
  }
  return fields;
}

InputError too_large(const std::string& file) {
  return InputError::at({file, 0, 0}, "",
                        "larger than the " + std::to_string(input_limits::csv_file_bytes >> 20) + " MB a table may be");
}

}  // namespace

CsvTable CsvTable::read(const std::filesystem::path& path, const std::string& display_name) {
  std::error_code status;
  if (!std::filesystem::is_regular_file(path, status)) {
    throw InputError::at({display_name, 0, 0}, "",
                         std::filesystem::exists(path, status) ? "not a regular file"
                                                               : "no such file");
  }
  if (std::filesystem::file_size(path, status) > input_limits::csv_file_bytes) {
    throw too_large(display_name);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError::at({display_name, 0, 0}, "", "cannot be opened for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError::at({display_name, 0, 0}, "", "could not be read");
  return parse(text.str(), display_name);
}

CsvTable CsvTable::parse(const std::string& text, const std::string& display_name) {
  if (text.size() > input_limits::csv_file_bytes) throw too_large(display_name);
  CsvTable table;
  table.name_ = display_name;
  std::size_t start = 0;
  int line = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view record(text.data() + start, end - start);
    if (!record.empty() && record.back() == '\r') record.remove_suffix(1);
    ++line;
    start = end + 1;
    if (record.empty()) continue;
    auto fields = split_record(record, display_name, line);
    if (table.header_.empty()) {
      if (!fields.empty() && fields[0].rfind("\xEF\xBB\xBF", 0) == 0) fields[0].erase(0, 3);
      table.header_ = std::move(fields);
      continue;
    }
    if (fields.size() != table.header_.size()) {
      throw InputError::at({display_name, line, 0}, "",
                           "expected " + std::to_string(table.header_.size()) +
                               " fields as in the header, found " + std::to_string(fields.size()));
    }
    if (table.rows_.size() == input_limits::csv_rows) {
      throw InputError::at({display_name, line, 0}, "",
                           "more than " + std::to_string(input_limits::csv_rows) + " rows, the most a table may have");
    }
    table.rows_.push_back({line, std::move(fields)});
  }
  if (table.header_.empty()) throw InputError::at({display_name, 0, 0}, "", "the file is empty");
  return table;
}

bool CsvTable::has_column(std::string_view heading) const {
  return std::find(header_.begin(), header_.end(), heading) != header_.end();
}

std::size_t CsvTable::column(std::string_view heading) const {
  const auto found = std::find(header_.begin(), header_.end(), heading);
  if (found == header_.end()) {
    throw InputError::at({name_, 1, 0}, "", "missing column " + quote_input(heading));
  }
  return static_cast<std::size_t>(found - header_.begin());
}

InputError CsvTable::error(const Row& row, std::size_t column, std::string_view what) const {
  return InputError::at({name_, row.line, 0}, "column " + header_.at(column), what);
}

double CsvTable::number(const Row& row, std::size_t column) const {
  const std::string& text = row.fields.at(column);
  double value = 0.0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || status != std::errc() || end != text.data() + text.size() ||
      !std::isfinite(value)) {
    throw error(row, column, "expected a finite number, got " + quote_input(text));
  }
  return value;
}

double CsvTable::non_negative(const Row& row, std::size_t column) const {
  const double value = number(row, column);
  if (value < 0.0) throw error(row, column, "expected a number of at least 0, got " + shortened_input(row.fields[column]));
  return value;
}

long CsvTable::integer(const Row& row, std::size_t column) const {
  const std::string& text = row.fields.at(column);
  long value = 0;
  const auto [end, status] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || status != std::errc() || end != text.data() + text.size()) {
    throw error(row, column, "expected a whole number, got " + quote_input(text));
  }
  return value;
}

}  // namespace carecast
