#include "carecast/loading/self_funding_loader.h"

#include <algorithm>

#include "carecast/loading/model_tables.h"

namespace carecast {
namespace {

// The widest spread of log capital accepted: e^5 is a factor of about 150
// between the median and one standard deviation out, already far wider than
// any published wealth distribution.
constexpr double widest_spread = 5.0;

void read_where(ConfigReader& section, CareModel& model) {
  model.self_funding_setting.assign(model.settings.size(), false);
  const auto settings = model.setting_ids();
  for (const ConfigNode* node : section.scalar_list("settings")) {
    const int setting = lookup_id(settings, *node, section.path_of("settings"), "setting");
    if (setting == model.short_term_setting) {
      // Intermediate care and reablement are free for up to six weeks (Care
      // and Support (Charging and Assessment of Resources) Regulations 2014,
      // regulation 3), so nobody pays for their own short-term support.
      throw InputError::at(node->where, section.path_of("settings"),
                           "short-term support (\"" + settings[static_cast<std::size_t>(setting)] + "\") is free, so nobody funds it themselves");
    }
    model.self_funding_setting[static_cast<std::size_t>(setting)] = true;
  }
  model.self_funding_group.assign(model.client_groups.size(), false);
  const auto groups = model.client_group_ids();
  for (const ConfigNode* node : section.scalar_list("client_groups")) {
    model.self_funding_group[static_cast<std::size_t>(lookup_id(groups, *node, section.path_of("client_groups"), "client group"))] = true;
  }
}

// `capital.by_age`: min_age,max_age,entrant_share,median,spread,source,
// covering every age once.
void read_capital_by_age(const CsvTable& table, const CareModelContext& context, CareModel& model, SelfFunderCapital& capital) {
  const auto ages = static_cast<std::size_t>(context.oldest_age - context.adult_age + 1);
  capital.entrant_share.assign(ages, 0.0);
  capital.median.assign(ages, 0.0);
  capital.spread.assign(ages, 0.0);
  std::vector<int> seen(ages, 0);
  for (const auto& row : table.rows()) {
    const auto [min_age, max_age] = read_age_range(table, row, context.adult_age, context.oldest_age);
    const double share = table.non_negative(row, table.column("entrant_share"));
    if (share > 1.0) throw table.error(row, table.column("entrant_share"), "a share must be between 0 and 1");
    const double median = table.non_negative(row, table.column("median"));
    if (median <= 0.0) throw table.error(row, table.column("median"), "a median capital must be above 0");
    const double spread = table.non_negative(row, table.column("spread"));
    if (spread > widest_spread) throw table.error(row, table.column("spread"), "a spread of log capital must be at most 5");
    for (int age = min_age; age <= max_age; ++age) {
      const auto a = static_cast<std::size_t>(age - context.adult_age);
      if (seen[a] != 0) {
        throw InputError::at({table.name(), row.line, 0}, "", "age " + std::to_string(age) + " is already given at line " + std::to_string(seen[a]));
      }
      seen[a] = row.line;
      capital.entrant_share[a] = share;
      capital.median[a] = median;
      capital.spread[a] = spread;
      if (share > 0.0 && capital.share_above_limit(static_cast<int>(a)) <= 0.0) {
        throw table.error(row, table.column("median"), "nobody of these ages has capital above the limit, yet entrant_share is above 0");
      }
    }
    const std::string ages_text = std::to_string(min_age) + "-" + std::to_string(max_age);
    for (const char* column : {"entrant_share", "median", "spread"}) {
      cite_row(table, row, table.name() + " " + column + " " + ages_text, row.fields[table.column(column)], model.citations);
    }
  }
  const auto missing = std::find(seen.begin(), seen.end(), 0);
  if (missing != seen.end()) {
    throw InputError::at({table.name(), 0, 0}, "", "no row for age " + std::to_string(context.adult_age + (missing - seen.begin())));
  }
}

SelfFunderCapital read_capital(ConfigReader& section, const CareModelContext& context, CareModel& model) {
  SelfFunderCapital capital;
  capital.limit = read_sourced_number(section, "limit", Bounds::money("an amount of money"), model.citations);
  capital.weekly_income = read_sourced_number(section, "weekly_income", Bounds::money("an amount of money"), model.citations);
  capital.weekly_fee.assign(model.settings.size(), 0.0);
  ConfigReader fees = section.map("weekly_fees");
  for (std::size_t k = 0; k < model.settings.size(); ++k) {
    if (!model.self_funding_setting[k]) continue;
    const std::string& id = model.settings[k].id;
    capital.weekly_fee[k] = read_sourced_number(fees, id, Bounds::money("an amount of money"), model.citations);
    if (capital.weekly_fee[k] <= capital.weekly_income) {
      throw fees.error(id, "the fee must be above weekly_income, or capital would never run down");
    }
  }
  fees.finish();
  read_capital_by_age(read_table_reference(section, "by_age", context.directory, context.display_directory, model.citations), context,
                      model, capital);
  return capital;
}

}  // namespace

void read_self_funding(ConfigReader& care, const CareModelContext& context, CareModel& model) {
  ConfigReader section = care.map("self_funding");
  read_where(section, model);
  if (std::optional<ConfigReader> capital = section.optional_map("capital")) {
    // The capital table gives the entrants' share by age, and the capital
    // itself when they become council-funded: neither old key has a place.
    for (const char* replaced : {"entrant_share", "depletion_per_year"}) {
      if (section.optional_node(replaced)) {
        throw section.error(replaced, "with capital, the entrant share is capital.by_age's and conversions follow each self-funder's capital");
      }
    }
    model.self_funder_capital = read_capital(*capital, context, model);
    capital->finish();
  } else {
    model.self_funded_entrant_share = read_sourced_number(section, "entrant_share", Bounds::probability(), model.citations);
    model.self_funded_depletion_per_year =
        read_sourced_number(section, "depletion_per_year", Bounds::non_negative("a rate"), model.citations);
  }
  section.finish();
}

}  // namespace carecast
