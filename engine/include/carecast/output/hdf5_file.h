#pragma once
// The one small typed layer over the HDF5 C++ API: files, groups, datasets
// and attributes as owning objects, dimension scales through the HDF5 high-
// level library. Nothing else in carecast includes an HDF5 header.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace carecast::hdf5 {

class File;

// What a dataset or attribute holds, as a reader needs to know it.
enum class ElementType { floating, integer, text, other };

// An open dataset, to attach dimension scales and attributes to.
class Dataset {
 public:
  ~Dataset();
  Dataset(Dataset&&) noexcept;
  Dataset& operator=(Dataset&&) noexcept;

  void set_attribute(const std::string& name, const std::string& value);
  void set_attribute(const std::string& name, double value);
  // Makes this dataset the dimension scale named `dimension`.
  void make_scale(const std::string& dimension);
  void attach_scale(const Dataset& scale, unsigned index);

  // Rows [first_row, first_row + rows) of a dataset of doubles, along its
  // first dimension with every other dimension whole, row-major: replicates
  // are written as they finish and read back a chunk at a time.
  void write_rows(std::size_t first_row, std::size_t rows, const double* data);
  void read_rows(std::size_t first_row, std::size_t rows, double* data) const;

 private:
  friend class File;
  struct Impl;
  explicit Dataset(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

class File {
 public:
  // Creates (or truncates) a file for writing.
  static File create(const std::filesystem::path& path);
  static File open_read_only(const std::filesystem::path& path);
  ~File();
  File(File&&) noexcept;
  File& operator=(File&&) noexcept;

  void create_group(const std::string& path);
  void set_attribute(const std::string& name, const std::string& value);
  void set_attribute(const std::string& name, std::int64_t value);
  void set_attribute(const std::string& name, std::uint64_t value);
  void set_attribute(const std::string& name, const std::vector<std::int64_t>& values);

  // Datasets of doubles, 64-bit integers or variable-length UTF-8 strings.
  Dataset write(const std::string& path, const std::vector<std::size_t>& shape, const double* data);
  // A dataset of doubles to be filled later with Dataset::write_rows,
  // chunked by `chunk_rows` rows (fewer when the dataset has fewer) and
  // deflate-compressed.
  Dataset create_chunked(const std::string& path, const std::vector<std::size_t>& shape, std::size_t chunk_rows);
  Dataset write(const std::string& path, const std::vector<std::int64_t>& values);
  Dataset write(const std::string& path, const std::vector<std::string>& values);

  // Reading, for tests and the reading commands. `object` is a group or a
  // dataset path; "/" is the root group.
  std::vector<double> read_doubles(const std::string& path, std::vector<std::size_t>* shape = nullptr) const;
  std::vector<std::int64_t> read_integers(const std::string& path) const;
  // Variable-length or fixed-length strings.
  std::vector<std::string> read_strings(const std::string& path) const;
  std::string read_string_attribute(const std::string& object, const std::string& name) const;
  // Any integer attribute, scalar or one-dimensional, converted to int64.
  std::vector<std::int64_t> read_integer_attribute(const std::string& object, const std::string& name) const;
  std::uint64_t read_unsigned_attribute(const std::string& object, const std::string& name) const;
  bool exists(const std::string& path) const;
  bool has_attribute(const std::string& object, const std::string& name) const;
  ElementType element_type(const std::string& dataset) const;
  std::vector<std::size_t> shape(const std::string& dataset) const;
  // The NAME of the dimension scale attached to each dimension of a dataset,
  // or an empty string where none is attached.
  std::vector<std::string> dimension_names(const std::string& dataset) const;
  // Names of the datasets directly in a group, in name order.
  std::vector<std::string> dataset_names(const std::string& group) const;

  void flush();
  void close();

 private:
  struct Impl;
  explicit File(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace carecast::hdf5
