// The reading half of the HDF5 layer (hdf5_file.h): what tests and the
// reading commands (report, export, compare) ask of a file.

#include <hdf5_hl.h>

#include <algorithm>
#include <cstring>

#include "hdf5_handles.h"

namespace carecast::hdf5 {
namespace {

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

std::vector<double> File::read_doubles(const std::string& path, std::vector<std::size_t>* shape) const {
  return guarded("reading " + path, [&] {
    H5::DataSet dataset = impl_->file.get().openDataSet(path);
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
    H5::DataSet dataset = impl_->file.get().openDataSet(path);
    std::vector<std::int64_t> values(static_cast<std::size_t>(dataset.getSpace().getSimpleExtentNpoints()));
    dataset.read(values.data(), H5::PredType::NATIVE_INT64);
    return values;
  });
}

std::vector<std::string> File::read_strings(const std::string& path) const {
  return guarded("reading " + path, [&] {
    H5::DataSet dataset = impl_->file.get().openDataSet(path);
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
        with_object(impl_->file.get(), object, [&](H5::H5Object& opened) { return opened.openAttribute(name); });
    std::string value;
    attribute.read(attribute.getStrType(), value);
    return value;
  });
}

std::vector<std::int64_t> File::read_integer_attribute(const std::string& object, const std::string& name) const {
  return guarded("reading attribute " + name + " of " + object, [&] {
    H5::Attribute attribute =
        with_object(impl_->file.get(), object, [&](H5::H5Object& opened) { return opened.openAttribute(name); });
    if (attribute.getTypeClass() != H5T_INTEGER) throw H5::AttributeIException("", "not an integer");
    std::vector<std::int64_t> values(static_cast<std::size_t>(attribute.getSpace().getSimpleExtentNpoints()));
    attribute.read(H5::PredType::NATIVE_INT64, values.data());
    return values;
  });
}

std::uint64_t File::read_unsigned_attribute(const std::string& object, const std::string& name) const {
  return guarded("reading attribute " + name + " of " + object, [&] {
    H5::Attribute attribute =
        with_object(impl_->file.get(), object, [&](H5::H5Object& opened) { return opened.openAttribute(name); });
    if (attribute.getTypeClass() != H5T_INTEGER || attribute.getSpace().getSimpleExtentNpoints() != 1) {
      throw H5::AttributeIException("", "not one integer");
    }
    std::uint64_t value = 0;
    attribute.read(H5::PredType::NATIVE_UINT64, &value);
    return value;
  });
}

bool File::exists(const std::string& path) const {
  return H5Lexists(impl_->file.id(), path.c_str(), H5P_DEFAULT) > 0;
}

bool File::has_attribute(const std::string& object, const std::string& name) const {
  if (object != "/" && !exists(object)) return false;
  return guarded("looking for attribute " + name, [&] {
    return with_object(impl_->file.get(), object, [&](H5::H5Object& opened) { return opened.attrExists(name); });
  });
}

ElementType File::element_type(const std::string& dataset) const {
  return guarded("reading " + dataset, [&] {
    switch (impl_->file.get().openDataSet(dataset).getTypeClass()) {
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
    H5::DataSpace space = impl_->file.get().openDataSet(dataset).getSpace();
    std::vector<hsize_t> extents(static_cast<std::size_t>(space.getSimpleExtentNdims()));
    space.getSimpleExtentDims(extents.data());
    return std::vector<std::size_t>(extents.begin(), extents.end());
  });
}

std::vector<std::string> File::dimension_names(const std::string& dataset) const {
  return guarded("reading the dimensions of " + dataset, [&] {
    H5::DataSet data = impl_->file.get().openDataSet(dataset);
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
    H5::Group opened = impl_->file.get().openGroup(group);
    std::vector<std::string> names;
    for (hsize_t i = 0; i < opened.getNumObjs(); ++i) {
      if (opened.getObjTypeByIdx(i) == H5G_DATASET) names.push_back(opened.getObjnameByIdx(i));
    }
    std::sort(names.begin(), names.end());
    return names;
  });
}

}  // namespace carecast::hdf5
