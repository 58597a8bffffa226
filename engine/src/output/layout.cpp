#include "carecast/output/layout.h"

#include <algorithm>
#include <cmath>

#include "carecast/core/error.h"

namespace carecast {

void OutputLayout::add_dimension(Dimension dimension) {
  for (const auto& existing : dimensions_) {
    if (existing.name == dimension.name) throw InternalError("dimension defined twice: " + dimension.name);
  }
  dimensions_.push_back(std::move(dimension));
}

std::size_t OutputLayout::add_quantity(Quantity quantity) {
  for (const auto& name : quantity.dimensions) dimension(name);
  for (const auto& existing : quantities_) {
    if (existing.name == quantity.name) throw InternalError("quantity defined twice: " + quantity.name);
  }
  quantities_.push_back(std::move(quantity));
  return quantities_.size() - 1;
}

const Dimension& OutputLayout::dimension(const std::string& name) const {
  const auto found = std::find_if(dimensions_.begin(), dimensions_.end(),
                                  [&](const Dimension& d) { return d.name == name; });
  if (found == dimensions_.end()) throw InternalError("no such dimension: " + name);
  return *found;
}

std::vector<std::size_t> OutputLayout::shape(std::size_t quantity) const {
  std::vector<std::size_t> extents;
  for (const auto& name : quantities_.at(quantity).dimensions) extents.push_back(dimension(name).size());
  return extents;
}

std::size_t OutputLayout::size(std::size_t quantity) const {
  std::size_t total = 1;
  for (std::size_t extent : shape(quantity)) total *= extent;
  return total;
}

std::size_t OutputLayout::total_size() const {
  std::size_t total = 0;
  for (std::size_t q = 0; q < quantities_.size(); ++q) total += size(q);
  return total;
}

void OutputLayout::add_label_notes(LabelNotes notes) {
  if (notes.notes.size() != dimension(notes.dimension).size()) {
    throw InternalError("label notes " + notes.name + " do not match dimension " + notes.dimension);
  }
  label_notes_.push_back(std::move(notes));
}

bool OutputLayout::has_quantity(const std::string& name) const {
  for (const auto& quantity : quantities_) {
    if (quantity.name == name) return true;
  }
  return false;
}

std::size_t OutputLayout::quantity_index(const std::string& name) const {
  for (std::size_t q = 0; q < quantities_.size(); ++q) {
    if (quantities_[q].name == name) return q;
  }
  throw InternalError("no such quantity: " + name);
}

void check_numeric_health(const OutputLayout& layout, std::size_t quantity, const double* values, std::size_t replicates,
                          std::int64_t first_replicate) {
  const Quantity& spec = layout.quantities().at(quantity);
  const std::size_t cells = layout.size(quantity);
  for (std::size_t i = 0; i < replicates * cells; ++i) {
    const double value = values[i];
    if (std::isfinite(value) && (spec.may_be_negative || value >= 0.0)) continue;
    const std::size_t replicate = i / cells;
    std::size_t rest = i % cells;
    std::string where;
    const auto shape = layout.shape(quantity);
    std::vector<std::string> labels(shape.size());
    for (std::size_t k = shape.size(); k-- > 0;) {
      const Dimension& dimension = layout.dimension(spec.dimensions[k]);
      const std::size_t index = rest % shape[k];
      rest /= shape[k];
      labels[k] = spec.dimensions[k] + "=" +
                  (dimension.numeric() ? std::to_string(dimension.numbers[index]) : dimension.labels[index]);
    }
    for (const auto& label : labels) where += (where.empty() ? "" : ", ") + label;
    throw InternalError("numeric health check failed: " + spec.name + " is " + std::to_string(value) + " in replicate " +
                        std::to_string(first_replicate + static_cast<std::int64_t>(replicate)) + " (" + where +
                        "); nothing was written");
  }
}

void ReplicateValues::reset(const OutputLayout& layout) {
  arrays.resize(layout.quantities().size());
  for (std::size_t q = 0; q < arrays.size(); ++q) arrays[q].assign(layout.size(q), 0.0);
}

}  // namespace carecast
