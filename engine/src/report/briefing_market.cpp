// The briefing's market section, shown when the scenario asks about the
// market (docs/report.md): people waiting for a place by setting and
// district, homecare the workforce could not supply and the premium paid to
// buy it, and the capacity in force against what was needed.

#include <fmt/core.h>

#include <algorithm>

#include "briefing_sections.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/run_figures.h"
#include "carecast/simulation/calendar.h"

namespace carecast::report::briefing {
namespace {

bool any_nonzero(const LabelledArray& array) {
  return std::any_of(array.values().begin(), array.values().end(), [](double v) { return v != 0.0; });
}

HtmlTable by_district_table(const Context& context, const LabelledArray& by_year_and_district, const std::string& caption,
                            int decimals) {
  HtmlTable table;
  table.caption = caption;
  table.header = {"Year"};
  for (const std::string& district : by_year_and_district.axis("district").labels) table.header.push_back(district);
  table.header.push_back("Total");
  table.rows = rows_per_year(context, by_year_and_district, "district",
                             [decimals](double n) { return with_thousands(n, decimals); });
  table.css_class = "wide";
  return table;
}

std::string waiting_part(const Context& context) {
  const LabelledArray waiting = mean_of(context.run, QuantityId::people_waiting, {"year", "setting", "district"});
  std::string body;
  bool anyone = false;
  for (const std::string& setting : waiting.axis("setting").labels) {
    const LabelledArray of_setting = waiting.select("setting", setting);
    if (!any_nonzero(of_setting)) continue;
    anyone = true;
    body += by_district_table(context, of_setting,
                              display_name(setting) + ": people waiting for a place at year end, by home district (means)", 1)
                .render();
  }
  if (!anyone) return paragraph("Nobody was waiting for a place at the end of any year.");
  return paragraph("People who needed a place in a setting that was full everywhere they could go wait where they are "
                   "(someone new at home with homecare) and take the first place that frees. They are counted in the "
                   "setting where they wait as well.") +
         body;
}

std::string premium_part(const Context& context) {
  const RunReader& run = context.run;
  const LabelledArray unmet = mean_of(run, QuantityId::unmet_homecare_hours, {"year"});
  const LabelledArray premium = mean_of(run, QuantityId::homecare_premium_spend, {"year"});
  HtmlTable table;
  table.caption = "Homecare hours the workforce could not supply, bought at a premium (means)";
  table.header = {"Year", "Hours bought", "Premium paid", "Premium an hour"};
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    const double hours = unmet.at({y});
    const double paid = premium.at({y});
    table.rows.push_back({context.year_labels[y], with_thousands(hours), pounds_millions(paid, 2),
                          hours > 0.0 ? fmt::format("£{:.2f}", paid / hours) : "-"});
  }
  return paragraph("The scenario buys the homecare hours the workforce cannot supply (agency staff or spot purchase) at "
                   "the hourly rate plus a premium. The hours, at the rate and the premium, are in homecare spending; the "
                   "premium alone is shown here.") +
         table.render();
}

// Capacity against need, all districts: beds and places occupied on an
// average day, plus those waiting at year end, against the places in force;
// homecare hours a week needed (delivered and unmet, over the year's weeks)
// against the workforce's hours a week. Only beds, places and the hours
// setting have a capacity, so a setting with capacity and no bed nights is
// the hours setting.
std::string need_part(const Context& context) {
  const RunReader& run = context.run;
  const LabelledArray capacity = mean_of(run, QuantityId::capacity, {"year", "setting"});
  const LabelledArray occupied = mean_of(run, QuantityId::occupied_places, {"year", "setting"});
  const LabelledArray delivered = mean_of(run, QuantityId::homecare_hours, {"year"});
  const LabelledArray unmet = mean_of(run, QuantityId::unmet_homecare_hours, {"year"});
  const bool waiting_counted = run.has_summary(QuantityId::people_waiting);
  const LabelledArray waiting = waiting_counted ? mean_of(run, QuantityId::people_waiting, {"year", "setting"}) : occupied;
  const std::vector<std::string> with_beds = settings_with_beds(run);
  HtmlTable table;
  table.caption = "Capacity in force against what was needed, all districts (means)";
  table.header = {"Year"};
  const Axis& settings = capacity.axis("setting");
  std::vector<std::size_t> shown;
  for (std::size_t s = 0; s < settings.size(); ++s) {
    if (!any_nonzero(capacity.select("setting", s))) continue;
    shown.push_back(s);
    table.header.push_back(display_name(settings.labels[s]) + ": capacity");
    table.header.push_back("needed");
  }
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    std::vector<std::string> row{context.year_labels[y]};
    const double weeks = financial_year_days(static_cast<int>(context.years[y])) / 7.0;
    for (const std::size_t s : shown) {
      const bool places = std::find(with_beds.begin(), with_beds.end(), settings.labels[s]) != with_beds.end();
      const double needed = places ? occupied.at({y, s}) + (waiting_counted ? waiting.at({y, s}) : 0.0)
                                   : (delivered.at({y}) + unmet.at({y})) / weeks;
      row.push_back(with_thousands(capacity.at({y, s}), 0));
      row.push_back(with_thousands(needed, 0));
    }
    table.rows.push_back(std::move(row));
  }
  table.css_class = "wide";
  return paragraph("Beds and places: capacity against the places occupied on an average day by all funders" +
                   std::string(waiting_counted ? ", plus the people waiting at year end" : "") +
                   ". Homecare: the hours a week the workforce can supply against the hours a week needed.") +
         table.render();
}

}  // namespace

bool has_market_section(const RunReader& run) {
  return run.has_summary(QuantityId::people_waiting) || run.has_summary(QuantityId::homecare_premium_spend);
}

std::string market_section(const Context& context) {
  const RunReader& run = context.run;
  std::string body;
  if (run.has_summary(QuantityId::people_waiting)) body += "<h3>People waiting</h3>\n" + waiting_part(context);
  if (run.has_summary(QuantityId::homecare_premium_spend)) body += "<h3>Unmet homecare and its cost</h3>\n" + premium_part(context);
  body += "<h3>Capacity against need</h3>\n" + need_part(context);
  return section("market", "Where the market falls short", body);
}

}  // namespace carecast::report::briefing
