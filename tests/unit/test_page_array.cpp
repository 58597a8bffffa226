// PageArray: the run file's store of every replicate, taken from the system
// untouched, so that nothing is written to it before the first replicate.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <fstream>
#include <utility>

#include "carecast/core/page_array.h"

using namespace carecast;

namespace {

double resident_megabytes() {
  std::ifstream statm("/proc/self/statm");
  double size = 0.0;
  double resident = 0.0;
  statm >> size >> resident;
  return resident * static_cast<double>(sysconf(_SC_PAGE_SIZE)) / (1024.0 * 1024.0);
}

void fill(PageArray& array) {
  for (std::size_t k = 0; k < array.size(); ++k) array.data()[k] = static_cast<double>(k) * 0.5;
}

bool holds_fill(const PageArray& array) {
  for (std::size_t k = 0; k < array.size(); ++k) {
    if (array.data()[k] != static_cast<double>(k) * 0.5) return false;
  }
  return true;
}

}  // namespace

TEST_CASE("a page array takes no memory until it is written, then holds what was written") {
  constexpr std::size_t count = std::size_t{256} << 17;  // 256 MB of doubles
  const double before = resident_megabytes();
  PageArray array(count);
  REQUIRE(array.size() == count);
  // A zeroed vector would be resident whole here.
  CHECK(resident_megabytes() - before < 16.0);
  fill(array);
  CHECK(resident_megabytes() - before > 200.0);
  CHECK(holds_fill(array));
}

TEST_CASE("a page array moves its memory, small or large, and leaves the source empty") {
  for (const std::size_t count : {std::size_t{1}, std::size_t{1000}, std::size_t{3} << 20}) {
    PageArray first(count);
    fill(first);
    const double* memory = first.data();
    PageArray second(std::move(first));
    CHECK(second.data() == memory);
    CHECK(second.size() == count);
    CHECK(first.size() == 0);
    CHECK(first.data() == nullptr);
    CHECK(holds_fill(second));

    PageArray third(7);
    third = std::move(second);
    CHECK(third.data() == memory);
    CHECK(second.data() == nullptr);
    CHECK(holds_fill(third));
  }
  const PageArray empty(0);
  CHECK(empty.data() == nullptr);
  CHECK(empty.size() == 0);
}
