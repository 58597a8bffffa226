#include "chunk_compression.h"

#include <libdeflate.h>

#include <bit>
#include <cstring>
#include <memory>
#include <new>

namespace carecast::hdf5 {
namespace {

static_assert(std::endian::native == std::endian::little, "chunks are stored as IEEE_F64LE, the values' own bytes");

struct FreeCompressor {
  void operator()(libdeflate_compressor* compressor) const { libdeflate_free_compressor(compressor); }
};

}  // namespace

std::vector<unsigned char> shuffle_and_deflate(const double* values, std::size_t count, int level) {
  constexpr std::size_t value_bytes = sizeof(double);
  const auto* bytes = reinterpret_cast<const unsigned char*>(values);
  std::vector<unsigned char> shuffled(count * value_bytes);
  for (std::size_t i = 0; i < count; ++i) {
    for (std::size_t b = 0; b < value_bytes; ++b) shuffled[b * count + i] = bytes[i * value_bytes + b];
  }
  const std::unique_ptr<libdeflate_compressor, FreeCompressor> compressor(libdeflate_alloc_compressor(level));
  if (!compressor) throw std::bad_alloc();
  std::vector<unsigned char> stored(libdeflate_zlib_compress_bound(compressor.get(), shuffled.size()));
  stored.resize(libdeflate_zlib_compress(compressor.get(), shuffled.data(), shuffled.size(), stored.data(), stored.size()));
  return stored;
}

}  // namespace carecast::hdf5
