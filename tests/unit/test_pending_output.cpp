// Output files are complete or absent, and never overwritten by accident.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

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

TEST_CASE("the temporary has a recognisable name, legal even for the longest legal target name") {
  const fs::path folder = scratch_folder();
  const std::string pid = std::to_string(::getpid());
  CHECK(PendingOutput(folder / "run.h5", false).temporary() == folder / (".run.h5.carecast-tmp-" + pid));
  const std::string longest(255, 'r');
  const fs::path temporary = PendingOutput(folder / longest, false).temporary();
  CHECK(temporary.filename().string().size() <= 255);
  CHECK(temporary.filename().string().rfind(".rrrr", 0) == 0);
  CHECK(temporary.filename().string().find(".carecast-tmp-" + pid) != std::string::npos);
  CHECK(error_of([&] { PendingOutput output(folder / (longest + "r"), false); }).find("is 256 bytes long") != std::string::npos);
  CHECK(error_of([&] { PendingOutput output("", false); }) == "the output file's path is empty; give a file");
  fs::remove_all(folder);
}

TEST_CASE("without overwrite, a target that appears during the write is kept and the results are dropped") {
  const fs::path target = scratch_folder() / "run.h5";
  {
    PendingOutput output(target, false);
    std::ofstream(output.temporary()) << "ours";
    std::ofstream(target) << "theirs";
    CHECK_THROWS_AS(output.commit(), WriteError);
  }
  std::ifstream kept(target);
  CHECK(std::string(std::istreambuf_iterator<char>(kept), {}) == "theirs");
  CHECK(std::distance(fs::directory_iterator(target.parent_path()), {}) == 1);
  fs::remove_all(target.parent_path());
}

TEST_CASE("overwrite replaces a regular file, and nothing else") {
  const fs::path folder = scratch_folder();
  {
    PendingOutput output(folder / "run.h5", true);
    std::ofstream(output.temporary()) << "ours";
    std::ofstream(folder / "run.h5") << "theirs";
    output.commit();
  }
  std::ifstream replaced(folder / "run.h5");
  CHECK(std::string(std::istreambuf_iterator<char>(replaced), {}) == "ours");
  fs::create_directory(folder / "sub");
  CHECK(error_of([&] { PendingOutput output(folder / "sub", true); }) ==
        (folder / "sub").string() + ": is not a regular file (it is a folder); carecast only replaces regular files");
  {
    PendingOutput output(folder / "later", true);
    std::ofstream(output.temporary()) << "ours";
    fs::create_directory(folder / "later");
    CHECK_THROWS_AS(output.commit(), WriteError);
  }
  CHECK(fs::is_directory(folder / "later"));
  fs::remove_all(folder);
}
