// The care sections of the briefing: bed nights by district in and out of
// county, homecare hours delivered and unmet, and capacity.

#include <fmt/core.h>

#include <algorithm>

#include "briefing_sections.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/html.h"
#include "carecast/report/published.h"
#include "carecast/report/run_figures.h"
#include "carecast/report/sufficiency.h"

namespace carecast::report::briefing {
namespace {

ChartSpec count_chart(const Context& context, const std::string& title, const std::string& description,
                      const std::string& axis_label) {
  ChartSpec spec;
  spec.title = title;
  spec.description = description;
  spec.categories = context.year_labels;
  spec.value_axis_label = axis_label;
  return spec;
}

// The placement label of beds in the county (docs/output-format.md); every
// other placement is outside it.
constexpr std::string_view in_county = "in_county";

std::string count_cell(double value) { return with_thousands(value); }

// Labels of `axis` whose slice of `array` is not all zero.
std::vector<std::string> labels_in_use(const LabelledArray& array, const std::string& axis) {
  std::vector<std::string> used;
  for (const std::string& label : array.axis(axis).labels) {
    if (!all_zero(array.select(axis, label))) used.push_back(label);
  }
  return used;
}

// Table 16 of the Market Position Statement (001_a6ecfc05098d5ad0.txt line
// 976) gives, per setting, in-county nights by district per year, then
// out-of-county and total nights per year; here the three are one table.
std::string bed_nights_for(const Context& context, const LabelledArray& nights, const std::string& setting) {
  const LabelledArray of_setting = nights.select("setting", setting);
  const LabelledArray inside = of_setting.select("placement", in_county).sum_all_but({"year", "district"});
  const LabelledArray by_placement = of_setting.sum_all_but({"year", "placement"});
  const Axis& placements = by_placement.axis("placement");
  const std::string name = display_name(setting);

  HtmlTable table;
  table.caption = name + ": bed nights by district of the bed, and out of county (means)";
  table.header = {"Year"};
  for (const std::string& district : inside.axis("district").labels) table.header.push_back(district);
  table.header.push_back("In county");
  for (const std::string& placement : placements.labels) {
    if (placement != in_county) table.header.push_back(display_name(placement));
  }
  table.header.push_back("Total");
  table.rows = rows_per_year(context, inside, "district", count_cell);
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    double total = 0.0;
    for (std::size_t p = 0; p < placements.size(); ++p) {
      const double value = by_placement.at({y, p});
      total += value;
      if (placements.labels[p] != in_county) table.rows[y].push_back(count_cell(value));
    }
    table.rows[y].push_back(count_cell(total));
  }
  table.css_class = "wide";

  std::vector<Series> parts = series_per_label(inside, "district", 1.0);
  for (std::size_t p = 0; p < placements.size(); ++p) {
    if (placements.labels[p] == in_county) continue;
    parts.push_back(series_of(display_name(placements.labels[p]), by_placement.select("placement", p), 1.0));
  }
  ChartSpec spec =
      count_chart(context, name + ": bed nights", "Mean bed nights per year by district and out of county", "nights");
  spec.height = 240;
  return "<h3>" + escape_html(name) + "</h3>\n" +
         figure(stacked_columns(spec, parts),
                name + ": bed nights per year by district of the bed and out of county.") +
         table.render() +
         published_beside_forecast(
             context, QuantityId::bed_nights, {{"setting", setting}},
             bands(context.run, QuantityId::bed_nights, {"year", "setting"}).select("setting", setting),
             name + ": bed nights published for past years beside the forecast, in and out of county");
}

// The settings of `kind` among `settings`, by the run file's setting_kind.
std::vector<std::string> of_kind(const RunReader& run, const std::vector<std::string>& settings, bool care_home) {
  const std::vector<std::string> kinds = run.strings("/setting_kind");
  const Axis all = run.dimension("setting");
  std::vector<std::string> picked;
  for (const std::string& setting : settings) {
    if ((kinds.at(all.index_of(setting)) == "care_home") == care_home) picked.push_back(setting);
  }
  return picked;
}

std::string names_of(const std::vector<std::string>& settings) {
  std::string names;
  for (std::size_t k = 0; k < settings.size(); ++k) {
    names += (k == 0 ? "" : k + 1 == settings.size() ? " and " : ", ") + display_name(settings[k]);
  }
  return names;
}

// Nights in `settings` by client group (council-funded), their sum, the
// self-funders' nights and every funder's, per year; in and out of county.
std::string nights_by_group(const Context& context, const std::vector<std::string>& settings, const std::string& what) {
  const LabelledArray by_group = mean_of(context.run, QuantityId::bed_nights_by_client_group, {"year", "setting", "client_group"});
  const LabelledArray self_funded = mean_of(context.run, QuantityId::self_funder_bed_nights, {"year", "setting"});
  const Axis& groups = by_group.axis("client_group");
  HtmlTable table;
  table.caption = what + " (" + names_of(settings) + "): bed nights by client group, with and without self-funders (means)";
  table.header = {"Year"};
  for (const std::string& group : groups.labels) table.header.push_back(display_name(group));
  table.header.insert(table.header.end(), {"Council-funded", "Self-funders", "All funders"});
  for (std::size_t y = 0; y < context.years.size(); ++y) {
    std::vector<std::string> row{context.year_labels[y]};
    double council = 0.0;
    double self = 0.0;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      double nights = 0.0;
      for (const std::string& setting : settings) {
        nights += by_group.at({y, by_group.axis("setting").index_of(setting), g});
      }
      council += nights;
      row.push_back(count_cell(nights));
    }
    for (const std::string& setting : settings) self += self_funded.at({y, self_funded.axis("setting").index_of(setting)});
    row.insert(row.end(), {count_cell(council), count_cell(self), count_cell(council + self)});
    table.rows.push_back(std::move(row));
  }
  table.css_class = "wide";
  return table.render();
}

// Care homes against other beds and places, by client group, with and
// without self-funders; files before format 1.5 have neither split.
std::string client_group_part(const Context& context, const std::vector<std::string>& settings) {
  const RunReader& run = context.run;
  if (!run.has_summary(QuantityId::bed_nights_by_client_group) || !run.exists("/setting_kind")) {
    return absent("Bed nights by client group and self-funders' bed nights");
  }
  const std::vector<std::string> homes = of_kind(run, settings, true);
  const std::vector<std::string> others = of_kind(run, settings, false);
  std::string body = "<h3>By client group, with and without self-funders</h3>\n";
  body += paragraph("Care homes (residential and nursing homes, as the model classes them) are " +
                    (homes.empty() ? std::string("none of this run's settings") : names_of(homes)) +
                    ". The other beds and places, outside care homes, are " +
                    (others.empty() ? std::string("none") : names_of(others)) +
                    ". The tables above count council-funded nights only; here self-funders' nights are added, as "
                    "occupancy counts them. Nights are in and out of county.");
  if (!homes.empty()) body += nights_by_group(context, homes, "Care homes");
  if (!others.empty()) body += nights_by_group(context, others, "Other beds and places");
  return body;
}

}  // namespace

std::string bed_nights_section(const Context& context) {
  const RunReader& run = context.run;
  const LabelledArray nights = run.summary(QuantityId::bed_nights).select("statistic", "mean");
  std::string body = paragraph(
      "Nights that council-funded people spent in beds or places during each financial year, counted to the day. "
      "In county, the district is where the bed is; out of county, nights are counted by the person's home district "
      "and shown here as one total.");
  const std::vector<std::string> settings = settings_with_beds(run);
  if (settings.empty()) body += paragraph("No bed nights in any setting in this run.");
  for (const std::string& setting : settings) body += bed_nights_for(context, nights, setting);
  if (!settings.empty()) body += client_group_part(context, settings);
  return section("bed-nights", "Bed nights by district", body);
}

std::string homecare_section(const Context& context) {
  const RunReader& run = context.run;
  const LabelledArray hours = mean_of(run, QuantityId::homecare_hours, {"year", "district"});
  std::string body = paragraph("Homecare hours delivered in each financial year, by home district (means).");
  body += figure(line_chart(count_chart(context, "Homecare hours delivered by district",
                                        "Mean homecare hours delivered per year in each district", "hours"),
                            series_per_label(hours, "district", 1.0)),
                 "Homecare hours delivered per year, by district.");
  HtmlTable table;
  table.caption = "Homecare hours delivered (means)";
  table.header = {"Year"};
  for (const std::string& district : hours.axis("district").labels) table.header.push_back(district);
  table.header.push_back("Total");
  table.rows = rows_per_year(context, hours, "district", count_cell);
  table.css_class = "wide";
  body += table.render();

  const LabelledArray unmet = mean_of(run, QuantityId::unmet_homecare_hours, {"year", "district"});
  if (all_zero(unmet)) {
    body += paragraph("No homecare hours went unmet in any district or year: the workforce met the demand.");
  } else {
    body += figure(line_chart(count_chart(context, "Unmet homecare hours by district",
                                          "Mean homecare hours needed beyond what the workforce could supply", "hours"),
                              series_per_label(unmet, "district", 1.0)),
                   "Homecare hours needed but not supplied per year, by district: where the market falls short.");
    HtmlTable shortfall;
    shortfall.caption = "Unmet homecare hours: needed beyond what the workforce could supply (means)";
    shortfall.header = table.header;
    shortfall.rows = rows_per_year(context, unmet, "district", count_cell);
    shortfall.css_class = "wide";
    body += shortfall.render();
  }
  body += published_beside_forecast(context, QuantityId::homecare_hours, {},
                                    bands(run, QuantityId::homecare_hours, {"year"}),
                                    "Homecare hours published for past years beside the forecast, all districts");
  return section("homecare", "Homecare hours", body);
}

namespace {

// The columns of a year-by-setting table to keep: the year, then the
// settings in `used`.
std::vector<std::size_t> year_and_settings(const Axis& settings, const std::vector<std::string>& used) {
  std::vector<std::size_t> keep{0};
  for (std::size_t s = 0; s < settings.size(); ++s) {
    if (std::find(used.begin(), used.end(), settings.labels[s]) != used.end()) keep.push_back(s + 1);
  }
  return keep;
}

void keep_columns(HtmlTable& table, const std::vector<std::size_t>& keep) {
  const auto pick = [&](const std::vector<std::string>& cells) {
    std::vector<std::string> kept;
    for (const std::size_t k : keep) kept.push_back(cells[k]);
    return kept;
  };
  table.header = pick(table.header);
  for (auto& row : table.rows) row = pick(row);
}

// The capacity in force each year, shown only where the scenario changes it.
std::string capacity_in_force(const Context& context) {
  const LabelledArray capacity = mean_of(context.run, QuantityId::capacity, {"year", "setting"});
  const Axis& settings = capacity.axis("setting");
  const std::size_t years = capacity.axis("year").size();
  bool changes = false;
  for (std::size_t s = 0; s < settings.size(); ++s) {
    for (std::size_t y = 1; y < years; ++y) changes = changes || capacity.values()[y * settings.size() + s] != capacity.values()[s];
  }
  if (!changes) return paragraph("Capacity stays at the model's figures in every year: the scenario changes none.");
  HtmlTable table;
  table.caption = "Capacity in force, all districts (beds or places; homecare: hours a week; means), as the scenario changes it";
  table.header = {"Year"};
  for (const std::string& setting : settings.labels) table.header.push_back(display_name(setting));
  table.rows = rows_per_year(context, capacity, "setting", [](double n) { return with_thousands(n, 0); }, false);
  // Only the settings the model limits.
  keep_columns(table, year_and_settings(settings, labels_in_use(capacity, "setting")));
  return table.render();
}

// The homecare workforce's hours a week by district, where the model limits
// it: the capacity of the one setting with a capacity and no bed nights.
std::string homecare_capacity(const Context& context) {
  const HomecareSufficiency homecare = market_sufficiency(context.run).homecare;
  if (all_zero(homecare.capacity)) return paragraph("The model sets no limit on the homecare workforce's hours.");
  HtmlTable table;
  table.caption = "Homecare: hours a week the workforce can supply, by district (means)";
  table.header = {"Year"};
  for (const std::string& district : homecare.capacity.axis("district").labels) table.header.push_back(district);
  table.header.push_back("Total");
  table.rows = rows_per_year(context, homecare.capacity, "district", [](double n) { return with_thousands(n, 0); });
  table.css_class = "wide";
  return table.render();
}

}  // namespace

std::string capacity_section(const Context& context) {
  const RunReader& run = context.run;
  std::string body = paragraph(
      "Occupancy is the beds or places occupied on an average day by all funders, over the district's capacity; "
      "for homecare, the hours delivered over the hours a week the workforce can supply. "
      "When a district is full, the council's placements go to a neighbouring district or out of county, or wait.");
  const LabelledArray occupancy = run.summary(QuantityId::occupancy).select("statistic", "mean");
  for (const std::string& setting : labels_in_use(occupancy, "setting")) {
    const LabelledArray of_setting = occupancy.select("setting", setting);
    HtmlTable table;
    table.caption = display_name(setting) + ": occupancy by district (means; 100% is full)";
    table.header = {"Year"};
    for (const std::string& district : of_setting.axis("district").labels) table.header.push_back(district);
    table.rows = rows_per_year(
        context, of_setting, "district", [](double share) { return percent(share); }, false);
    table.css_class = "wide";
    body += table.render();
  }

  // Run files before format 1.3 have no capacity quantity.
  if (run.has_summary(QuantityId::capacity)) body += capacity_in_force(context) + homecare_capacity(context);

  const LabelledArray placed = mean_of(run, QuantityId::out_of_area_placements, {"year", "setting"});
  const std::vector<std::string> used = labels_in_use(placed, "setting");
  if (used.empty()) {
    body += paragraph("No placements were made out of county in any year.");
  } else {
    HtmlTable table;
    table.caption = "Placements made out of county during the year, by setting (means)";
    table.header = {"Year"};
    for (const std::string& setting : placed.axis("setting").labels) table.header.push_back(display_name(setting));
    table.header.push_back("Total");
    table.rows = rows_per_year(context, placed, "setting", [](double n) { return with_thousands(n, 1); });
    // Only the settings that ever place out of county, and the total.
    const Axis& settings = placed.axis("setting");
    std::vector<std::size_t> keep = year_and_settings(settings, used);
    keep.push_back(settings.size() + 1);
    keep_columns(table, keep);
    body += table.render();
  }
  return section("capacity", "Capacity and out-of-area placements", body);
}

}  // namespace carecast::report::briefing
