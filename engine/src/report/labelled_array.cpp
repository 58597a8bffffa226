#include "carecast/report/labelled_array.h"

#include <algorithm>

#include "carecast/core/error.h"

namespace carecast::report {

Axis Axis::of_labels(std::string name, std::vector<std::string> labels) {
  return Axis{std::move(name), std::move(labels), {}};
}

Axis Axis::of_numbers(std::string name, std::vector<std::int64_t> numbers) {
  Axis axis{std::move(name), {}, std::move(numbers)};
  for (std::int64_t number : axis.numbers) axis.labels.push_back(std::to_string(number));
  return axis;
}

std::size_t Axis::index_of(std::string_view label) const {
  const auto found = std::find(labels.begin(), labels.end(), label);
  if (found == labels.end()) throw InputError("dimension " + name + " has no label " + std::string(label));
  return static_cast<std::size_t>(found - labels.begin());
}

bool Axis::contains(std::string_view label) const {
  return std::find(labels.begin(), labels.end(), label) != labels.end();
}

LabelledArray::LabelledArray(std::string name, std::string units, std::vector<Axis> axes, std::vector<double> values)
    : name_(std::move(name)), units_(std::move(units)), axes_(std::move(axes)), values_(std::move(values)) {
  std::size_t cells = 1;
  for (const Axis& axis : axes_) cells *= axis.size();
  if (cells != values_.size()) {
    throw InputError(name_ + ": " + std::to_string(values_.size()) + " values do not fill its dimensions (" +
                     std::to_string(cells) + " cells)");
  }
}

std::vector<std::size_t> LabelledArray::shape() const {
  std::vector<std::size_t> extents;
  for (const Axis& axis : axes_) extents.push_back(axis.size());
  return extents;
}

bool LabelledArray::has_axis(std::string_view name) const {
  return std::any_of(axes_.begin(), axes_.end(), [&](const Axis& axis) { return axis.name == name; });
}

std::size_t LabelledArray::axis_position(std::string_view name) const {
  for (std::size_t k = 0; k < axes_.size(); ++k) {
    if (axes_[k].name == name) return k;
  }
  throw InputError(name_ + " has no dimension " + std::string(name));
}

const Axis& LabelledArray::axis(std::string_view name) const { return axes_[axis_position(name)]; }

double LabelledArray::at(const std::vector<std::size_t>& index) const {
  std::size_t offset = 0;
  for (std::size_t k = 0; k < axes_.size(); ++k) offset = offset * axes_[k].size() + index.at(k);
  return values_.at(offset);
}

double LabelledArray::at_labels(const std::vector<std::pair<std::string_view, std::string_view>>& where) const {
  if (where.size() != axes_.size()) throw InputError(name_ + ": a value needs every dimension named");
  std::vector<std::size_t> index(axes_.size());
  for (const auto& [axis_name, label] : where) {
    const std::size_t position = axis_position(axis_name);
    index[position] = axes_[position].index_of(label);
  }
  return at(index);
}

LabelledArray::Split LabelledArray::split_at(std::size_t position) const {
  Split split{1, axes_.at(position).size(), 1};
  for (std::size_t k = 0; k < position; ++k) split.outer *= axes_[k].size();
  for (std::size_t k = position + 1; k < axes_.size(); ++k) split.inner *= axes_[k].size();
  return split;
}

std::vector<Axis> LabelledArray::axes_without(std::size_t position) const {
  std::vector<Axis> kept = axes_;
  kept.erase(kept.begin() + static_cast<std::ptrdiff_t>(position));
  return kept;
}

LabelledArray LabelledArray::sum_over(std::string_view axis) const {
  const std::size_t position = axis_position(axis);
  const Split split = split_at(position);
  std::vector<double> sums(split.outer * split.inner, 0.0);
  for (std::size_t o = 0; o < split.outer; ++o) {
    for (std::size_t e = 0; e < split.extent; ++e) {
      for (std::size_t i = 0; i < split.inner; ++i) {
        sums[o * split.inner + i] += values_[(o * split.extent + e) * split.inner + i];
      }
    }
  }
  return LabelledArray(name_, units_, axes_without(position), std::move(sums));
}

LabelledArray LabelledArray::select(std::string_view axis, std::size_t index) const {
  const std::size_t position = axis_position(axis);
  const Split split = split_at(position);
  if (index >= split.extent) throw InputError(name_ + ": index out of range on " + std::string(axis));
  std::vector<double> slice(split.outer * split.inner);
  for (std::size_t o = 0; o < split.outer; ++o) {
    for (std::size_t i = 0; i < split.inner; ++i) {
      slice[o * split.inner + i] = values_[(o * split.extent + index) * split.inner + i];
    }
  }
  return LabelledArray(name_, units_, axes_without(position), std::move(slice));
}

LabelledArray LabelledArray::select(std::string_view axis, std::string_view label) const {
  return select(axis, this->axis(axis).index_of(label));
}

LabelledArray LabelledArray::sum_all_but(const std::vector<std::string>& kept) const {
  for (const std::string& name : kept) axis_position(name);  // each must exist
  LabelledArray reduced = *this;
  for (const Axis& axis : axes_) {
    if (std::find(kept.begin(), kept.end(), axis.name) == kept.end()) reduced = reduced.sum_over(axis.name);
  }
  return reduced;
}

}  // namespace carecast::report
