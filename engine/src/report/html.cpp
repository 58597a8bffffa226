#include "carecast/report/html.h"

#include <algorithm>

namespace carecast::report {

std::string escape_html(std::string_view text) {
  std::string escaped;
  escaped.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        escaped += "&amp;";
        break;
      case '<':
        escaped += "&lt;";
        break;
      case '>':
        escaped += "&gt;";
        break;
      case '"':
        escaped += "&quot;";
        break;
      case '\'':
        escaped += "&#39;";
        break;
      default:
        escaped.push_back(c);
    }
  }
  return escaped;
}

std::string HtmlTable::render() const {
  std::string html = "<table";
  if (!css_class.empty()) html += " class=\"" + escape_html(css_class) + "\"";
  html += ">\n";
  if (!caption.empty()) html += "<caption>" + escape_html(caption) + "</caption>\n";
  const auto cell = [&](std::string_view tag, std::size_t column, const std::string& text) {
    std::string html(1, '<');
    const bool number = column >= text_columns && column + trailing_text_columns < header.size();
    html.append(tag).append(number ? " class=\"num\">" : ">").append(escape_html(text));
    return html.append("</").append(tag).append(">");
  };
  html += "<thead><tr>";
  for (std::size_t column = 0; column < header.size(); ++column) html += cell("th", column, header[column]);
  html += "</tr></thead>\n<tbody>\n";
  for (std::size_t row = 0; row < rows.size(); ++row) {
    const bool total = std::find(total_rows.begin(), total_rows.end(), row) != total_rows.end();
    html += total ? "<tr class=\"total\">" : "<tr>";
    for (std::size_t column = 0; column < rows[row].size(); ++column) html += cell("td", column, rows[row][column]);
    html += "</tr>\n";
  }
  html += "</tbody>\n</table>\n";
  return html;
}

std::string figure(std::string_view content, std::string_view caption) {
  return "<figure>\n" + std::string(content) + "<figcaption>" + escape_html(caption) + "</figcaption>\n</figure>\n";
}

}  // namespace carecast::report
