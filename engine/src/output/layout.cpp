#include "carecast/output/layout.h"

#include <algorithm>

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

std::size_t OutputLayout::quantity_index(const std::string& name) const {
  for (std::size_t q = 0; q < quantities_.size(); ++q) {
    if (quantities_[q].name == name) return q;
  }
  throw InternalError("no such quantity: " + name);
}

void ReplicateValues::reset(const OutputLayout& layout) {
  arrays.resize(layout.quantities().size());
  for (std::size_t q = 0; q < arrays.size(); ++q) arrays[q].assign(layout.size(q), 0.0);
}

}  // namespace carecast
