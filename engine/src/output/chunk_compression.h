#pragma once
// A chunk of doubles as HDF5 stores it through the shuffle filter and then
// the deflate filter (private to engine/src/output): the run file's
// replicate chunks are compressed here and written as they are stored
// (H5Dwrite_chunk), because libdeflate does HDF5's zlib deflate several
// times faster and a run compresses every replicate's values (about a
// tenth of a county run's core time went to zlib). Readers decode them
// with HDF5's own filters, as any file with those filters.

#include <cstddef>
#include <vector>

namespace carecast::hdf5 {

// HDF5's shuffle of `count` 8-byte values (the first byte of every value,
// then the second, ...), then the zlib stream HDF5's deflate filter makes
// (a zlib header, the deflate data at `level`, an Adler-32 check).
std::vector<unsigned char> shuffle_and_deflate(const double* values, std::size_t count, int level);

}  // namespace carecast::hdf5
