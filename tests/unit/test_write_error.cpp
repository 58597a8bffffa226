// A file or folder that cannot be written, renamed into place or closed is
// one error type, WriteError, naming the path, what failed and the system's
// reason. The failures are made with a path through a regular file, which
// fails for root too (a read-only folder does not).

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <fstream>
#include <functional>

#include "carecast/core/error.h"
#include "carecast/output/hdf5_file.h"
#include "carecast/output/pending_folder.h"
#include "carecast/output/pending_output.h"
#include "carecast/output/run_file.h"
#include "carecast/report/xlsx_writer.h"
#include "carecast/run/simulation.h"

using namespace carecast;
namespace fs = std::filesystem;

namespace {

// A scratch folder holding a regular file named `blocker`.
fs::path folder_with_a_file() {
  const fs::path folder = fs::temp_directory_path() / ("carecast-write-error-" + std::to_string(::getpid()));
  fs::remove_all(folder);
  fs::create_directories(folder);
  std::ofstream(folder / "blocker") << "a regular file";
  return folder;
}

// The WriteError `action` throws; fails the test when it throws none.
WriteError write_error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const WriteError& error) {
    return error;
  }
  FAIL("no WriteError");
  return WriteError("", "");
}

}  // namespace

TEST_CASE("a write error names the path, what failed and the system's reason") {
  const WriteError with_reason("out/run.h5", "write the briefing", "No space left on device");
  CHECK(std::string(with_reason.what()) == "out/run.h5: could not write the briefing: No space left on device");
  CHECK(with_reason.path() == fs::path("out/run.h5"));
  CHECK(with_reason.action() == "write the briefing");
  CHECK(with_reason.reason() == "No space left on device");
  CHECK(std::string(WriteError("out/run.h5", "close the file").what()) == "out/run.h5: could not close the file");

  errno = ENOSPC;
  CHECK(WriteError::from_errno("out.csv", "write").reason() == "No space left on device");
  errno = 0;
  CHECK(std::string(WriteError::from_errno("out.csv", "write").what()) == "out.csv: could not write");
  // Callers that map errors to exit codes see an internal failure.
  CHECK_THROWS_AS(throw WriteError("x", "write"), InternalError);
}

TEST_CASE("an HDF5 file and a run file whose path runs through a file raise a write error") {
  const fs::path folder = folder_with_a_file();
  const fs::path path = folder / "blocker" / "run.h5";
  const WriteError created = write_error_of([&] { hdf5::File::create(path); });
  CHECK(created.path() == path);
  CHECK(created.action() == "create the file");
  CHECK(std::string(created.what()) == path.string() + ": could not create the file: Not a directory");

  const LoadedScenario loaded = load_scenario(fs::path(CARECAST_TEST_DATA) / "scenarios" / "tiny.yaml");
  const Simulation simulation(loaded);
  CHECK(write_error_of([&] { RunFileWriter(path, loaded, simulation.layout(), 1); }).path() == path);
  fs::remove_all(folder);
}

TEST_CASE("an output whose folder became a file raises a write error on commit, and leaves nothing") {
  const fs::path folder = folder_with_a_file();
  const fs::path target = folder / "runs" / "run.h5";
  fs::create_directory(target.parent_path());
  PendingOutput output(target, false);
  fs::remove_all(target.parent_path());
  std::ofstream(target.parent_path()) << "no longer a folder";
  const WriteError error = write_error_of([&] { output.commit(); });
  CHECK(error.path() == target);
  CHECK(error.action() == "sync the results to the disk");
  CHECK_FALSE(error.reason().empty());
  fs::remove_all(folder);
}

TEST_CASE("a folder of outputs whose target became a file raises a write error on commit") {
  const fs::path folder = folder_with_a_file();
  const fs::path target = folder / "csv";
  PendingFolder files(target, {"population.csv"}, false);
  std::ofstream(files.staged("population.csv")) << "year,count\n";
  std::ofstream(target) << "a file where the folder was to go";
  const WriteError error = write_error_of([&] { files.commit(); });
  CHECK(error.path() == target);
  CHECK(error.action() == "move the results into place");
  CHECK_FALSE(error.reason().empty());
  fs::remove_all(folder);
}

TEST_CASE("a workbook whose path runs through a file raises a write error on close") {
  const fs::path folder = folder_with_a_file();
  const fs::path path = folder / "blocker" / "run.xlsx";
  report::XlsxWorkbook workbook(path, "title");
  workbook.add_sheet("Sheet");
  workbook.write(0, 0, "text");
  const WriteError error = write_error_of([&] { workbook.close(); });
  CHECK(error.path() == path);
  CHECK(error.action() == "write the workbook");
  CHECK_FALSE(error.reason().empty());
  fs::remove_all(folder);
}
