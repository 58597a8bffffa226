#pragma once
// A small strict CSV reader for the model's data tables: a header row, then
// rows with exactly as many fields; RFC 4180 quoting. Errors name the file and
// line. (Written here rather than taken from a library because Debian has no
// packaged C++ CSV parser, and the model's tables need only this.)

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/core/error.h"

namespace carecast {

class CsvTable {
 public:
  struct Row {
    int line = 0;
    std::vector<std::string> fields;
  };

  static CsvTable read(const std::filesystem::path& path, const std::string& display_name);
  static CsvTable parse(const std::string& text, const std::string& display_name);

  const std::string& name() const { return name_; }
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<Row>& rows() const { return rows_; }

  // Index of a column; a missing column is an error naming the file.
  std::size_t column(std::string_view heading) const;
  bool has_column(std::string_view heading) const;

  double number(const Row& row, std::size_t column) const;
  double non_negative(const Row& row, std::size_t column) const;
  long integer(const Row& row, std::size_t column) const;
  InputError error(const Row& row, std::size_t column, std::string_view what) const;

 private:
  std::string name_;
  std::vector<std::string> header_;
  std::vector<Row> rows_;
};

}  // namespace carecast
