#pragma once
// An array of doubles whose memory comes from the system as untouched pages:
// nothing is written to it until it is used, and a large one is asked for
// in huge pages. Holding every replicate of a run for its summaries takes
// hundreds of MB; a std::vector zeroes them all before the first replicate,
// on one thread (in the default run, 1.3 s before a second worker could
// start), where these pages are met as each replicate is copied in.
//
// The values are unspecified until written (in practice zero, as the system
// hands out zeroed pages).

#include <cstddef>

namespace carecast {

class PageArray {
 public:
  PageArray() = default;
  explicit PageArray(std::size_t size);
  ~PageArray();
  PageArray(PageArray&& other) noexcept;
  PageArray& operator=(PageArray&& other) noexcept;
  PageArray(const PageArray&) = delete;
  PageArray& operator=(const PageArray&) = delete;

  double* data() { return data_; }
  const double* data() const { return data_; }
  std::size_t size() const { return size_; }

 private:
  void release();

  double* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace carecast
