#include "carecast/calibration/base_year.h"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "carecast/core/error.h"
#include "carecast/loading/config_reader.h"
#include "carecast/loading/yaml_document.h"
#include "carecast/output/statistics.h"

namespace carecast {
namespace {

Measure read_measure(ConfigReader reader) {
  Measure measure;
  const ConfigNode& quantity = reader.required_node("quantity");
  if (quantity.kind == ConfigNode::Kind::sequence) {
    for (const auto& item : quantity.items) measure.quantities.push_back(to_text(item, reader.path_of("quantity")));
  } else {
    measure.quantities.push_back(to_text(quantity, reader.path_of("quantity")));
  }
  if (auto where = reader.optional_map("where")) {
    for (const auto& labels : where->node().entries) {
      const std::string& dimension = labels.key;
      where->optional_node(dimension);
      std::vector<std::string> kept;
      if (labels.kind == ConfigNode::Kind::sequence) {
        for (const auto& label : labels.items) kept.push_back(to_text(label, where->path_of(dimension)));
      } else {
        kept.push_back(to_text(labels, where->path_of(dimension)));
      }
      measure.where[dimension] = kept;
    }
    where->finish();
  }
  measure.scale = reader.number_or("scale", 1.0, Bounds::any());
  reader.finish();
  return measure;
}

std::string label_of(const Dimension& dimension, std::size_t index) {
  return dimension.numeric() ? std::to_string(dimension.numbers[index]) : dimension.labels[index];
}

// Per-replicate sums of one quantity's kept cells, optionally with one
// dimension fixed to one label (for targets reported label by label).
std::vector<double> evaluate_quantity(const std::string& name, const Measure& measure, const OutputLayout& layout,
                                      const ReplicateStore& store, const std::string& target_name, const std::string& by,
                                      const std::string& by_label) {
  std::size_t q = 0;
  try {
    q = layout.quantity_index(name);
  } catch (const InternalError&) {
    throw InputError("calibration target \"" + target_name + "\": no output quantity \"" + name + "\"");
  }
  const Quantity& quantity = layout.quantities()[q];
  for (const auto& [dimension, labels] : measure.where) {
    if (std::find(quantity.dimensions.begin(), quantity.dimensions.end(), dimension) == quantity.dimensions.end()) {
      throw InputError("calibration target \"" + target_name + "\": quantity " + name + " has no dimension " + dimension);
    }
    const Dimension& known = layout.dimension(dimension);
    for (const auto& label : labels) {
      bool found = false;
      for (std::size_t i = 0; i < known.size(); ++i) found = found || label_of(known, i) == label;
      if (!found) throw InputError("calibration target \"" + target_name + "\": no " + dimension + " \"" + label + "\"");
    }
  }
  // A mask per dimension: which labels are kept.
  std::vector<std::vector<bool>> keep;
  for (const auto& name : quantity.dimensions) {
    const Dimension& dimension = layout.dimension(name);
    std::vector<bool> mask(dimension.size(), true);
    auto apply = [&](const std::vector<std::string>& labels) {
      for (std::size_t i = 0; i < dimension.size(); ++i) {
        mask[i] = mask[i] && std::find(labels.begin(), labels.end(), label_of(dimension, i)) != labels.end();
      }
    };
    if (const auto found = measure.where.find(name); found != measure.where.end()) apply(found->second);
    if (name == by) apply({by_label});
    keep.push_back(mask);
  }
  const std::vector<std::size_t> shape = layout.shape(q);
  const std::size_t cells = layout.size(q);
  std::vector<double> values;
  for (std::int64_t r = 0; r < store.count; ++r) {
    const double* data = store.replicate_values(q, store.first + r, cells);
    double total = 0.0;
    for (std::size_t cell = 0; cell < cells; ++cell) {
      std::size_t rest = cell;
      bool kept = true;
      for (std::size_t k = shape.size(); k-- > 0;) {
        kept = kept && keep[k][rest % shape[k]];
        rest /= shape[k];
      }
      if (kept) total += data[cell];
    }
    values.push_back(total * measure.scale);
  }
  return values;
}

std::vector<double> evaluate(const Measure& measure, const OutputLayout& layout, const ReplicateStore& store,
                             const std::string& target_name, const std::string& by = "", const std::string& by_label = "") {
  std::vector<double> total(static_cast<std::size_t>(store.count), 0.0);
  for (const auto& name : measure.quantities) {
    const auto values = evaluate_quantity(name, measure, layout, store, target_name, by, by_label);
    for (std::size_t r = 0; r < total.size(); ++r) total[r] += values[r];
  }
  return total;
}

std::string format_number(double value) {
  std::ostringstream out;
  const double magnitude = std::abs(value);
  out.setf(std::ios::fixed);
  out.precision(magnitude >= 100 ? 0 : magnitude >= 1 ? 1 : 3);
  out << value;
  std::string text = out.str();
  const std::size_t point = text.find('.');
  const std::size_t digits_end = point == std::string::npos ? text.size() : point;
  const std::size_t first = text[0] == '-' ? 1 : 0;
  std::string grouped;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i > first && i < digits_end && (digits_end - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(text[i]);
  }
  return grouped;
}

}  // namespace

CalibrationFile read_calibration_file(const std::filesystem::path& path, const std::string& display_name) {
  const ConfigNode tree = read_yaml_file(path, display_name);
  ConfigReader top(tree, "");
  CalibrationFile file;
  file.title = top.text("title");
  for (auto& entry : top.map_list("targets")) {
    CalibrationTarget target;
    target.name = entry.text("name");
    target.source = entry.text("source");
    target.note = entry.text_or("note", "");
    target.measure = read_measure(entry.map("measure"));
    if (auto per = entry.optional_map("per")) {
      target.has_denominator = true;
      target.denominator = read_measure(*per);
    }
    target.by = entry.text_or("by", "");
    target.per_total = entry.boolean_or("per_total", false);
    const ConfigNode& published = entry.required_node("published");
    if (published.is_map()) {
      if (target.by.empty()) throw entry.error("published", "a published value per label needs `by:` naming the dimension");
      ConfigReader values(published, entry.path_of("published"));
      for (const auto& value : published.entries) {
        target.published[value.key] = to_number(value, values.path_of(value.key), Bounds::any());
        values.optional_node(value.key);
      }
      values.finish();
    } else {
      target.published[""] = to_number(published, entry.path_of("published"), Bounds::any());
    }
    target.published_scale = entry.number_or("published_scale", 1.0, Bounds::non_negative("a scale"));
    target.tolerance = entry.number_or("tolerance", 0.10, Bounds::probability());
    entry.finish();
    file.targets.push_back(target);
  }
  top.finish();
  return file;
}

std::vector<CalibrationRow> evaluate_calibration(const CalibrationFile& file, const OutputLayout& layout,
                                                 const ReplicateStore& store) {
  std::vector<CalibrationRow> rows;
  for (const CalibrationTarget& target : file.targets) {
    for (const auto& [label, published] : target.published) {
      std::vector<double> values = evaluate(target.measure, layout, store, target.name, target.by, label);
      if (target.has_denominator) {
        const std::vector<double> denominator =
            target.per_total ? evaluate(target.denominator, layout, store, target.name)
                             : evaluate(target.denominator, layout, store, target.name, target.by, label);
        for (std::size_t r = 0; r < values.size(); ++r) values[r] = denominator[r] != 0.0 ? values[r] / denominator[r] : 0.0;
      }
      CalibrationRow row;
      row.figure = label.empty() ? target.name : target.name + ": " + label;
      row.source = target.source;
      row.note = target.note;
      row.published = published;
      row.target = published * target.published_scale;
      row.tolerance = target.tolerance;
      const std::vector<double> summary = summarise(values.data(), values.size(), 1);
      row.mean = summary[0];
      row.p5 = summary[1];
      row.p95 = summary[3];
      rows.push_back(row);
    }
  }
  return rows;
}

std::string calibration_markdown(const std::string& heading, const std::string& provenance,
                                 const std::vector<CalibrationRow>& rows) {
  std::ostringstream out;
  out << "# " << heading << "\n\n" << provenance << "\n\n";
  out << "| figure | published | base-year target | simulated mean (5%-95%) | error | within |\n";
  out << "|---|---:|---:|---:|---:|---|\n";
  int outside = 0;
  for (const auto& row : rows) {
    std::ostringstream error;
    error.setf(std::ios::fixed);
    error.precision(1);
    error << (row.relative_error() >= 0 ? "+" : "") << 100.0 * row.relative_error() << "%";
    const std::string tolerance = "±" + std::to_string(static_cast<int>(std::lround(100 * row.tolerance))) + "%";
    out << "| " << row.figure << " | " << format_number(row.published) << " | " << format_number(row.target) << " | "
        << format_number(row.mean) << " (" << format_number(row.p5) << "-" << format_number(row.p95) << ") | "
        << error.str() << " | " << (row.within() ? "yes" : "**no**") << " (" << tolerance << ") |\n";
    if (!row.within()) ++outside;
  }
  out << "\n" << rows.size() - static_cast<std::size_t>(outside) << " of " << rows.size() << " figures within tolerance.\n\n";
  out << "## Sources and notes\n\n";
  std::string last;
  for (const auto& row : rows) {
    const std::string name = row.figure.substr(0, row.figure.find(": "));
    if (name == last) continue;
    last = name;
    out << "- **" << name << "**: " << row.source;
    if (!row.note.empty()) out << " " << row.note;
    out << "\n";
  }
  return out.str();
}

}  // namespace carecast
