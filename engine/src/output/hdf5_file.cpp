#include "carecast/output/hdf5_file.h"

#include <H5Cpp.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <cstring>
#include <utility>

#include "carecast/core/error.h"

namespace carecast::hdf5 {
namespace {

H5::StrType utf8_string_type() {
  H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
  type.setCset(H5T_CSET_UTF8);
  return type;
}

template <typename Object>
void write_string_attribute(Object& object, const std::string& name, const std::string& value) {
  const H5::StrType type = utf8_string_type();
  H5::Attribute attribute = object.createAttribute(name, type, H5::DataSpace(H5S_SCALAR));
  attribute.write(type, value);
}

// Turns HDF5's exceptions into ours with the object named.
template <typename Action>
auto guarded(const std::string& what, Action&& action) {
  try {
    return action();
  } catch (const H5::Exception& error) {
    throw InternalError("HDF5: " + what + ": " + error.getDetailMsg());
  }
}

// Groups and datasets both carry attributes; "/" is the root group.
template <typename Action>
auto with_object(const H5::H5File& file, const std::string& path, Action&& action) {
  if (path == "/" || file.childObjType(path) == H5O_TYPE_GROUP) {
    H5::Group group = file.openGroup(path);
    return action(static_cast<H5::H5Object&>(group));
  }
  H5::DataSet dataset = file.openDataSet(path);
  return action(static_cast<H5::H5Object&>(dataset));
}

// H5DSiterate_scales visitor: the scale's NAME, or its path when it has none.
herr_t first_scale_name(hid_t, unsigned, hid_t scale, void* out) {
  auto& name = *static_cast<std::string*>(out);
  const ssize_t length = H5DSget_scale_name(scale, nullptr, 0);
  if (length > 0) {
    name.assign(static_cast<std::size_t>(length) + 1, '\0');
    H5DSget_scale_name(scale, name.data(), name.size());
    name.resize(static_cast<std::size_t>(length));
  } else {
    const ssize_t path_length = H5Iget_name(scale, nullptr, 0);
    name.assign(static_cast<std::size_t>(std::max<ssize_t>(path_length, 0)) + 1, '\0');
    H5Iget_name(scale, name.data(), name.size());
    name.resize(static_cast<std::size_t>(std::max<ssize_t>(path_length, 0)));
    name = name.substr(name.find_last_of('/') + 1);
  }
  return 1;  // the first scale is the one
}

}  // namespace

struct Dataset::Impl {
  H5::DataSet dataset;
};

struct File::Impl {
  H5::H5File file;
};

Dataset::Dataset(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Dataset::~Dataset() = default;
Dataset::Dataset(Dataset&&) noexcept = default;
Dataset& Dataset::operator=(Dataset&&) noexcept = default;

void Dataset::set_attribute(const std::string& name, const std::string& value) {
  guarded("attribute " + name, [&] { write_string_attribute(impl_->dataset, name, value); });
}

void Dataset::set_attribute(const std::string& name, double value) {
  guarded("attribute " + name, [&] {
    H5::Attribute attribute =
        impl_->dataset.createAttribute(name, H5::PredType::IEEE_F64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_DOUBLE, &value);
  });
}

void Dataset::make_scale(const std::string& dimension) {
  if (H5DSset_scale(impl_->dataset.getId(), dimension.c_str()) < 0) {
    throw InternalError("HDF5: cannot make a dimension scale of " + dimension);
  }
}

void Dataset::attach_scale(const Dataset& scale, unsigned index) {
  if (H5DSattach_scale(impl_->dataset.getId(), scale.impl_->dataset.getId(), index) < 0) {
    throw InternalError("HDF5: cannot attach a dimension scale");
  }
}

namespace {

// The selection of rows [first_row, first_row + rows) of `dataset`, and the
// memory space that holds them contiguously.
std::pair<H5::DataSpace, H5::DataSpace> row_spaces(const H5::DataSet& dataset, std::size_t first_row, std::size_t rows) {
  H5::DataSpace file_space = dataset.getSpace();
  std::vector<hsize_t> extents(static_cast<std::size_t>(file_space.getSimpleExtentNdims()));
  file_space.getSimpleExtentDims(extents.data());
  std::vector<hsize_t> start(extents.size(), 0);
  start[0] = first_row;
  extents[0] = rows;
  file_space.selectHyperslab(H5S_SELECT_SET, extents.data(), start.data());
  return {file_space, H5::DataSpace(static_cast<int>(extents.size()), extents.data())};
}

}  // namespace

void Dataset::write_rows(std::size_t first_row, std::size_t rows, const double* data) {
  guarded("writing rows", [&] {
    const auto [file_space, memory_space] = row_spaces(impl_->dataset, first_row, rows);
    impl_->dataset.write(data, H5::PredType::NATIVE_DOUBLE, memory_space, file_space);
  });
}

void Dataset::read_rows(std::size_t first_row, std::size_t rows, double* data) const {
  guarded("reading rows", [&] {
    const auto [file_space, memory_space] = row_spaces(impl_->dataset, first_row, rows);
    impl_->dataset.read(data, H5::PredType::NATIVE_DOUBLE, memory_space, file_space);
  });
}

File::File(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
File::~File() = default;
File::File(File&&) noexcept = default;
File& File::operator=(File&&) noexcept = default;

File File::create(const std::filesystem::path& path) {
  return guarded("creating " + path.string(), [&] {
    H5::Exception::dontPrint();
    auto impl = std::make_unique<Impl>();
    impl->file = H5::H5File(path.string(), H5F_ACC_TRUNC);
    return File(std::move(impl));
  });
}

File File::open_read_only(const std::filesystem::path& path) {
  H5::Exception::dontPrint();
  std::error_code status;
  if (!std::filesystem::is_regular_file(path, status)) throw InputError(path.string() + ": no such file");
  auto impl = std::make_unique<Impl>();
  try {
    if (!H5::H5File::isHdf5(path.string())) throw InputError(path.string() + ": not an HDF5 file");
    impl->file = H5::H5File(path.string(), H5F_ACC_RDONLY);
  } catch (const H5::Exception& error) {
    throw InputError(path.string() + ": cannot be opened: " + error.getDetailMsg());
  }
  return File(std::move(impl));
}

void File::create_group(const std::string& path) {
  guarded("group " + path, [&] { impl_->file.createGroup(path); });
}

void File::set_attribute(const std::string& name, const std::string& value) {
  guarded("attribute " + name, [&] {
    H5::Group root = impl_->file.openGroup("/");
    write_string_attribute(root, name, value);
  });
}

void File::set_attribute(const std::string& name, std::int64_t value) {
  guarded("attribute " + name, [&] {
    H5::Group root = impl_->file.openGroup("/");
    H5::Attribute attribute = root.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_INT64, &value);
  });
}

void File::set_attribute(const std::string& name, std::uint64_t value) {
  guarded("attribute " + name, [&] {
    H5::Group root = impl_->file.openGroup("/");
    H5::Attribute attribute = root.createAttribute(name, H5::PredType::STD_U64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_UINT64, &value);
  });
}

void File::set_attribute(const std::string& name, const std::vector<std::int64_t>& values) {
  guarded("attribute " + name, [&] {
    H5::Group root = impl_->file.openGroup("/");
    const hsize_t extent = values.size();
    H5::Attribute attribute = root.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(1, &extent));
    attribute.write(H5::PredType::NATIVE_INT64, values.data());
  });
}

Dataset File::write(const std::string& path, const std::vector<std::size_t>& shape, const double* data) {
  return guarded("dataset " + path, [&] {
    std::vector<hsize_t> extents(shape.begin(), shape.end());
    H5::DataSpace space(static_cast<int>(extents.size()), extents.data());
    auto impl = std::make_unique<Dataset::Impl>();
    impl->dataset = impl_->file.createDataSet(path, H5::PredType::IEEE_F64LE, space);
    impl->dataset.write(data, H5::PredType::NATIVE_DOUBLE);
    return Dataset(std::move(impl));
  });
}

Dataset File::create_chunked(const std::string& path, const std::vector<std::size_t>& shape, std::size_t chunk_rows) {
  return guarded("dataset " + path, [&] {
    std::vector<hsize_t> extents(shape.begin(), shape.end());
    H5::DataSpace space(static_cast<int>(extents.size()), extents.data());
    std::vector<hsize_t> chunk = extents;
    chunk[0] = std::clamp<hsize_t>(extents[0], 1, chunk_rows);
    H5::DSetCreatPropList properties;
    // A dataset with no cells (a scenario without grants, say) cannot be
    // chunked: HDF5 refuses chunks of zero extent. It is written contiguous.
    if (std::find(extents.begin(), extents.end(), hsize_t{0}) == extents.end()) {
      properties.setChunk(static_cast<int>(chunk.size()), chunk.data());
      properties.setShuffle();
      properties.setDeflate(1);
    }
    auto impl = std::make_unique<Dataset::Impl>();
    impl->dataset = impl_->file.createDataSet(path, H5::PredType::IEEE_F64LE, space, properties);
    return Dataset(std::move(impl));
  });
}

Dataset File::write(const std::string& path, const std::vector<std::int64_t>& values) {
  return guarded("dataset " + path, [&] {
    const hsize_t extent = values.size();
    auto impl = std::make_unique<Dataset::Impl>();
    impl->dataset = impl_->file.createDataSet(path, H5::PredType::STD_I64LE, H5::DataSpace(1, &extent));
    impl->dataset.write(values.data(), H5::PredType::NATIVE_INT64);
    return Dataset(std::move(impl));
  });
}

Dataset File::write(const std::string& path, const std::vector<std::string>& values) {
  return guarded("dataset " + path, [&] {
    const hsize_t extent = values.size();
    const H5::StrType type = utf8_string_type();
    auto impl = std::make_unique<Dataset::Impl>();
    impl->dataset = impl_->file.createDataSet(path, type, H5::DataSpace(1, &extent));
    std::vector<const char*> pointers;
    for (const auto& value : values) pointers.push_back(value.c_str());
    impl->dataset.write(pointers.data(), type);
    return Dataset(std::move(impl));
  });
}

std::vector<double> File::read_doubles(const std::string& path, std::vector<std::size_t>* shape) const {
  return guarded("reading " + path, [&] {
    H5::DataSet dataset = impl_->file.openDataSet(path);
    H5::DataSpace space = dataset.getSpace();
    std::vector<hsize_t> extents(static_cast<std::size_t>(space.getSimpleExtentNdims()));
    space.getSimpleExtentDims(extents.data());
    if (shape) shape->assign(extents.begin(), extents.end());
    std::vector<double> values(static_cast<std::size_t>(space.getSimpleExtentNpoints()));
    dataset.read(values.data(), H5::PredType::NATIVE_DOUBLE);
    return values;
  });
}

std::vector<std::int64_t> File::read_integers(const std::string& path) const {
  return guarded("reading " + path, [&] {
    H5::DataSet dataset = impl_->file.openDataSet(path);
    std::vector<std::int64_t> values(static_cast<std::size_t>(dataset.getSpace().getSimpleExtentNpoints()));
    dataset.read(values.data(), H5::PredType::NATIVE_INT64);
    return values;
  });
}

std::vector<std::string> File::read_strings(const std::string& path) const {
  return guarded("reading " + path, [&] {
    H5::DataSet dataset = impl_->file.openDataSet(path);
    H5::DataSpace space = dataset.getSpace();
    const auto count = static_cast<std::size_t>(space.getSimpleExtentNpoints());
    const H5::StrType stored = dataset.getStrType();
    if (!stored.isVariableStr()) {
      // Fixed-length strings, as numpy's bytes arrays are written, padded with NULs.
      const std::size_t width = stored.getSize();
      std::vector<char> buffer(count * width);
      dataset.read(buffer.data(), stored);
      std::vector<std::string> values;
      for (std::size_t i = 0; i < count; ++i) {
        const char* start = buffer.data() + i * width;
        values.emplace_back(start, strnlen(start, width));
      }
      return values;
    }
    H5::StrType type(H5::PredType::C_S1, H5T_VARIABLE);
    type.setCset(stored.getCset());
    std::vector<char*> pointers(count, nullptr);
    dataset.read(pointers.data(), type);
    std::vector<std::string> values;
    for (const char* pointer : pointers) values.emplace_back(pointer ? pointer : "");
    H5Dvlen_reclaim(type.getId(), space.getId(), H5P_DEFAULT, pointers.data());
    return values;
  });
}

std::string File::read_string_attribute(const std::string& object, const std::string& name) const {
  return guarded("reading attribute " + name + " of " + object, [&] {
    H5::Attribute attribute =
        with_object(impl_->file, object, [&](H5::H5Object& opened) { return opened.openAttribute(name); });
    std::string value;
    attribute.read(attribute.getStrType(), value);
    return value;
  });
}

std::vector<std::int64_t> File::read_integer_attribute(const std::string& object, const std::string& name) const {
  return guarded("reading attribute " + name + " of " + object, [&] {
    H5::Attribute attribute =
        with_object(impl_->file, object, [&](H5::H5Object& opened) { return opened.openAttribute(name); });
    if (attribute.getTypeClass() != H5T_INTEGER) throw H5::AttributeIException("", "not an integer");
    std::vector<std::int64_t> values(static_cast<std::size_t>(attribute.getSpace().getSimpleExtentNpoints()));
    attribute.read(H5::PredType::NATIVE_INT64, values.data());
    return values;
  });
}

std::uint64_t File::read_unsigned_attribute(const std::string& object, const std::string& name) const {
  return guarded("reading attribute " + name + " of " + object, [&] {
    H5::Attribute attribute =
        with_object(impl_->file, object, [&](H5::H5Object& opened) { return opened.openAttribute(name); });
    if (attribute.getTypeClass() != H5T_INTEGER || attribute.getSpace().getSimpleExtentNpoints() != 1) {
      throw H5::AttributeIException("", "not one integer");
    }
    std::uint64_t value = 0;
    attribute.read(H5::PredType::NATIVE_UINT64, &value);
    return value;
  });
}

bool File::exists(const std::string& path) const {
  return H5Lexists(impl_->file.getId(), path.c_str(), H5P_DEFAULT) > 0;
}

bool File::has_attribute(const std::string& object, const std::string& name) const {
  if (object != "/" && !exists(object)) return false;
  return guarded("looking for attribute " + name, [&] {
    return with_object(impl_->file, object, [&](H5::H5Object& opened) { return opened.attrExists(name); });
  });
}

ElementType File::element_type(const std::string& dataset) const {
  return guarded("reading " + dataset, [&] {
    switch (impl_->file.openDataSet(dataset).getTypeClass()) {
      case H5T_FLOAT:
        return ElementType::floating;
      case H5T_INTEGER:
        return ElementType::integer;
      case H5T_STRING:
        return ElementType::text;
      default:
        return ElementType::other;
    }
  });
}

std::vector<std::size_t> File::shape(const std::string& dataset) const {
  return guarded("reading " + dataset, [&] {
    H5::DataSpace space = impl_->file.openDataSet(dataset).getSpace();
    std::vector<hsize_t> extents(static_cast<std::size_t>(space.getSimpleExtentNdims()));
    space.getSimpleExtentDims(extents.data());
    return std::vector<std::size_t>(extents.begin(), extents.end());
  });
}

std::vector<std::string> File::dimension_names(const std::string& dataset) const {
  return guarded("reading the dimensions of " + dataset, [&] {
    H5::DataSet data = impl_->file.openDataSet(dataset);
    const int rank = data.getSpace().getSimpleExtentNdims();
    std::vector<std::string> names;
    for (int k = 0; k < rank; ++k) {
      std::string name;
      if (H5DSget_num_scales(data.getId(), static_cast<unsigned>(k)) > 0) {
        H5DSiterate_scales(data.getId(), static_cast<unsigned>(k), nullptr, first_scale_name, &name);
      }
      names.push_back(name);
    }
    return names;
  });
}

std::vector<std::string> File::dataset_names(const std::string& group) const {
  return guarded("listing " + group, [&] {
    H5::Group opened = impl_->file.openGroup(group);
    std::vector<std::string> names;
    for (hsize_t i = 0; i < opened.getNumObjs(); ++i) {
      if (opened.getObjTypeByIdx(i) == H5G_DATASET) names.push_back(opened.getObjnameByIdx(i));
    }
    std::sort(names.begin(), names.end());
    return names;
  });
}

void File::flush() {
  guarded("flushing", [&] { impl_->file.flush(H5F_SCOPE_GLOBAL); });
}

void File::close() {
  guarded("closing", [&] { impl_->file.close(); });
}

}  // namespace carecast::hdf5
