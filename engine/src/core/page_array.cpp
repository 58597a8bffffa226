#include "carecast/core/page_array.h"

#include <sys/mman.h>

#include <new>
#include <utility>

namespace carecast {
namespace {

// Smaller arrays keep ordinary pages: a huge page is made resident whole,
// and the run file's chunk buffers, one per quantity, are small.
constexpr std::size_t huge_pages_from_bytes = std::size_t{16} << 20;

}  // namespace

PageArray::PageArray(std::size_t size) : size_(size) {
  if (size == 0) return;
  const std::size_t bytes = size * sizeof(double);
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::bad_alloc();
  // Advice only: where the system has no huge pages to give, ordinary pages
  // serve the same.
  if (bytes >= huge_pages_from_bytes) madvise(memory, bytes, MADV_HUGEPAGE);
  data_ = static_cast<double*>(memory);
}

PageArray::~PageArray() { release(); }

PageArray::PageArray(PageArray&& other) noexcept
    : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}

PageArray& PageArray::operator=(PageArray&& other) noexcept {
  if (this != &other) {
    release();
    data_ = std::exchange(other.data_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

void PageArray::release() {
  // The system rounds the length to whole pages, as mmap did.
  if (data_ != nullptr) munmap(data_, size_ * sizeof(double));
  data_ = nullptr;
  size_ = 0;
}

}  // namespace carecast
