// Output files are complete or absent, and never overwritten by accident.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "carecast/core/error.h"
#include "carecast/output/pending_output.h"
#include "test_support.h"

using namespace carecast;
using testing::error_of;
namespace fs = std::filesystem;

namespace {

fs::path scratch_folder() {
  const fs::path folder = fs::temp_directory_path() / ("carecast-pending-" + std::to_string(::getpid()));
  fs::create_directories(folder);
  return folder;
}

}  // namespace

TEST_CASE("the target appears only on commit, and an abandoned output leaves nothing") {
  const fs::path target = scratch_folder() / "run.h5";
  fs::remove(target);
  {
    PendingOutput output(target, false);
    std::ofstream(output.temporary()) << "partial";
    CHECK(fs::exists(output.temporary()));
    CHECK_FALSE(fs::exists(target));
  }
  CHECK_FALSE(fs::exists(target));
  CHECK(fs::is_empty(target.parent_path()));
  {
    PendingOutput output(target, false);
    std::ofstream(output.temporary()) << "complete";
    output.commit();
  }
  CHECK(fs::exists(target));
  CHECK(fs::is_empty(target.parent_path()) == false);
  fs::remove_all(target.parent_path());
}

TEST_CASE("an existing output is refused without overwrite, and missing folders are reported") {
  const fs::path target = scratch_folder() / "existing.h5";
  std::ofstream(target) << "previous";
  CHECK(error_of([&] { PendingOutput output(target, false); }) ==
        target.string() + ": already exists; use --force to overwrite it");
  CHECK_NOTHROW(PendingOutput(target, true));
  const fs::path nowhere = target.parent_path() / "no-such-folder" / "x.h5";
  CHECK(error_of([&] { PendingOutput output(nowhere, false); }) ==
        nowhere.string() + ": the folder " + nowhere.parent_path().string() + " does not exist");
  fs::remove_all(target.parent_path());
}
