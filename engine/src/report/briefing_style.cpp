// The briefing's stylesheet: system fonts only (nothing fetched), tables
// with tabular figures, and print rules for A4 with each section on a new
// page and table headers repeated across pages.

#include "briefing_sections.h"

namespace carecast::report::briefing {

namespace {

// A CSS string literal: quotes and backslashes escaped, line breaks dropped.
std::string css_string(const std::string& text) {
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') quoted += '\\';
    if (c != '\n' && c != '\r') quoted += c;
  }
  return quoted + "\"";
}

}  // namespace

std::string stylesheet(const std::string& created) {
  // Margin boxes (CSS Paged Media) number every printed page of the total and
  // date it by the run, so a loose page can be put back and traced.
  const std::string date = created.substr(0, created.find('T'));
  return "@page { size: A4; margin: 14mm 13mm 16mm;\n"
         "  @bottom-left { content: " + css_string("Run created " + date) + "; font: 8pt \"Liberation Sans\", Arial, sans-serif; color: #4d4d4d; }\n"
         "  @bottom-right { content: \"Page \" counter(page) \" of \" counter(pages); font: 8pt \"Liberation Sans\", Arial, sans-serif; color: #4d4d4d; }\n"
         "}\n" + R"css(
html { background: #ffffff; }
body { font-family: "Liberation Sans", Arial, Helvetica, sans-serif; font-size: 10pt; line-height: 1.35;
  color: #1a1a1a; max-width: 184mm; margin: 0 auto; padding: 10mm 6mm; }
h1 { font-size: 21pt; margin: 2pt 0 6pt; color: #0b3d66; }
h2 { font-size: 14pt; margin: 14pt 0 6pt; padding-bottom: 2pt; border-bottom: 2px solid #0072B2; color: #0b3d66; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; }
p { margin: 4pt 0 8pt; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 9pt; color: #0072B2; margin: 0; }
.subtitle { font-size: 12pt; margin-top: 0; }
.description { font-size: 11pt; }
.note { font-size: 8.5pt; color: #4d4d4d; }
.absent { background: #fff4e0; border-left: 4px solid #E69F00; padding: 4pt 8pt; }
section { break-before: page; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0 12pt; font-size: 8.5pt;
  font-variant-numeric: tabular-nums; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 2pt 0 4pt; }
th, td { padding: 2pt 4pt; border-bottom: 1px solid #dddddd; text-align: left; vertical-align: top; }
thead th { border-bottom: 1.5px solid #333333; vertical-align: bottom; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
.num { text-align: right; white-space: nowrap; }
th.num { white-space: normal; }
tr.total td { font-weight: bold; border-top: 1.5px solid #333333; }
table.wide { font-size: 7.5pt; }
table.wide th, table.wide td { padding: 1.5pt 3pt; }
table.assumptions, table.drawn { font-size: 7.5pt; }
table.assumptions { table-layout: fixed; }
table.assumptions th:nth-child(1) { width: 19%; }
table.assumptions th:nth-child(2) { width: 13%; }
table.assumptions th:nth-child(4) { width: 14%; }
table.assumptions th:nth-child(5) { width: 14%; }
table.assumptions td:nth-child(4) { overflow-wrap: normal; white-space: nowrap; }
table.assumptions td:last-child, table.drawn td:last-child { font-size: 6.5pt; color: #4d4d4d; }
table.assumptions td, table.drawn td { overflow-wrap: anywhere; }
table.provenance td:first-child, table.key-figures td:first-child { font-weight: bold; width: 30%; }
table.provenance td { word-break: break-all; }
figure { margin: 6pt 0 12pt; break-inside: avoid; }
figcaption { font-size: 8.5pt; color: #4d4d4d; margin-top: 2pt; }
svg.chart { display: block; width: 100%; height: auto; }
.grid { display: grid; grid-template-columns: 1fr 1fr; gap: 4pt 12pt; }
.grid figure { margin: 2pt 0 6pt; }
nav ol { margin: 2pt 0; padding-left: 18pt; }
.lead { font-size: 11pt; font-weight: bold; }
ul.why, ul.not-covered { margin: 2pt 0 8pt; padding-left: 14pt; }
ul.why li { margin-bottom: 4pt; }
ul.not-covered { font-size: 8.5pt; }
ul.not-covered li { margin-bottom: 2pt; }
a.term { color: inherit; text-decoration: underline dotted; }
dl.glossary dt { font-weight: bold; margin-top: 6pt; }
dl.glossary dd { margin: 1pt 0 0 14pt; }
table.sources td:first-child { white-space: nowrap; }
table.sources td:nth-child(3) { overflow-wrap: anywhere; }
a { color: #0b3d66; }
@media print {
  body { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
}
)css";
}

}  // namespace carecast::report::briefing
