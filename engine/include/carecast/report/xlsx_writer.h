#pragma once
// The one thin layer over libxlsxwriter: a workbook written sheet by sheet,
// cells with a few named styles. Nothing else includes the library's header.

#include <filesystem>
#include <memory>
#include <string>

namespace carecast::report {

// How a cell is shown; the value stored is always the exact number, in the
// units its column's header says (no format scales it).
enum class CellStyle {
  text,
  wrapped_text,
  header,     // bold, wrapped, ruled below
  pounds,     // £1,234,567
  thousands,  // 1,235 for 1,234.6: a value already in £000, as a budget table
  count,      // 1,235
  decimal,    // 1,234.6
  share,      // 37%
  ratio,      // 0.0123
  year,       // 2024, no separator
};

class XlsxWorkbook {
 public:
  // The file is written by close(); `title` goes into the document properties.
  XlsxWorkbook(const std::filesystem::path& path, const std::string& title);
  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  // Adds a sheet (names up to 31 characters, without []:*?/\) and writes to it from now on.
  void add_sheet(const std::string& name);
  void write(std::size_t row, std::size_t column, const std::string& text, CellStyle style = CellStyle::text);
  void write(std::size_t row, std::size_t column, double value, CellStyle style);
  void set_column_width(std::size_t column, double characters);
  // Keeps the first `rows` rows in view when scrolling.
  void freeze_rows(std::size_t rows);
  // Filter buttons on the header row over the given columns and rows.
  void add_filter(std::size_t header_row, std::size_t last_row, std::size_t last_column);

  // Writes the file; throws WriteError if it cannot.
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace carecast::report
