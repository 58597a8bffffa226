#include "carecast/output/quantities.h"

#include <algorithm>
#include <array>

#include "carecast/core/error.h"

namespace carecast {
namespace {

// Differences (bridge parts) and drawn assumptions may be negative; counts
// and spending never are.
constexpr bool may_be_negative = true;

struct Spec {
  std::string_view name;
  std::string_view units;
  std::string_view description;
  std::array<std::string_view, 4> dimensions;  // the first ones; the rest empty
  bool may_be_negative = false;
};

struct Row {
  QuantityId id;
  QuantityPresence presence;
  Spec spec;
};

// The one place each name is written (tests/tools/test_quantity_names.py
// reads this table, so keep an entry's shape: id, presence, then name,
// units, description, dimensions and, when so, may_be_negative).
constexpr Row rows[] = {
    {QuantityId::population, QuantityPresence::always,
     {"population", "people", "adults resident at mid-year of the year's start (30 June), by district, sex and age band",
      {"year", "district", "sex", "age_band"}}},
    {QuantityId::population_deaths, QuantityPresence::always,
     {"population_deaths", "people", "deaths of adults between mid-year and the next mid-year, by age band at the start",
      {"year", "district", "sex", "age_band"}}},
    {QuantityId::clients, QuantityPresence::always,
     {"clients", "people",
      "council-funded people in each setting at the end of the financial year (31 March), by home district",
      {"year", "setting", "client_group", "district"}}},
    {QuantityId::admissions, QuantityPresence::always,
     {"admissions", "people",
      "council-funded starts in each setting during the year (new people and moves in), by home district",
      {"year", "setting", "client_group", "district"}}},
    {QuantityId::deaths, QuantityPresence::always,
     {"deaths", "people",
      "deaths of council-funded people during the year, by the setting they were in and home district",
      {"year", "setting", "client_group", "district"}}},
    {QuantityId::care_ended, QuantityPresence::always,
     {"care_ended", "people",
      "council-funded people whose care ended during the year other than by death, by setting and home district",
      {"year", "setting", "client_group", "district"}}},
    {QuantityId::moves_out, QuantityPresence::always,
     {"moves_out", "people",
      "council-funded people who moved from the setting to another during the year, by home district",
      {"year", "setting", "client_group", "district"}}},
    {QuantityId::bed_nights, QuantityPresence::always,
     {"bed_nights", "nights",
      "nights council-funded people spent in beds or places during the year, by the district of the bed (in county) "
      "or the home district (out of county)",
      {"year", "setting", "district", "placement"}}},
    {QuantityId::homecare_hours, QuantityPresence::always,
     {"homecare_hours", "care hours", "homecare hours delivered during the year, by home district", {"year", "district"}}},
    {QuantityId::unmet_homecare_hours, QuantityPresence::always,
     {"unmet_homecare_hours", "care hours",
      "homecare hours needed but beyond what the workforce could supply, by home district", {"year", "district"}}},
    {QuantityId::out_of_area_placements, QuantityPresence::always,
     {"out_of_area_placements", "people",
      "council-funded placements made outside the county during the year, by home district",
      {"year", "setting", "district"}}},
    {QuantityId::occupied_places, QuantityPresence::always,
     {"occupied_places", "places",
      "beds or places occupied on an average day, all funders, by district of the bed (homecare: hours a week "
      "delivered on average, by home district)",
      {"year", "setting", "district"}}},
    {QuantityId::occupancy, QuantityPresence::always,
     {"occupancy", "1", "occupied_places as a share of capacity (homecare: hours delivered as a share of the hours the workforce "
      "can supply); 0 where the model sets no capacity",
      {"year", "setting", "district"}}},
    {QuantityId::capacity, QuantityPresence::always,
     {"capacity", "places",
      "beds or places (homecare: hours a week the workforce can supply) in force during the year, the model's as "
      "the scenario changes them; 0 where the model sets no capacity",
      {"year", "setting", "district"}}},
    {QuantityId::self_funders, QuantityPresence::always,
     {"self_funders", "people",
      "self-funded residents at year end, by district of the bed (home district when out of county)",
      {"year", "setting", "district"}}},
    {QuantityId::self_funder_conversions, QuantityPresence::always,
     {"self_funder_conversions", "people",
      "self-funded residents who became council-funded during the year, by home district",
      {"year", "setting", "district"}}},
    {QuantityId::clients_by_age_band, QuantityPresence::always,
     {"clients_by_age_band", "people", "council-funded people in each setting at year end, by age band",
      {"year", "setting", "age_band"}}},
    {QuantityId::admissions_by_age_band, QuantityPresence::always,
     {"admissions_by_age_band", "people",
      "council-funded starts in each setting during the year, by age band at the start",
      {"year", "setting", "age_band"}}},
    {QuantityId::requests, QuantityPresence::always,
     {"requests", "requests", "new requests for support at the front door during the year, by home district",
      {"year", "client_group", "district"}}},
    {QuantityId::bed_nights_by_client_group, QuantityPresence::always,
     {"bed_nights_by_client_group", "nights",
      "nights council-funded people spent in beds or places during the year, by client group, in and out of county",
      {"year", "setting", "client_group", "placement"}}},
    {QuantityId::self_funder_bed_nights, QuantityPresence::always,
     {"self_funder_bed_nights", "nights",
      "nights self-funded residents spent in beds or places during the year, by the district of the bed (in county) "
      "or the home district (out of county)",
      {"year", "setting", "district", "placement"}}},
    {QuantityId::people_waiting, QuantityPresence::with_waiting_count,
     {"people_waiting", "people",
      "people waiting at year end for a place in a setting whose entrants wait when it is full, all funders, by "
      "client group and home district; they wait where they are (a newcomer at home with homecare) and are "
      "counted there too",
      {"year", "setting", "client_group", "district"}}},
    {QuantityId::assumptions, QuantityPresence::with_assumptions,
     {"assumptions", "1",
      "each replicate's value of each uncertain assumption, in the units of the key it stands for; 0 or 1 for "
      "whether a saving or lever is delivered",
      {"assumption"}, may_be_negative}},
    {QuantityId::spend_gross, QuantityPresence::with_money,
     {"spend_gross", "GBP", "gross spending on care packages in cash prices, by home district",
      {"year", "budget_line", "setting", "district"}}},
    {QuantityId::spend_income, QuantityPresence::with_money,
     {"spend_income", "GBP", "client contributions and other income on care packages",
      {"year", "budget_line", "setting", "district"}}},
    {QuantityId::spend_net, QuantityPresence::with_money,
     {"spend_net", "GBP", "gross less income on care packages", {"year", "budget_line", "setting", "district"}}},
    {QuantityId::other_costs, QuantityPresence::with_money,
     {"other_costs", "GBP",
      "the budget line's named costs outside care packages (staffing, in-house services...) less named income, each uplifted by its index",
      {"year", "budget_line"}, may_be_negative}},
    {QuantityId::unreconciled, QuantityPresence::with_reconciliation,
     {"unreconciled", "GBP",
      "the part of the base year's net budget the model does not explain, moved by contract prices; in net spending when the scenario carries it",
      {"year", "budget_line"}, may_be_negative}},
    {QuantityId::net_spend, QuantityPresence::with_money,
     {"net_spend", "GBP",
      "net spending of the budget line: care packages net of income, other costs, less savings delivered",
      {"year", "budget_line"}}},
    {QuantityId::budget, QuantityPresence::with_money,
     {"budget", "GBP", "the scenario's net budget for the budget line", {"year", "budget_line"}}},
    {QuantityId::grants, QuantityPresence::with_money,
     {"grants", "GBP", "grants received, by grant", {"year", "grant"}}},
    {QuantityId::mtfp_bridge, QuantityPresence::with_money,
     {"mtfp_bridge", "GBP",
      "net spending bridged from the year before: base (the year before's budget, or the base budget in the first "
      "year), rebase (first year: the base year's simulated run rate less the base budget), pressure (later "
      "years: the year before's net spending above its budget), pay and contract "
      "inflation (this year's volumes without policy repriced from last year's prices), demand growth (the "
      "volume change without policy at last year's prices), policy and savings (the change in the difference "
      "between the run and its paired run with levers off and no savings), and their sum, net",
      {"year", "budget_line", "bridge_component"}, may_be_negative}},
    {QuantityId::overspend, QuantityPresence::with_money,
     {"overspend", "GBP", "net spending above the budget (0 when within it); its mean is the expected overspend",
      {"year", "budget_line"}}},
    {QuantityId::overspend_occurred, QuantityPresence::with_money,
     {"overspend_occurred", "1",
      "1 when net spending exceeds the budget; its mean is the probability of overspending",
      {"year", "budget_line"}}},
    {QuantityId::savings_delivered, QuantityPresence::with_money,
     {"savings_delivered", "GBP", "the budget line's cash savings delivered, taken off its net spending",
      {"year", "budget_line"}}},
    {QuantityId::spend_per_inflation_point, QuantityPresence::with_money,
     {"spend_per_inflation_point", "GBP",
      "net spending that one percentage point more pay, contract or care wage inflation adds to the year: in that year "
      "alone, or in every year from the first (compounding); negative for a year before the price year",
      {"year", "budget_line", "inflation_change"}, may_be_negative}},
    {QuantityId::homecare_premium_spend, QuantityPresence::with_homecare_premium,
     {"homecare_premium_spend", "GBP",
      "the premium over the hourly rate paid for homecare hours the workforce could not supply, bought instead "
      "(agency or spot purchase); part of spend_gross for the hours setting, by home district",
      {"year", "budget_line", "district"}}},
    {QuantityId::rank_regression_coefficient, QuantityPresence::sensitivity,
     {"rank_regression_coefficient", "1",
      "standardised rank regression coefficient of net spending on each assumption; the sign says which way it "
      "moves spending",
      {"sensitivity_year", "spend_scope", "assumption"}, may_be_negative}},
    {QuantityId::variance_share, QuantityPresence::sensitivity,
     {"variance_share", "1",
      "share of the variance of net spending's rank explained by each assumption (the coefficient squared)",
      {"sensitivity_year", "spend_scope", "assumption"}}},
    {QuantityId::rank_regression_r2, QuantityPresence::sensitivity,
     {"rank_regression_r2", "1",
      "share of the variance of net spending's rank the assumptions explain together; the rest is the care "
      "system's own randomness",
      {"sensitivity_year", "spend_scope"}}},
};

QuantityEntry entry_of(const Row& row) {
  Quantity quantity{std::string(row.spec.name), std::string(row.spec.units), std::string(row.spec.description), {},
                    row.spec.may_be_negative};
  for (const std::string_view dimension : row.spec.dimensions) {
    if (!dimension.empty()) quantity.dimensions.emplace_back(dimension);
  }
  return {row.id, row.presence, std::move(quantity)};
}

}  // namespace

const std::vector<QuantityEntry>& quantity_table() {
  static const std::vector<QuantityEntry> table = [] {
    std::vector<QuantityEntry> made;
    for (const Row& row : rows) {
      if (static_cast<std::size_t>(row.id) != made.size()) {
        throw InternalError("quantity table out of order at " + std::string(row.spec.name));
      }
      made.push_back(entry_of(row));
    }
    return made;
  }();
  return table;
}

const QuantityEntry& quantity_entry(QuantityId id) { return quantity_table().at(static_cast<std::size_t>(id)); }

const std::string& quantity_name(QuantityId id) { return quantity_entry(id).quantity.name; }

const QuantityEntry* find_quantity(std::string_view name) {
  const auto& table = quantity_table();
  const auto found =
      std::find_if(table.begin(), table.end(), [&](const QuantityEntry& entry) { return entry.quantity.name == name; });
  return found == table.end() ? nullptr : &*found;
}

void add_quantities(OutputLayout& layout, QuantityPresence presence) {
  for (const QuantityEntry& entry : quantity_table()) {
    if (entry.presence == presence) layout.add_quantity(entry.quantity);
  }
}

bool has_quantity(const OutputLayout& layout, QuantityId id) { return layout.has_quantity(quantity_name(id)); }

std::size_t quantity_index(const OutputLayout& layout, QuantityId id) { return layout.quantity_index(quantity_name(id)); }

}  // namespace carecast
