#include "carecast/report/run_figures.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "carecast/core/error.h"
#include "carecast/report/finance_format.h"
#include "carecast/report/replicate_statistics.h"

namespace carecast::report {

LabelledArray bands(const RunReader& run, QuantityId quantity, const std::vector<std::string>& kept) {
  std::vector<std::string> with_replicate{"replicate"};
  with_replicate.insert(with_replicate.end(), kept.begin(), kept.end());
  return summarise_replicates(run.replicates(quantity).sum_all_but(with_replicate));
}

LabelledArray mean_of(const RunReader& run, QuantityId quantity, const std::vector<std::string>& kept) {
  return run.summary(quantity).select("statistic", "mean").sum_all_but(kept);
}

LabelledArray yearly_totals(const RunReader& run, QuantityId quantity) {
  return run.replicates(quantity).sum_all_but({"replicate", "year"});
}

std::vector<double> total_overspend_probability(const RunReader& run) {
  const LabelledArray net = yearly_totals(run, QuantityId::net_spend);
  const LabelledArray budget = yearly_totals(run, QuantityId::budget);
  const std::size_t replicates = net.axes()[0].size();
  const std::size_t years = net.axes()[1].size();
  std::vector<double> probability(years, 0.0);
  for (std::size_t y = 0; y < years; ++y) {
    std::size_t over = 0;
    for (std::size_t r = 0; r < replicates; ++r) over += net.at({r, y}) > budget.at({r, y}) ? 1 : 0;
    probability[y] = static_cast<double>(over) / static_cast<double>(replicates);
  }
  return probability;
}

std::vector<double> total_expected_overspend(const RunReader& run) {
  const LabelledArray net = yearly_totals(run, QuantityId::net_spend);
  const LabelledArray budget = yearly_totals(run, QuantityId::budget);
  const std::size_t replicates = net.axes()[0].size();
  const std::size_t years = net.axes()[1].size();
  std::vector<double> expected(years, 0.0);
  for (std::size_t y = 0; y < years; ++y) {
    double over = 0.0;
    for (std::size_t r = 0; r < replicates; ++r) over += std::max(0.0, net.at({r, y}) - budget.at({r, y}));
    expected[y] = over / static_cast<double>(replicates);
  }
  return expected;
}

std::string budget_path_words(const RunInfo& info) {
  if (info.budget_path.empty()) return "";
  if (info.budget_path == "given" || (info.budget_path_after && *info.budget_path_after >= info.last_year)) {
    return "Budgets are as the scenario gives them, year by year, in cash.";
  }
  const std::string after = info.budget_path_after ? "Budgets after " + financial_year(*info.budget_path_after)
                                                   : "Budgets after the years the scenario gives";
  if (info.budget_path == "flat") {
    return after + " are held flat in cash: no growth is assumed, so later years' chances and sizes of an overspend "
                   "are against the same cash budget.";
  }
  if (info.budget_path == "pay_and_contract_inflation") {
    return after + " grow each year by pay and contract inflation at the assumed rates: each line's own mix of pay- "
                   "and contract-indexed spending, every uncertain rate at its mean, so the budget is the same in every "
                   "replicate, as a council sets one.";
  }
  return after + " grow each year by the growth the scenario approves for each line.";
}

std::vector<std::string> settings_with_beds(const RunReader& run) {
  const LabelledArray by_setting = mean_of(run, QuantityId::bed_nights, {"setting"});
  std::vector<std::string> settings;
  for (std::size_t s = 0; s < by_setting.values().size(); ++s) {
    if (by_setting.values()[s] > 0.0) settings.push_back(by_setting.axes()[0].labels[s]);
  }
  return settings;
}

std::string display_name(const std::string& id) {
  const bool is_id = !id.empty() && std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::islower(c) || std::isdigit(c) || c == '_';
  });
  if (!is_id) return id;
  std::string name = id;
  for (char& c : name) c = c == '_' ? ' ' : c;
  name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  return name;
}

namespace {

const std::array<std::pair<std::string_view, std::string_view>, 8> council_bridge_columns = {{
    {"base", "Revised base budget"},
    {"pressure", "Pressure: modelled spend above budget"},
    {"pay_inflation", "Pay inflation"},
    {"contract_inflation", "Contract inflation"},
    {"demand_growth", "Growth (demand)"},
    {"rebase", "Rebase"},
    {"policy_and_savings", "Savings and policy"},
    {"net", "Modelled net spend"},
}};

}  // namespace

std::vector<std::string> bridge_columns(const Axis& components) {
  std::vector<std::string> ordered;
  for (const auto& [id, name] : council_bridge_columns) {
    if (id != "net" && components.contains(id)) ordered.emplace_back(id);
  }
  for (const std::string& id : components.labels) {
    if (id != "net" && std::find(ordered.begin(), ordered.end(), id) == ordered.end()) ordered.push_back(id);
  }
  if (components.contains("net")) ordered.emplace_back("net");
  return ordered;
}

std::string bridge_column_name(const std::string& component) {
  for (const auto& [id, name] : council_bridge_columns) {
    if (id == component) return std::string(name);
  }
  return display_name(component);
}

std::vector<double> values_along(const LabelledArray& array) {
  if (array.axes().size() != 1) throw InputError(array.name() + ": expected one dimension");
  return array.values();
}

std::vector<double> statistic_series(const LabelledArray& summary, const std::string& statistic) {
  return values_along(summary.select("statistic", statistic));
}

std::vector<std::size_t> headline_years(std::size_t year_count) {
  std::vector<std::size_t> picked{0};
  if (year_count > 3) picked.push_back(2);
  if (year_count > 1) picked.push_back(year_count - 1);
  return picked;
}

}  // namespace carecast::report
