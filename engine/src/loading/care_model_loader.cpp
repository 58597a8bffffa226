#include "carecast/loading/care_model_loader.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "carecast/core/number_text.h"
#include "carecast/loading/input_limits.h"
#include "carecast/loading/model_tables.h"
#include "carecast/loading/self_funding_loader.h"

namespace carecast {
namespace {

constexpr double share_tolerance = 1e-6;

// Counts of people can be no more than everyone in the model's districts.
Bounds people_bounds(const CareModelContext& context) {
  return Bounds::between(0.0, std::floor(context.people), "a count of people (at most the model's whole population)");
}

void read_settings(ConfigReader& care, CareModel& model) {
  int short_term = -1;
  int hours = -1;
  for (auto& entry : care.map_list("settings")) {
    CareSetting setting;
    setting.id = entry.text("id");
    setting.name = entry.text("name");
    const std::string kind = entry.choice("kind", {"short_term", "community", "accommodation", "care_home"});
    setting.kind = kind == "short_term"      ? SettingKind::short_term
                   : kind == "community"     ? SettingKind::community
                   : kind == "accommodation" ? SettingKind::accommodation
                                             : SettingKind::care_home;
    setting.hours = entry.boolean_or("hours", false);
    setting.long_term = entry.boolean_or("long_term", setting.kind != SettingKind::short_term);
    if (setting.long_term && setting.kind == SettingKind::short_term) {
      throw entry.error("long_term", "short-term support is not a long-term service");
    }
    if (entry.node().find("out_of_county_share")) {
      if (!setting.has_places()) throw entry.error("out_of_county_share", "only settings with beds or places are placed out of county");
      setting.out_of_county_share = read_sourced_number(entry, "out_of_county_share", Bounds::probability(), model.citations);
    }
    if (entry.optional_node("when_full")) {
      if (!setting.has_places()) throw entry.error("when_full", "only settings with beds or places can be full");
      setting.when_full = entry.choice("when_full", {"out_of_county", "wait"}) == "wait" ? WhenFull::wait
                                                                                        : WhenFull::out_of_county;
    }
    entry.finish();
    const int index = static_cast<int>(model.settings.size());
    for (const auto& other : model.settings) {
      if (other.id == setting.id) throw entry.error("id", "setting " + quote_input(setting.id) + " is listed twice");
    }
    if (setting.kind == SettingKind::short_term) {
      if (short_term >= 0) throw entry.error("kind", "only one setting may be short_term");
      short_term = index;
    }
    if (setting.hours) {
      if (setting.kind != SettingKind::community) throw entry.error("hours", "only a community setting has hours");
      if (hours >= 0) throw entry.error("hours", "only one setting may have hours");
      hours = index;
    }
    model.settings.push_back(setting);
  }
  if (short_term < 0) throw care.error("settings", "one setting must be of kind short_term");
  if (hours < 0) throw care.error("settings", "one community setting must have hours: true (homecare)");
  model.short_term_setting = short_term;
  model.hours_setting = hours;
}

void read_client_groups(ConfigReader& care, CareModel& model) {
  for (auto& entry : care.map_list("client_groups")) {
    ClientGroup group{entry.text("id"), entry.text("name")};
    entry.finish();
    for (const auto& other : model.client_groups) {
      if (other.id == group.id) throw entry.error("id", "client group " + quote_input(group.id) + " is listed twice");
    }
    model.client_groups.push_back(group);
  }
  if (model.client_groups.empty()) throw care.error("client_groups", "a model needs at least one client group");
}

std::string age_text(int min_age, int max_age) { return std::to_string(min_age) + "-" + std::to_string(max_age); }

void read_caseload(const CsvTable& table, const CareModelContext& context, CareModel& model) {
  const auto settings = model.setting_ids();
  const auto groups = model.client_group_ids();
  auto locations = context.district_names;
  locations.emplace_back("out_of_county");
  // A person is counted in one row only: for each setting, group, home,
  // location and funding, the line that gave each age.
  std::map<std::tuple<int, int, int, int, bool>, std::vector<int>> line_of_age;
  const auto ages = static_cast<std::size_t>(context.oldest_age - context.adult_age + 1);
  double clients = 0.0;
  for (const auto& row : table.rows()) {
    CaseloadRow entry;
    entry.setting = lookup_name(table, row, table.column("setting"), settings, "setting");
    entry.client_group = lookup_name(table, row, table.column("client_group"), groups, "client group");
    entry.home_district = lookup_name(table, row, table.column("home_district"), context.district_names, "district");
    const int location = lookup_name(table, row, table.column("location"), locations, "district or out_of_county");
    entry.location = location == static_cast<int>(context.district_names.size()) ? out_of_county : location;
    const CareSetting& setting = model.settings[static_cast<std::size_t>(entry.setting)];
    if (!setting.has_places() && entry.location != entry.home_district) {
      throw table.error(row, table.column("location"), "a " + setting.id + " client lives at home: location must be the home district");
    }
    std::tie(entry.min_age, entry.max_age) = read_age_range(table, row, context.adult_age, context.oldest_age);
    const std::size_t funding = table.column("funding");
    if (row.fields[funding] != "council" && row.fields[funding] != "self") {
      throw table.error(row, funding, "expected council or self, got " + quote_input(row.fields[funding]));
    }
    entry.self_funded = row.fields[funding] == "self";
    auto& lines = line_of_age[{entry.setting, entry.client_group, entry.home_district, entry.location, entry.self_funded}];
    lines.resize(ages, 0);
    for (int age = entry.min_age; age <= entry.max_age; ++age) {
      int& line = lines[static_cast<std::size_t>(age - context.adult_age)];
      if (line != 0) {
        throw InputError::at({table.name(), row.line, 0}, "",
                             "age " + std::to_string(age) + " of these people (same setting, client group, districts and "
                             "funding) is already counted at line " + std::to_string(line) + "; rows must not overlap");
      }
      line = row.line;
    }
    entry.count = table.non_negative(row, table.column("count"));
    clients += entry.count;
    if (clients > context.people) {
      throw table.error(row, table.column("count"),
                        "the caseload reaches " + shortest_text(clients) + " clients, more than the " +
                            shortest_text(std::floor(context.people)) + " people in the model's districts");
    }
    cite_row(table, row, table.name() + " line " + std::to_string(row.line), row.fields[table.column("count")], model.citations);
    model.caseload.push_back(entry);
  }
}

void read_request_rates(const CsvTable& table, const CareModelContext& context, CareModel& model) {
  const auto groups = model.client_group_ids();
  const std::size_t ages = static_cast<std::size_t>(context.oldest_age - context.adult_age + 1);
  model.request_rate.assign(groups.size(), std::vector<double>(ages, 0.0));
  std::vector<std::vector<int>> seen(groups.size(), std::vector<int>(ages, 0));
  for (const auto& row : table.rows()) {
    const auto group = static_cast<std::size_t>(lookup_name(table, row, table.column("client_group"), groups, "client group"));
    const auto [min_age, max_age] = read_age_range(table, row, context.adult_age, context.oldest_age);
    const double per_1000 = table.non_negative(row, table.column("requests_per_1000"));
    if (per_1000 > input_limits::requests_per_1000) {
      throw table.error(row, table.column("requests_per_1000"),
                        "expected at most " + shortest_text(input_limits::requests_per_1000) +
                            " requests a year per 1,000 people (one each), got " +
                            shortened_input(row.fields[table.column("requests_per_1000")]));
    }
    const double rate = per_1000 / 1000.0;
    for (int age = min_age; age <= max_age; ++age) {
      int& line = seen[group][static_cast<std::size_t>(age - context.adult_age)];
      if (line != 0) {
        throw InputError::at({table.name(), row.line, 0}, "", "age " + std::to_string(age) + " of " + groups[group] +
                                                                  " is already given at line " + std::to_string(line));
      }
      line = row.line;
      model.request_rate[group][static_cast<std::size_t>(age - context.adult_age)] = rate;
    }
    cite_row(table, row, table.name() + " " + groups[group] + " " + age_text(min_age, max_age),
             row.fields[table.column("requests_per_1000")], model.citations);
  }
}

void read_district_need(const CsvTable& table, const CareModelContext& context, CareModel& model) {
  model.district_need.assign(context.district_names.size(), -1.0);
  for (const auto& row : table.rows()) {
    const auto district = static_cast<std::size_t>(lookup_name(table, row, table.column("district"), context.district_names, "district"));
    if (model.district_need[district] >= 0.0) {
      throw InputError::at({table.name(), row.line, 0}, "", "district " + context.district_names[district] + " is listed twice");
    }
    model.district_need[district] = table.non_negative(row, table.column("index"));
    cite_row(table, row, table.name() + " " + context.district_names[district], row.fields[table.column("index")], model.citations);
  }
  for (std::size_t d = 0; d < model.district_need.size(); ++d) {
    if (model.district_need[d] < 0.0) {
      throw InputError::at({table.name(), 0, 0}, "", "no row for district " + context.district_names[d]);
    }
  }
}

void read_entry_settings(const CsvTable& table, const CareModelContext& context, CareModel& model) {
  const auto settings = model.setting_ids();
  const auto groups = model.client_group_ids();
  const std::size_t ages = static_cast<std::size_t>(context.oldest_age - context.adult_age + 1);
  model.entry_share.assign(groups.size(), std::vector<std::vector<double>>(ages, std::vector<double>(settings.size(), 0.0)));
  std::vector<std::vector<int>> last_line(groups.size(), std::vector<int>(ages, 0));
  for (const auto& row : table.rows()) {
    const auto group = static_cast<std::size_t>(lookup_name(table, row, table.column("client_group"), groups, "client group"));
    const auto setting = static_cast<std::size_t>(lookup_name(table, row, table.column("setting"), settings, "setting"));
    if (static_cast<int>(setting) == model.short_term_setting) {
      throw table.error(row, table.column("setting"), "people enter long-term care after short-term support, not into it");
    }
    const auto [min_age, max_age] = read_age_range(table, row, context.adult_age, context.oldest_age);
    const double share = table.non_negative(row, table.column("share"));
    if (share > 1.0) throw table.error(row, table.column("share"), "a share must be between 0 and 1");
    for (int age = min_age; age <= max_age; ++age) {
      const auto a = static_cast<std::size_t>(age - context.adult_age);
      model.entry_share[group][a][setting] += share;
      last_line[group][a] = row.line;
    }
    cite_row(table, row, table.name() + " " + groups[group] + " " + settings[setting] + " " + age_text(min_age, max_age),
             row.fields[table.column("share")], model.citations);
  }
  // Each client group's shares must sum to 1 at every age that has requests.
  for (std::size_t g = 0; g < groups.size(); ++g) {
    for (std::size_t a = 0; a < ages; ++a) {
      double total = 0.0;
      for (double share : model.entry_share[g][a]) total += share;
      const bool needed = model.request_rate[g][a] > 0.0;
      if ((needed || total > 0.0) && std::abs(total - 1.0) > share_tolerance) {
        throw InputError::at({table.name(), last_line[g][a], 0}, "",
                             "entry shares for " + groups[g] + " at age " + std::to_string(a + static_cast<std::size_t>(context.adult_age)) +
                                 " sum to " + std::to_string(total) + ", not 1");
      }
    }
  }
}

void read_transitions(ConfigReader& care, const CareModelContext& context, CareModel& model) {
  ConfigReader section = care.map("transitions_at_18");
  model.transitions_per_year = read_sourced_number(section, "per_year", people_bounds(context), model.citations);
  const CsvTable table = read_table_reference(section, "mix", context.directory, context.display_directory, model.citations);
  section.finish();
  const auto settings = model.setting_ids();
  const auto groups = model.client_group_ids();
  double total = 0.0;
  for (const auto& row : table.rows()) {
    CareModel::Transition transition;
    transition.client_group = lookup_name(table, row, table.column("client_group"), groups, "client group");
    transition.setting = lookup_name(table, row, table.column("setting"), settings, "setting");
    transition.share = table.non_negative(row, table.column("share"));
    total += transition.share;
    cite_row(table, row, table.name() + " " + groups[static_cast<std::size_t>(transition.client_group)] + " " +
                             settings[static_cast<std::size_t>(transition.setting)],
             row.fields[table.column("share")], model.citations);
    model.transitions.push_back(transition);
  }
  if (!table.rows().empty() && std::abs(total - 1.0) > share_tolerance) {
    throw InputError::at({table.name(), 0, 0}, "", "shares sum to " + std::to_string(total) + ", not 1");
  }
  if (table.rows().empty() && model.transitions_per_year > 0.0) {
    throw InputError::at({table.name(), 0, 0}, "", "no rows, but transitions_at_18.per_year is above 0");
  }
}

void read_moves(const CsvTable& table, const CareModelContext& context, CareModel& model) {
  const auto settings = model.setting_ids();
  const auto groups = model.client_group_ids();
  auto destinations = settings;
  destinations.emplace_back("death");
  destinations.emplace_back("end");
  const std::size_t ages = static_cast<std::size_t>(context.oldest_age - context.adult_age + 1);
  model.moves.assign(settings.size(), std::vector<std::vector<std::vector<MoveRate>>>(
                                          groups.size(), std::vector<std::vector<MoveRate>>(ages)));
  for (const auto& row : table.rows()) {
    const auto from = static_cast<std::size_t>(lookup_name(table, row, table.column("from_setting"), settings, "setting"));
    const auto group = static_cast<std::size_t>(lookup_name(table, row, table.column("client_group"), groups, "client group"));
    const int to_index = lookup_name(table, row, table.column("to"), destinations, "setting, death or end");
    const int to = to_index < static_cast<int>(settings.size()) ? to_index
                   : to_index == static_cast<int>(settings.size()) ? move_death
                                                                   : move_end;
    if (to == static_cast<int>(from)) throw table.error(row, table.column("to"), "a move must lead to another setting");
    if (to == model.short_term_setting) throw table.error(row, table.column("to"), "short-term support is entered only from the front door");
    const auto [min_age, max_age] = read_age_range(table, row, context.adult_age, context.oldest_age);
    const double rate = table.non_negative(row, table.column("annual_rate"));
    if (rate > input_limits::annual_move_rate) {
      throw table.error(row, table.column("annual_rate"),
                        "expected at most " + shortest_text(input_limits::annual_move_rate) +
                            " a year (a mean stay of a day), got " + shortened_input(row.fields[table.column("annual_rate")]));
    }
    for (int age = min_age; age <= max_age; ++age) {
      auto& list = model.moves[from][group][static_cast<std::size_t>(age - context.adult_age)];
      for (const auto& existing : list) {
        if (existing.to == to) {
          throw InputError::at({table.name(), row.line, 0}, "",
                               "a rate from " + settings[from] + " to " + row.fields[table.column("to")] + " for " +
                                   groups[group] + " at age " + std::to_string(age) + " is given twice");
        }
      }
      list.push_back({to, rate});
    }
    cite_row(table, row, table.name() + " " + settings[from] + " -> " + row.fields[table.column("to")] + " " +
                             groups[group] + " " + age_text(min_age, max_age),
             row.fields[table.column("annual_rate")], model.citations);
  }
  // Nobody in long-term care is immortal: every setting, group and age needs
  // a death rate, so a gap in the table is an error rather than a silent zero.
  for (std::size_t s = 0; s < settings.size(); ++s) {
    if (static_cast<int>(s) == model.short_term_setting) continue;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      for (std::size_t a = 0; a < ages; ++a) {
        const auto& list = model.moves[s][g][a];
        const bool has_death = std::any_of(list.begin(), list.end(), [](const MoveRate& m) { return m.to == move_death; });
        if (!has_death) {
          throw InputError::at({table.name(), 0, 0}, "",
                               "no death rate for " + groups[g] + " in " + settings[s] + " at age " +
                                   std::to_string(a + static_cast<std::size_t>(context.adult_age)));
        }
      }
    }
  }
}

void read_capacity(const CsvTable& table, const CareModelContext& context, CareModel& model) {
  const auto settings = model.setting_ids();
  model.capacity.assign(settings.size(), std::vector<double>(context.district_names.size(),
                                                             std::numeric_limits<double>::infinity()));
  std::vector<std::vector<int>> seen(settings.size(), std::vector<int>(context.district_names.size(), 0));
  for (const auto& row : table.rows()) {
    const auto setting = static_cast<std::size_t>(lookup_name(table, row, table.column("setting"), settings, "setting"));
    const auto district = static_cast<std::size_t>(lookup_name(table, row, table.column("district"), context.district_names, "district"));
    const CareSetting& kind = model.settings[setting];
    if (!kind.has_places() && !kind.hours) {
      throw table.error(row, table.column("setting"), "only settings with beds, places or hours have a capacity");
    }
    if (seen[setting][district] != 0) {
      throw InputError::at({table.name(), row.line, 0}, "", "capacity for " + settings[setting] + " in " +
                                                                context.district_names[district] + " is given twice");
    }
    seen[setting][district] = row.line;
    model.capacity[setting][district] = table.non_negative(row, table.column("capacity"));
    cite_row(table, row, table.name() + " " + settings[setting] + " " + context.district_names[district],
             row.fields[table.column("capacity")], model.citations);
  }
}

void read_neighbours(const CsvTable& table, const CareModelContext& context, CareModel& model) {
  model.neighbours.assign(context.district_names.size(), {});
  for (const auto& row : table.rows()) {
    const auto district = static_cast<std::size_t>(lookup_name(table, row, table.column("district"), context.district_names, "district"));
    const int neighbour = lookup_name(table, row, table.column("neighbour"), context.district_names, "district");
    if (neighbour == static_cast<int>(district)) throw table.error(row, table.column("neighbour"), "a district is not its own neighbour");
    auto& list = model.neighbours[district];
    if (std::find(list.begin(), list.end(), neighbour) != list.end()) {
      throw table.error(row, table.column("neighbour"), "listed twice for " + context.district_names[district]);
    }
    list.push_back(neighbour);
    cite_row(table, row, table.name() + " " + context.district_names[district], row.fields[table.column("neighbour")], model.citations);
  }
}

}  // namespace


CareModel read_care_model(ConfigReader& care, const CareModelContext& context) {
  CareModel model;
  model.adult_age = context.adult_age;
  model.oldest_age = context.oldest_age;
  model.district_count = static_cast<int>(context.district_names.size());
  read_client_groups(care, model);
  read_settings(care, model);

  ConfigReader caseload = care.map("caseload");
  const std::string caseload_file = caseload.text("file");
  model.caseload_year = static_cast<int>(caseload.integer("year", 1900, 2200));
  const std::string caseload_source = caseload.text("source");
  caseload.finish();
  model.citations.push_back({caseload.path(), caseload_file, "source", caseload_source, caseload.node().where});
  read_caseload(CsvTable::read(context.directory / caseload_file,
                               (std::filesystem::path(context.display_directory) / caseload_file).lexically_normal().string()),
                context, model);

  ConfigReader front_door = care.map("front_door");
  read_request_rates(read_table_reference(front_door, "requests", context.directory, context.display_directory, model.citations),
                     context, model);
  read_district_need(read_table_reference(front_door, "district_need", context.directory, context.display_directory, model.citations),
                     context, model);
  model.short_term_share = read_sourced_number(front_door, "short_term_share", Bounds::probability(), model.citations);
  model.short_term_mean_days =
      read_sourced_number(front_door, "short_term_mean_days", Bounds::between(1, 3650, "a number of days"), model.citations);
  model.no_further_need_share = read_sourced_number(front_door, "no_further_need_share", Bounds::probability(), model.citations);
  model.long_term_share_of_further_need =
      read_sourced_number(front_door, "long_term_share_of_further_need", Bounds::probability(), model.citations);
  read_entry_settings(read_table_reference(front_door, "entry_settings", context.directory, context.display_directory, model.citations),
                      context, model);
  front_door.finish();

  read_transitions(care, context, model);
  read_moves(read_table_reference(care, "moves", context.directory, context.display_directory, model.citations), context, model);

  read_self_funding(care, context, model);

  ConfigReader hours = care.map("homecare_hours");
  model.homecare_mean_hours = read_sourced_number(hours, "mean_per_week", Bounds::between(0.1, 168, "hours a week"), model.citations);
  model.homecare_hours_shape = read_sourced_number(hours, "shape", Bounds::between(0.1, 1000, "a gamma shape"), model.citations);
  model.homecare_annual_change = read_sourced_number(hours, "annual_change", Bounds::between(-0.9, 10, "a yearly change"), model.citations);
  hours.finish();

  read_capacity(read_table_reference(care, "capacity", context.directory, context.display_directory, model.citations), context, model);
  read_neighbours(read_table_reference(care, "neighbours", context.directory, context.display_directory, model.citations), context, model);
  care.finish();

  for (const auto& row : model.caseload) {
    if (row.self_funded && (!model.self_funding_setting[static_cast<std::size_t>(row.setting)] ||
                            !model.self_funding_group[static_cast<std::size_t>(row.client_group)])) {
      throw InputError::at({context.display_directory, 0, 0}, "care.caseload",
                           "self-funded " + model.client_groups[static_cast<std::size_t>(row.client_group)].id + " in " +
                               model.settings[static_cast<std::size_t>(row.setting)].id +
                               ", which self_funding.settings and client_groups do not allow");
    }
  }
  return model;
}

}  // namespace carecast
