#pragma once
// A dense array with named, labelled dimensions, as the reading commands see
// a run file's quantities. Reductions name the dimension they act on, so code
// says `sum_over("budget_line")` instead of counting axes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace carecast::report {

// A dimension and its labels. Numeric dimensions (year, replicate) also keep
// their numbers; their labels are the numbers written out.
struct Axis {
  std::string name;
  std::vector<std::string> labels;
  std::vector<std::int64_t> numbers;

  static Axis of_labels(std::string name, std::vector<std::string> labels);
  static Axis of_numbers(std::string name, std::vector<std::int64_t> numbers);

  bool numeric() const { return !numbers.empty(); }
  std::size_t size() const { return labels.size(); }
  // Throws InputError when the label is not on the axis.
  std::size_t index_of(std::string_view label) const;
  bool contains(std::string_view label) const;
};

class LabelledArray {
 public:
  LabelledArray() = default;
  // `values` are row-major over `axes`; their count must match.
  LabelledArray(std::string name, std::string units, std::vector<Axis> axes, std::vector<double> values);

  const std::string& name() const { return name_; }
  const std::string& units() const { return units_; }
  const std::vector<Axis>& axes() const { return axes_; }
  const std::vector<double>& values() const { return values_; }
  std::vector<std::size_t> shape() const;

  bool has_axis(std::string_view name) const;
  std::size_t axis_position(std::string_view name) const;
  const Axis& axis(std::string_view name) const;

  double at(const std::vector<std::size_t>& index) const;
  // The value where each named axis is at the given label; every axis named once.
  double at_labels(const std::vector<std::pair<std::string_view, std::string_view>>& where) const;

  LabelledArray sum_over(std::string_view axis) const;
  LabelledArray select(std::string_view axis, std::size_t index) const;
  LabelledArray select(std::string_view axis, std::string_view label) const;
  // Sums over every axis except those named, keeping their order.
  LabelledArray sum_all_but(const std::vector<std::string>& kept) const;

 private:
  // Sizes of the axes before, at and after `position`, for stride arithmetic.
  struct Split {
    std::size_t outer, extent, inner;
  };
  Split split_at(std::size_t position) const;
  std::vector<Axis> axes_without(std::size_t position) const;

  std::string name_;
  std::string units_;
  std::vector<Axis> axes_;
  std::vector<double> values_;
};

}  // namespace carecast::report
