// The briefing's market sufficiency section (id "sufficiency"): for each
// setting with beds or places, the places short by district and year, and
// for the first, third and last years the places in force, occupied,
// waiting and short by district with the county's total; for homecare, the
// hours a week the workforce can supply against those needed, the same way.
// Every total row is the sum of the rows above it (tests/cli/test_report.py).

#include <algorithm>

#include "briefing_sections.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/run_figures.h"
#include "carecast/report/sufficiency.h"

namespace carecast::report::briefing {
namespace {

std::string whole(double value) { return with_thousands(value, 0); }

// Years x districts and a total column.
HtmlTable by_district_and_year(const Context& context, const LabelledArray& by_year_and_district,
                               const std::string& caption) {
  HtmlTable table;
  table.caption = caption;
  table.header = {"Year"};
  for (const std::string& district : by_year_and_district.axis("district").labels) table.header.push_back(district);
  table.header.push_back("Total");
  table.rows = rows_per_year(context, by_year_and_district, "district", whole);
  table.css_class = "wide";
  return table;
}

// For the headline years, a row per district of each year x district array,
// then a total row: the county.
HtmlTable detail_table(const Context& context, const std::string& caption, const std::vector<std::string>& columns,
                       const std::vector<const LabelledArray*>& arrays) {
  HtmlTable table;
  table.caption = caption;
  table.header = {"Year", "District"};
  table.header.insert(table.header.end(), columns.begin(), columns.end());
  table.text_columns = 2;
  const Axis& districts = arrays.front()->axis("district");
  for (const std::size_t y : headline_years(context.years.size())) {
    std::vector<double> totals(arrays.size(), 0.0);
    for (std::size_t d = 0; d < districts.size(); ++d) {
      std::vector<std::string> row{context.year_labels[y], districts.labels[d]};
      for (std::size_t k = 0; k < arrays.size(); ++k) {
        const double value = arrays[k]->at({y, d});
        totals[k] += value;
        row.push_back(whole(value));
      }
      table.rows.push_back(std::move(row));
    }
    std::vector<std::string> total{context.year_labels[y], "County"};
    for (const double value : totals) total.push_back(whole(value));
    table.total_rows.push_back(table.rows.size());
    table.rows.push_back(std::move(total));
  }
  return table;
}

std::string places_part(const Context& context, const PlaceSufficiency& setting, bool waiting_counted) {
  const std::string name = display_name(setting.setting);
  std::string body = "<h3>" + escape_html(name) + "</h3>\n";
  body += by_district_and_year(context, setting.short_by, name + ": places short by district (means)").render();
  std::vector<std::string> columns{"Places in force", "Occupied"};
  std::vector<const LabelledArray*> arrays{&setting.places, &setting.occupied};
  if (waiting_counted) {
    columns.emplace_back("Waiting");
    arrays.push_back(&setting.waiting);
  }
  columns.emplace_back("Places short");
  arrays.push_back(&setting.short_by);
  return body + detail_table(context, name + ": places, occupied" + (waiting_counted ? ", waiting" : "") +
                                          " and short by district (means)",
                             columns, arrays)
                    .render();
}

std::string homecare_part(const Context& context, const HomecareSufficiency& homecare) {
  std::string body = "<h3>Homecare</h3>\n";
  body += paragraph("Hours a week: what the workforce can supply (0 where the model sets no limit), the hours delivered "
                    "and needed on average over the year's weeks, and the hours needed that could not be supplied.");
  body += by_district_and_year(context, homecare.unmet, "Homecare: unmet hours a week by home district (means)").render();
  return body + detail_table(context, "Homecare: hours a week supplied, needed and unmet by home district (means)",
                             {"Workforce can supply", "Delivered", "Needed", "Unmet"},
                             {&homecare.capacity, &homecare.delivered, &homecare.needed, &homecare.unmet})
                    .render();
}

}  // namespace

std::string sufficiency_section(const Context& context) {
  const Sufficiency sufficiency = market_sufficiency(context.run);
  std::string body = paragraph(
      "Whether the market has room, district by district. Places in force are the beds or places the model and the "
      "scenario set (0 where the model sets no limit). Occupied is the places filled on an average day by every "
      "funder, counted in the district of the bed." +
      std::string(sufficiency.waiting_counted
                      ? " Waiting is the people waiting for a place at year end, counted in their home district."
                      : " This run does not count people waiting for a place (market: count_waiting).") +
      " Places short is occupied plus waiting above the places in force, 0 when there is room; it is taken in each "
      "replicate and then averaged, so it is not the difference of the averages. A setting whose newcomers go out of "
      "county when the county is full, rather than wait, is not short here: its overflow is in the out-of-area "
      "placements of the capacity section. Each year's table shows the first, "
      "third and last years; the workbook's Sufficiency sheets and the CSV export have every year.");
  if (sufficiency.places.empty()) body += paragraph("No setting has beds or places in this run.");
  std::vector<std::string> unlimited;
  for (const PlaceSufficiency& setting : sufficiency.places) {
    if (all_zero(setting.places)) {
      unlimited.push_back(display_name(setting.setting));
    } else {
      body += places_part(context, setting, sufficiency.waiting_counted);
    }
  }
  if (!unlimited.empty()) {
    std::string names;
    for (std::size_t k = 0; k < unlimited.size(); ++k) {
      names += (k == 0 ? "" : k + 1 == unlimited.size() ? " and " : ", ") + unlimited[k];
    }
    body += paragraph("The model sets no limit on the places of " + names +
                      ": everyone who needs one is placed, so none is ever short (their places occupied are in the "
                      "workbook's Sufficiency sheet).");
  }
  body += homecare_part(context, sufficiency.homecare);
  return section("sufficiency", "Market sufficiency by district", body);
}

}  // namespace carecast::report::briefing
