#pragma once
// What the HDF5 layer's sources share (private to engine/src/output): the
// identifiers behind File and Dataset, owned and closed once, and HDF5's
// exceptions turned into ours.

#include <H5Cpp.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <utility>

#include "carecast/core/error.h"
#include "carecast/output/hdf5_file.h"

namespace carecast::hdf5 {

// An HDF5 identifier owned here and closed once, when it goes. Each use
// makes a C++ API object holding a reference of its own, so that none of
// their destructors is the last close: those print a failure to standard
// error, and a failed close may not be retried. (A close fails only when
// what the object holds cannot be written, which has been reported as it
// happened: see `abandon`.)
template <typename Object, herr_t (*close)(hid_t)>
class Owned {
 public:
  Owned() = default;
  ~Owned() { release(); }
  Owned(const Owned&) = delete;
  Owned& operator=(const Owned&) = delete;

  void adopt(const Object& object) {
    release();
    id_ = object.getId();
    H5Iinc_ref(id_);
  }
  Object get() const { return Object(id_); }
  hid_t id() const { return id_; }
  // Closes now (once only); negative when the close failed.
  herr_t release() {
    const hid_t id = std::exchange(id_, H5I_INVALID_HID);
    return id == H5I_INVALID_HID ? 0 : close(id);
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
};

struct Dataset::Impl {
  Owned<H5::DataSet, H5Dclose> dataset;
  std::string name;
  std::filesystem::path file;  // the path of the file it is in, for errors
  hid_t file_id = H5I_INVALID_HID;  // that file's, held by its File
  // Made by create_chunked, shuffled and deflated: its chunks' rows (0 for
  // any other dataset), its rows and the values in a row, and the level.
  std::size_t chunk_rows = 0;
  std::size_t rows = 0;
  std::size_t row_values = 0;
  int deflate_level = 0;
};

struct File::Impl {
  Owned<H5::H5File, H5Fclose> file;
  std::filesystem::path path;

  void open(const H5::H5File& opened, const std::filesystem::path& where) {
    file.adopt(opened);
    path = where;
  }

  // A dataset just made in this file at `name`.
  std::unique_ptr<Dataset::Impl> dataset_made(const std::string& name, const H5::DataSet& made) const {
    auto impl = std::make_unique<Dataset::Impl>();
    impl->dataset.adopt(made);
    impl->name = name;
    impl->file = path;
    impl->file_id = file.id();
    return impl;
  }
};

// Turns HDF5's exceptions into ours with the object named.
template <typename Action>
auto guarded(const std::string& what, Action&& action) {
  try {
    return action();
  } catch (const H5::Exception& error) {
    throw InternalError("HDF5: " + what + ": " + error.getDetailMsg());
  }
}

// Once a write to `file` has failed the file is abandoned (its owner
// removes it): the rest of what HDF5 writes to it goes to /dev/null, and
// what it still holds is flushed there at once, so that its close has
// nothing left to write. HDF5 1.10 cannot close a file whose last flush
// fails: the failed close frees the file but keeps an identifier of it, and
// the library crashes on that identifier at exit.
void abandon(hid_t file);

// The same as `guarded` for a change to the file at `path` (`file`): a
// failure is a WriteError naming the file, with `what` completing "could
// not ..." and the system's reason when a system call failed.
template <typename Action>
auto written(const std::filesystem::path& path, hid_t file, const std::string& what, Action&& action) {
  H5::Exception::dontPrint();  // in this thread too: a worker thread may write
  errno = 0;
  try {
    return action();
  } catch (const H5::Exception& error) {
    const int number = errno;
    abandon(file);
    throw WriteError(path, what, number != 0 ? std::strerror(number) : "HDF5: " + error.getDetailMsg());
  }
}

}  // namespace carecast::hdf5
