#pragma once
// What a run produces: named dimensions with their labels, and quantities
// laid out over them. The simulation fills flat arrays in this layout; the
// output layer turns it into self-describing HDF5.

#include <cstdint>
#include <string>
#include <vector>

namespace carecast {

// A dimension and its labels. Numeric dimensions (year, replicate) carry
// numbers; the others carry text labels.
struct Dimension {
  std::string name;
  std::string description;
  std::vector<std::string> labels;
  std::vector<std::int64_t> numbers;

  bool numeric() const { return !numbers.empty() || labels.empty(); }
  std::size_t size() const { return numeric() ? numbers.size() : labels.size(); }
};

struct Quantity {
  std::string name;
  std::string units;
  std::string description;
  std::vector<std::string> dimensions;  // without the leading replicate/statistic
  bool may_be_negative = false;  // differences (bridge parts) may be; counts and spend never
};

// Text that goes with each label of a dimension (an auxiliary coordinate in
// netCDF terms), e.g. the distribution each uncertain assumption is drawn from.
struct LabelNotes {
  std::string name;  // written as a root dataset of this name
  std::string dimension;
  std::string description;
  std::vector<std::string> notes;  // one per label
};

class OutputLayout {
 public:
  void add_dimension(Dimension dimension);
  void add_label_notes(LabelNotes notes);
  // Returns the quantity's index, which the simulation uses to fill it.
  std::size_t add_quantity(Quantity quantity);

  const std::vector<Dimension>& dimensions() const { return dimensions_; }
  const std::vector<Quantity>& quantities() const { return quantities_; }
  const std::vector<LabelNotes>& label_notes() const { return label_notes_; }
  bool has_quantity(const std::string& name) const;
  const Dimension& dimension(const std::string& name) const;
  std::vector<std::size_t> shape(std::size_t quantity) const;
  std::size_t size(std::size_t quantity) const;
  // Cells of every quantity together: the doubles of one replicate.
  std::size_t total_size() const;
  std::size_t quantity_index(const std::string& name) const;

 private:
  std::vector<Dimension> dimensions_;
  std::vector<Quantity> quantities_;
  std::vector<LabelNotes> label_notes_;
};

// One replicate's values: a flat array per quantity, row-major in the
// quantity's dimension order.
// The numeric health check run before anything is written: every value is
// finite, and non-negative unless the quantity says otherwise. Throws
// InternalError naming the quantity, the replicate and the cell.
void check_numeric_health(const OutputLayout& layout, std::size_t quantity, const double* values, std::size_t replicates,
                          std::int64_t first_replicate);

struct ReplicateValues {
  std::vector<std::vector<double>> arrays;

  void reset(const OutputLayout& layout);
};

}  // namespace carecast
