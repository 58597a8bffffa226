#pragma once
// The few pieces of HTML the briefing is built from: escaped text and tables.

#include <string>
#include <string_view>
#include <vector>

namespace carecast::report {

// Escapes &, <, >, " and ' for text and attribute values.
std::string escape_html(std::string_view text);

// A table of plain-text cells. Numeric columns are right-aligned with
// tabular figures; rows marked as totals are set in bold with a rule above.
struct HtmlTable {
  std::string caption;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t text_columns = 1;  // the first columns hold labels; the rest numbers,
  std::size_t trailing_text_columns = 0;  // but for the last ones, which hold words (a source)
  std::vector<std::size_t> total_rows;
  std::string css_class;

  std::string render() const;
};

// A chart or table with a caption, kept together on the printed page.
std::string figure(std::string_view content, std::string_view caption);

}  // namespace carecast::report
