// The end of the briefing: the glossary of the words it uses, and the key to
// the documents its citations name.

#include <array>

#include "briefing_sections.h"
#include "carecast/report/html.h"

namespace carecast::report::briefing {
namespace {

struct Entry {
  const char* id;
  const char* term;
  const char* meaning;
};

// In the order a reader meets them on the front page, then the later sections'.
constexpr std::array<Entry, 19> entries = {{
    {"monte-carlo", "Monte Carlo simulation",
     "Working out a forecast by running the model many times, each time with different draws of the things nobody "
     "knows for sure (next year's inflation, who needs care, when people die), and looking at the spread of the "
     "answers."},
    {"replicate", "Replicate",
     "One of those runs: a possible future, complete from the first year to the last. A run file usually holds "
     "hundreds or thousands."},
    {"mean", "Mean", "The average over the replicates: the expected value, and the figure to plan with."},
    {"percentile", "Percentile (p5, p25, p50, p75, p95)",
     "The value below which that share of the replicates fall: p5 is the figure only 5 in 100 replicates come in "
     "under, p50 the middle one (the median), p95 the figure only 5 in 100 go over."},
    {"range", "90% range",
     "From p5 to p95: nine replicates in ten fall inside it, so it is where the outcome is likely to land if the "
     "model is right. The middle 50% (p25 to p75) is where it lands half the time."},
    {"chance-of-overspend", "Chance of an overspend",
     "The share of replicates in which net spend is more than the budget: 100% means every possible future the "
     "model drew overspends."},
    {"expected-mode", "Expected mode",
     "A single run with every chance event replaced by its average and every uncertain assumption held at one value: "
     "quick, but with no range."},
    {"net-spend", "Net spend",
     "What the council pays for adult social care after clients' contributions and other income, less savings "
     "delivered; the figure the budget is set against."},
    {"budget-line", "Budget line",
     "One line of the council's budget for adult social care, usually a client group such as older people; the "
     "budget is set and monitored line by line."},
    {"mtfp", "MTFP",
     "Medium Term Financial Plan: the council's budget plan for the next few years, built up from the year before's "
     "budget by adding pay and contract inflation and growth in demand and taking off savings."},
    {"bridge", "MTFP bridge",
     "How one year's net spend becomes the next: the year before's, plus pay inflation (council staff pay), "
     "contract inflation (what providers charge, for the same care), growth in demand (more or different care, at "
     "last year's prices) and the change from policy and savings."},
    {"client", "Client",
     "A person whose care the council pays for, counted at 31 March. A long-term client has an ongoing service "
     "(homecare, a care home place, supported living...); short-term support such as reablement and step-down beds "
     "after hospital is not long-term."},
    {"bed-night", "Bed night",
     "One person in one bed for one night. A year's bed nights divided by 365 is the number of beds occupied on an "
     "average night."},
    {"self-funder", "Self-funder",
     "A person who pays for their own care home place because their savings are above the limit; the council pays "
     "once the savings have run down."},
    {"cash-prices", "Cash prices",
     "Money as it will be spent in each year, inflation included, not in today's pounds."},
    {"variance-share", "Share of the variance",
     "How much of the spread in net spend across replicates one uncertain assumption accounts for."},
    {"rank-regression", "Rank-regression coefficient",
     "How strongly, and which way, net spend moves with an assumption across the replicates, from -1 to +1: +0.6 "
     "means replicates that drew a high value of it tend to spend a lot more; its square is the share of the "
     "variance."},
    {"r-squared", "R²",
     "The share of the spread in net spend that the uncertain assumptions explain together; the rest comes from "
     "chance events (who needs care, when)."},
    {"financial-year", "Financial year", "April to March: 2024/25 runs from April 2024 to March 2025."},
}};

}  // namespace

std::string glossary_link(const std::string& text, const std::string& id) {
  return "<a class=\"term\" href=\"#glossary-" + escape_html(id) + "\">" + escape_html(text) + "</a>";
}

std::string glossary_section() {
  std::string body = "<dl class=\"glossary\">\n";
  for (const Entry& entry : entries) {
    body += "<dt id=\"glossary-" + std::string(entry.id) + "\">" + escape_html(entry.term) + "</dt><dd>" +
            escape_html(entry.meaning) + "</dd>\n";
  }
  return section("glossary", "Glossary", body + "</dl>\n");
}

std::string sources_section(const Context& context) {
  HtmlTable table;
  table.css_class = "sources";
  table.header = {"Key", "Document", "File", "Title from"};
  table.text_columns = table.header.size();
  for (const SourceDocument& document : context.sources) {
    table.rows.push_back({"[" + document.key + "]", document.title, document.file, document.citation});
  }
  return section("sources", "Sources",
                 paragraph("Citations name the model's and the scenario's documents by title and key, e.g. \"" +
                           context.sources.front().title + " [" + context.sources.front().key +
                           "]\", followed by the line of the document's text; a bare key with a line (\"" +
                           context.sources.front().key + " line ...\") names the same document.") +
                     table.render());
}

}  // namespace carecast::report::briefing
