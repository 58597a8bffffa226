#pragma once
// The figures the briefing, the workbook and the comparison share, each
// computed one way: totals are summed within each replicate before their
// percentiles are taken; means add up, so a table's parts sum to its total.

#include <cstdint>
#include <string>
#include <vector>

#include "carecast/report/labelled_array.h"
#include "carecast/report/run_reader.h"

namespace carecast::report {

// Mean and type-7 percentiles (band_statistics) of `quantity` summed over
// every dimension but `kept`; the result's axes are "statistic" then `kept`
// in the file's order.
LabelledArray bands(const RunReader& run, QuantityId quantity, const std::vector<std::string>& kept);

// The summary's mean of `quantity` summed over every dimension but `kept`.
LabelledArray mean_of(const RunReader& run, QuantityId quantity, const std::vector<std::string>& kept);

// Per year, the share of replicates whose net spending summed over budget
// lines exceeds the budget summed over lines: the probability of an overspend
// on the whole service, which /summary/overspend_occurred gives per line only.
std::vector<double> total_overspend_probability(const RunReader& run);

// Per year, the mean over replicates of net spending summed over budget
// lines above the budget summed over lines, counting a replicate within
// budget as 0: the expected overspend on the whole service (lines over and
// under budget net off, so it is not the sum of the lines' own).
std::vector<double> total_expected_overspend(const RunReader& run);

// The budget path in words, for the net-spend section: "Budgets after
// 2024/25 grow each year by pay and contract inflation at the assumed
// rates...". Empty for a file from before the budget_path attribute.
std::string budget_path_words(const RunInfo& info);

// Per year and replicate, a quantity summed over every dimension but year:
// replicate × year.
LabelledArray yearly_totals(const RunReader& run, QuantityId quantity);

// The years a headline shows, by index: the first, the third and the last
// (as many of them as the run has).
std::vector<std::size_t> headline_years(std::size_t year_count);

// Settings with any bed nights in the run, in the file's order.
std::vector<std::string> settings_with_beds(const RunReader& run);

// The bridge's components in the order of the council's budget build
// (003_2f31bcd0cc11b4b0.txt line 294): base, the pressure of spending above
// it, pay and contract inflation, demand growth, rebase, savings, then any
// the file adds, then the net budget.
std::vector<std::string> bridge_columns(const Axis& components);
// The council's heading for a component: "base" -> "Revised base budget".
std::string bridge_column_name(const std::string& component);

// An id from the file written for people: "older_people" -> "Older people".
// Labels that are already names (districts, grants) pass unchanged.
std::string display_name(const std::string& id);

// The values of a one-dimensional array; throws if it has more dimensions.
std::vector<double> values_along(const LabelledArray& array);

// The named statistic of a summary, as a series over its remaining axis.
std::vector<double> statistic_series(const LabelledArray& summary, const std::string& statistic);

}  // namespace carecast::report
