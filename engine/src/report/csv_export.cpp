#include "carecast/report/csv_export.h"

#include <fmt/core.h>

#include <algorithm>

#include "carecast/core/error.h"
#include "carecast/report/assumptions.h"
#include "carecast/report/published.h"
#include "carecast/report/replicate_statistics.h"
#include "carecast/report/run_figures.h"
#include "carecast/report/sufficiency.h"

namespace carecast::report {
namespace {

constexpr std::string_view end_of_row = "\r\n";

void write_row(std::ostream& out, const std::vector<std::string>& fields) {
  for (std::size_t k = 0; k < fields.size(); ++k) out << (k ? "," : "") << fields[k];
  out << end_of_row;
}

// A budget line id is snake_case, so this label cannot be one.
constexpr std::string_view all_lines_label = "all lines";

bool has_all_lines_row(QuantityId id) {
  return id == QuantityId::net_spend || id == QuantityId::budget || id == QuantityId::overspend ||
         id == QuantityId::overspend_occurred;
}

// Per replicate and year, the quantity for the whole service: net spending
// and budget summed across lines within the replicate, and the overspend
// that sum makes (the lines' overspends do not add: one line's underspend
// offsets another's overspend).
LabelledArray all_lines_by_replicate(const RunReader& run, QuantityId id) {
  const LabelledArray net = yearly_totals(run, QuantityId::net_spend);
  const LabelledArray budget = yearly_totals(run, QuantityId::budget);
  if (id == QuantityId::net_spend) return net;
  if (id == QuantityId::budget) return budget;
  std::vector<double> values(net.values().size());
  for (std::size_t k = 0; k < values.size(); ++k) {
    const double over = net.values()[k] - budget.values()[k];
    values[k] = id == QuantityId::overspend ? std::max(over, 0.0) : (over > 0.0 ? 1.0 : 0.0);
  }
  const Quantity& quantity = quantity_entry(id).quantity;
  return LabelledArray(quantity.name, quantity.units, net.axes(), std::move(values));
}

// The summary (statistic x year x budget_line) with an all-lines row per
// year whose statistics are taken over the replicates' all-lines figures:
// the percentiles of a total are not the total of the lines' percentiles.
LabelledArray with_all_lines(const RunReader& run, QuantityId id) {
  const LabelledArray summary = run.summary(id);
  const std::vector<Axis>& axes = summary.axes();
  if (axes.size() != 3 || axes[1].name != "year" || axes[2].name != "budget_line") {
    throw InternalError(summary.name() + ": expected statistic, year and budget_line");
  }
  std::vector<Statistic> statistics;
  for (const std::string& label : axes[0].labels) {
    const auto found = std::find_if(band_statistics.begin(), band_statistics.end(),
                                    [&](const Statistic& statistic) { return statistic.label == label; });
    if (found == band_statistics.end()) throw InternalError(summary.name() + ": unknown statistic " + label);
    statistics.push_back(*found);
  }
  const LabelledArray all_lines = summarise_replicates(all_lines_by_replicate(run, id), statistics);

  Axis lines = axes[2];
  lines.labels.emplace_back(all_lines_label);
  std::vector<double> values;
  values.reserve(axes[0].size() * axes[1].size() * lines.size());
  for (std::size_t s = 0; s < axes[0].size(); ++s) {
    for (std::size_t y = 0; y < axes[1].size(); ++y) {
      for (std::size_t l = 0; l < axes[2].size(); ++l) values.push_back(summary.at({s, y, l}));
      values.push_back(all_lines.at({s, y}));
    }
  }
  return LabelledArray(summary.name(), summary.units(), {axes[0], axes[1], std::move(lines)}, std::move(values));
}

LabelledArray summary_for_csv(const RunReader& run, const std::string& quantity) {
  const QuantityEntry* entry = find_quantity(quantity);
  if (entry && has_all_lines_row(entry->id) && run.has_money()) return with_all_lines(run, entry->id);
  return run.summary(quantity);
}

// The market's sufficiency files: a row per year (and setting) and district,
// a column per figure, means over replicates (report/sufficiency.h).
constexpr std::string_view places_file = "sufficiency";
constexpr std::string_view homecare_file = "homecare_sufficiency";

void write_sufficiency(std::ostream& out, const RunReader& run, std::string_view which) {
  const Sufficiency market = market_sufficiency(run);
  const auto rows = [&](const std::vector<std::string>& leading, const std::vector<const LabelledArray*>& arrays) {
    const Axis& years = arrays.front()->axis("year");
    const Axis& districts = arrays.front()->axis("district");
    for (std::size_t y = 0; y < years.size(); ++y) {
      for (std::size_t d = 0; d < districts.size(); ++d) {
        std::vector<std::string> fields{years.labels[y]};
        fields.insert(fields.end(), leading.begin(), leading.end());
        fields.push_back(csv_field(districts.labels[d]));
        for (const LabelledArray* array : arrays) fields.push_back(csv_number(array->at({y, d})));
        write_row(out, fields);
      }
    }
  };
  if (which == places_file) {
    write_row(out, {"year", "setting", "district", "places", "occupied", "waiting", "places_short"});
    for (const PlaceSufficiency& setting : market.places) {
      rows({csv_field(setting.setting)}, {&setting.places, &setting.occupied, &setting.waiting, &setting.short_by});
    }
    return;
  }
  const HomecareSufficiency& homecare = market.homecare;
  write_row(out, {"year", "district", "capacity_hours_a_week", "delivered_hours_a_week", "needed_hours_a_week",
                  "unmet_hours_a_week"});
  rows({}, {&homecare.capacity, &homecare.delivered, &homecare.needed, &homecare.unmet});
}

}  // namespace

void write_tidy_csv(std::ostream& out, const LabelledArray& array) {
  const std::vector<Axis>& axes = array.axes();
  const bool by_statistic = !axes.empty() && axes.front().name == "statistic";
  const std::size_t first_dimension = by_statistic ? 1 : 0;
  const std::size_t columns = by_statistic ? axes.front().size() : 1;
  const std::size_t rows = columns == 0 ? 0 : array.values().size() / columns;

  std::vector<std::string> header;
  for (std::size_t k = first_dimension; k < axes.size(); ++k) header.push_back(csv_field(axes[k].name));
  if (by_statistic) {
    for (const std::string& label : axes.front().labels) header.push_back(csv_field(label));
  } else {
    header.emplace_back("value");
  }
  header.emplace_back("units");
  write_row(out, header);

  std::vector<std::size_t> index(axes.size() - first_dimension, 0);
  const std::string units = csv_field(array.units());
  for (std::size_t row = 0; row < rows; ++row) {
    std::vector<std::string> fields;
    for (std::size_t k = 0; k < index.size(); ++k) {
      const Axis& axis = axes[first_dimension + k];
      fields.push_back(axis.numeric() ? axis.labels[index[k]] : csv_field(axis.labels[index[k]]));
    }
    for (std::size_t column = 0; column < columns; ++column) {
      fields.push_back(csv_number(array.values()[column * rows + row]));
    }
    fields.push_back(units);
    write_row(out, fields);
    for (std::size_t k = index.size(); k-- > 0;) {  // the last dimension varies fastest
      if (++index[k] < axes[first_dimension + k].size()) break;
      index[k] = 0;
    }
  }
}

std::vector<CsvFile> csv_files(const RunReader& run, bool replicates) {
  std::vector<CsvFile> files;
  const std::vector<std::string> quantities = run.quantities("/summary");
  for (const std::string& quantity : quantities) files.push_back({quantity + ".csv", CsvFile::Kind::summary, quantity});
  files.push_back({"scenario.csv", CsvFile::Kind::scenario, ""});
  for (const std::string_view derived : {places_file, homecare_file}) {
    files.push_back({std::string(derived) + ".csv", CsvFile::Kind::sufficiency, std::string(derived)});
  }
  if (run.exists("/published")) files.push_back({"published.csv", CsvFile::Kind::published, ""});
  if (run.exists("/analysis")) {
    for (const std::string& name : run.quantities("/analysis")) {
      files.push_back({"analysis_" + name + ".csv", CsvFile::Kind::analysis, name});
    }
  }
  if (replicates) {
    for (const std::string& quantity : quantities) {
      if (run.exists("/replicates/" + quantity)) {
        files.push_back({"replicates/" + quantity + ".csv", CsvFile::Kind::replicates, quantity});
      }
    }
  }
  return files;
}

void write_csv_file(std::ostream& out, const RunReader& run, const CsvFile& file) {
  switch (file.kind) {
    case CsvFile::Kind::summary:
      write_tidy_csv(out, summary_for_csv(run, file.dataset));
      break;
    case CsvFile::Kind::replicates:
      write_tidy_csv(out, run.replicates(file.dataset));
      break;
    case CsvFile::Kind::analysis:
      write_tidy_csv(out, run.read("/analysis/" + file.dataset));
      break;
    case CsvFile::Kind::sufficiency:
      write_sufficiency(out, run, file.dataset);
      break;
    case CsvFile::Kind::published: {
      write_row(out, {"name", "quantity", "query", "year", "value", "source"});
      for (const PublishedPoint& figure : read_published(run)) {
        write_row(out, {csv_field(figure.name), csv_field(figure.quantity), csv_field(figure.query),
                        csv_number(static_cast<double>(figure.year)), csv_number(figure.value),
                        csv_field(figure.source)});
      }
      break;
    }
    case CsvFile::Kind::scenario: {
      write_row(out, {"key", "value", "basis", "source", "location"});
      for (const AssumptionRow& row : read_assumptions(run).rows) {
        write_row(out, {csv_field(row.key), csv_field(row.value), csv_field(row.basis), csv_field(row.source),
                        csv_field(row.location)});
      }
      break;
    }
  }
}

}  // namespace carecast::report
