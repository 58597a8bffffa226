#include "carecast/output/hdf5_file.h"

#include <hdf5_hl.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "chunk_compression.h"
#include "hdf5_handles.h"

namespace carecast::hdf5 {

void abandon(hid_t file) {
  void* handle = nullptr;
  if (H5Fget_vfd_handle(file, H5P_DEFAULT, &handle) < 0 || handle == nullptr) return;
  const int nowhere = ::open("/dev/null", O_RDWR);
  if (nowhere < 0) return;
  ::dup2(nowhere, *static_cast<int*>(handle));
  ::close(nowhere);
  // A chunk written whole whose write failed leaves space allocated past
  // the end of what was written, which the close would truncate away: on
  // /dev/null it cannot. A last value written at the end of the file's
  // space brings what was written up to it.
  const hsize_t one = 1;
  const hid_t space = H5Screate_simple(1, &one, nullptr);
  const hid_t last = H5Dcreate2(file, "/carecast_abandoned", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (last >= 0) {
    const double zero = 0.0;
    H5Dwrite(last, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &zero);
    H5Dclose(last);
  }
  H5Sclose(space);
  H5Fflush(file, H5F_SCOPE_GLOBAL);
}

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

}  // namespace

Dataset::Dataset(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Dataset::~Dataset() = default;
Dataset::Dataset(Dataset&&) noexcept = default;
Dataset& Dataset::operator=(Dataset&&) noexcept = default;

void Dataset::set_attribute(const std::string& name, const std::string& value) {
  written(impl_->file, impl_->file_id, "write the attribute " + name, [&] {
    H5::DataSet dataset = impl_->dataset.get();
    write_string_attribute(dataset, name, value);
  });
}

void Dataset::set_attribute(const std::string& name, double value) {
  written(impl_->file, impl_->file_id, "write the attribute " + name, [&] {
    H5::Attribute attribute =
        impl_->dataset.get().createAttribute(name, H5::PredType::IEEE_F64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_DOUBLE, &value);
  });
}

void Dataset::make_scale(const std::string& dimension) {
  written(impl_->file, impl_->file_id, "make " + impl_->name + " the dimension scale " + dimension, [&] {
    if (H5DSset_scale(impl_->dataset.id(), dimension.c_str()) < 0) throw H5::DataSetIException("", "H5DSset_scale failed");
  });
}

void Dataset::attach_scale(const Dataset& scale, unsigned index) {
  written(impl_->file, impl_->file_id, "attach the dimension scale " + scale.impl_->name + " to " + impl_->name, [&] {
    if (H5DSattach_scale(impl_->dataset.id(), scale.impl_->dataset.id(), index) < 0) {
      throw H5::DataSetIException("", "H5DSattach_scale failed");
    }
  });
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
  written(impl_->file, impl_->file_id, "write rows of " + impl_->name, [&] {
    const Impl& dataset = *impl_;
    const bool whole_chunk = dataset.chunk_rows > 0 && first_row % dataset.chunk_rows == 0 &&
                             (rows == dataset.chunk_rows || first_row + rows == dataset.rows);
    if (!whole_chunk) {
      const auto [file_space, memory_space] = row_spaces(dataset.dataset.get(), first_row, rows);
      dataset.dataset.get().write(data, H5::PredType::NATIVE_DOUBLE, memory_space, file_space);
      return;
    }
    // A chunk is stored whole, the rows past the dataset's end too: those
    // of the last, partial one are zeros no reader sees.
    const std::size_t chunk_values = dataset.chunk_rows * dataset.row_values;
    std::vector<double> padded;
    if (rows < dataset.chunk_rows) {
      padded.assign(chunk_values, 0.0);
      std::copy(data, data + rows * dataset.row_values, padded.begin());
      data = padded.data();
    }
    const std::vector<unsigned char> stored = shuffle_and_deflate(data, chunk_values, dataset.deflate_level);
    std::vector<hsize_t> offset(static_cast<std::size_t>(dataset.dataset.get().getSpace().getSimpleExtentNdims()), 0);
    offset[0] = first_row;
    // Filter mask 0: every filter of the dataset was applied.
    if (H5Dwrite_chunk(dataset.dataset.id(), H5P_DEFAULT, 0, offset.data(), stored.size(), stored.data()) < 0) {
      throw H5::DataSetIException("H5Dwrite_chunk", "could not write a chunk");
    }
  });
}

void Dataset::read_rows(std::size_t first_row, std::size_t rows, double* data) const {
  guarded("reading rows", [&] {
    const auto [file_space, memory_space] = row_spaces(impl_->dataset.get(), first_row, rows);
    impl_->dataset.get().read(data, H5::PredType::NATIVE_DOUBLE, memory_space, file_space);
  });
}

File::File(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
File::~File() = default;
File::File(File&&) noexcept = default;
File& File::operator=(File&&) noexcept = default;

File File::create(const std::filesystem::path& path) {
  return written(path, H5I_INVALID_HID, "create the file", [&] {
    auto impl = std::make_unique<Impl>();
    impl->open(H5::H5File(path.string(), H5F_ACC_TRUNC), path);
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
    impl->open(H5::H5File(path.string(), H5F_ACC_RDONLY), path);
  } catch (const H5::Exception& error) {
    throw InputError(path.string() + ": cannot be opened: " + error.getDetailMsg());
  }
  return File(std::move(impl));
}

void File::create_group(const std::string& path) {
  written(impl_->path, impl_->file.id(), "create the group " + path, [&] { impl_->file.get().createGroup(path); });
}

void File::set_attribute(const std::string& name, const std::string& value) {
  written(impl_->path, impl_->file.id(), "write the attribute " + name, [&] {
    H5::Group root = impl_->file.get().openGroup("/");
    write_string_attribute(root, name, value);
  });
}

void File::set_attribute(const std::string& name, std::int64_t value) {
  written(impl_->path, impl_->file.id(), "write the attribute " + name, [&] {
    H5::Group root = impl_->file.get().openGroup("/");
    H5::Attribute attribute = root.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_INT64, &value);
  });
}

void File::set_attribute(const std::string& name, std::uint64_t value) {
  written(impl_->path, impl_->file.id(), "write the attribute " + name, [&] {
    H5::Group root = impl_->file.get().openGroup("/");
    H5::Attribute attribute = root.createAttribute(name, H5::PredType::STD_U64LE, H5::DataSpace(H5S_SCALAR));
    attribute.write(H5::PredType::NATIVE_UINT64, &value);
  });
}

void File::set_attribute(const std::string& name, const std::vector<std::int64_t>& values) {
  written(impl_->path, impl_->file.id(), "write the attribute " + name, [&] {
    H5::Group root = impl_->file.get().openGroup("/");
    const hsize_t extent = values.size();
    H5::Attribute attribute = root.createAttribute(name, H5::PredType::STD_I64LE, H5::DataSpace(1, &extent));
    attribute.write(H5::PredType::NATIVE_INT64, values.data());
  });
}

Dataset File::write(const std::string& path, const std::vector<std::size_t>& shape, const double* data) {
  return written(impl_->path, impl_->file.id(), "write the dataset " + path, [&] {
    std::vector<hsize_t> extents(shape.begin(), shape.end());
    H5::DataSpace space(static_cast<int>(extents.size()), extents.data());
    auto impl = impl_->dataset_made(path, impl_->file.get().createDataSet(path, H5::PredType::IEEE_F64LE, space));
    impl->dataset.get().write(data, H5::PredType::NATIVE_DOUBLE);
    return Dataset(std::move(impl));
  });
}

Dataset File::create_chunked(const std::string& path, const std::vector<std::size_t>& shape, std::size_t chunk_rows) {
  return written(impl_->path, impl_->file.id(), "write the dataset " + path, [&] {
    std::vector<hsize_t> extents(shape.begin(), shape.end());
    H5::DataSpace space(static_cast<int>(extents.size()), extents.data());
    std::vector<hsize_t> chunk = extents;
    chunk[0] = std::clamp<hsize_t>(extents[0], 1, chunk_rows);
    H5::DSetCreatPropList properties;
    // A dataset with no cells (a scenario without grants, say) cannot be
    // chunked: HDF5 refuses chunks of zero extent. It is written contiguous.
    constexpr int deflate_level = 1;
    const bool chunked = std::find(extents.begin(), extents.end(), hsize_t{0}) == extents.end();
    if (chunked) {
      properties.setChunk(static_cast<int>(chunk.size()), chunk.data());
      properties.setShuffle();
      properties.setDeflate(deflate_level);
    }
    auto made = impl_->dataset_made(path, impl_->file.get().createDataSet(path, H5::PredType::IEEE_F64LE, space, properties));
    if (chunked) {
      made->chunk_rows = chunk[0];
      made->rows = extents[0];
      made->row_values = 1;
      for (std::size_t k = 1; k < extents.size(); ++k) made->row_values *= extents[k];
      made->deflate_level = deflate_level;
    }
    return Dataset(std::move(made));
  });
}

Dataset File::write(const std::string& path, const std::vector<std::int64_t>& values) {
  return written(impl_->path, impl_->file.id(), "write the dataset " + path, [&] {
    const hsize_t extent = values.size();
    auto impl = impl_->dataset_made(path, impl_->file.get().createDataSet(path, H5::PredType::STD_I64LE, H5::DataSpace(1, &extent)));
    impl->dataset.get().write(values.data(), H5::PredType::NATIVE_INT64);
    return Dataset(std::move(impl));
  });
}

Dataset File::write(const std::string& path, const std::vector<std::string>& values) {
  return written(impl_->path, impl_->file.id(), "write the dataset " + path, [&] {
    const hsize_t extent = values.size();
    const H5::StrType type = utf8_string_type();
    auto impl = impl_->dataset_made(path, impl_->file.get().createDataSet(path, type, H5::DataSpace(1, &extent)));
    std::vector<const char*> pointers;
    for (const auto& value : values) pointers.push_back(value.c_str());
    impl->dataset.get().write(pointers.data(), type);
    return Dataset(std::move(impl));
  });
}

void File::flush() {
  written(impl_->path, impl_->file.id(), "flush the file", [&] { impl_->file.get().flush(H5F_SCOPE_GLOBAL); });
}

void File::close() {
  // Datasets still open keep the file open past H5Fclose, and write what
  // they hold only when they close, where a failure would go unreported:
  // everything is flushed first.
  written(impl_->path, impl_->file.id(), "write the file", [&] { impl_->file.get().flush(H5F_SCOPE_GLOBAL); });
  if (impl_->file.release() < 0) throw WriteError(impl_->path, "close the file", "HDF5: H5Fclose failed");
}

}  // namespace carecast::hdf5
