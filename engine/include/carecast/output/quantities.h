#pragma once
// The quantities of a run file, in one table: each one's name, units,
// description, dimensions, whether it may be negative and when a run has it
// (docs/output-format.md lists the same, checked by
// tests/tools/test_quantity_names.py). Code names a quantity by its id and
// takes the name from here, so a name is written once.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "carecast/output/layout.h"

namespace carecast {

// In the order the run file holds them. Each id is spelled as the name.
enum class QuantityId {
  population,
  population_deaths,
  clients,
  admissions,
  deaths,
  care_ended,
  moves_out,
  bed_nights,
  homecare_hours,
  unmet_homecare_hours,
  out_of_area_placements,
  occupied_places,
  occupancy,
  capacity,
  self_funders,
  self_funder_conversions,
  clients_by_age_band,
  admissions_by_age_band,
  requests,
  bed_nights_by_client_group,
  self_funder_bed_nights,
  people_waiting,
  assumptions,
  spend_gross,
  spend_income,
  spend_net,
  other_costs,
  unreconciled,
  net_spend,
  budget,
  grants,
  mtfp_bridge,
  overspend,
  overspend_occurred,
  savings_delivered,
  spend_per_inflation_point,
  homecare_premium_spend,
  rank_regression_coefficient,
  variance_share,
  rank_regression_r2,
};

// When a run file has a quantity, and where.
enum class QuantityPresence {
  always,            // in /replicates and /summary
  with_assumptions,  // the same, when the scenario has uncertain assumptions or deliveries that may fail
  with_money,        // the same, when the scenario has a money section
  with_reconciliation,  // the same, when the scenario's money reconciles its base year
  with_waiting_count,  // the same, when the scenario's market section asks to count people waiting
  with_homecare_premium,  // the same, when the scenario's money buys unmet homecare at a premium
  sensitivity,       // in /analysis, when the sensitivity ranking is written
};

struct QuantityEntry {
  QuantityId id;
  QuantityPresence presence;
  Quantity quantity;  // name, units, description, dimensions, sign
};

// Every quantity, in QuantityId order.
const std::vector<QuantityEntry>& quantity_table();
const QuantityEntry& quantity_entry(QuantityId id);
const std::string& quantity_name(QuantityId id);
// The entry named `name`, or null: names in a user's file (a calibration
// target) are looked up here.
const QuantityEntry* find_quantity(std::string_view name);

// Adds the table's quantities with `presence` to `layout`, in table order;
// their dimensions must already be there.
void add_quantities(OutputLayout& layout, QuantityPresence presence);

bool has_quantity(const OutputLayout& layout, QuantityId id);
// Throws InternalError when the layout lacks it.
std::size_t quantity_index(const OutputLayout& layout, QuantityId id);

}  // namespace carecast
