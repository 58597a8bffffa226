#pragma once
// `carecast export`: a run as tidy CSV files, an Excel workbook, or both.
// Both targets are checked before anything is written, and both appear only
// when both are complete.

#include <filesystem>
#include <optional>

namespace carecast::report {

struct ExportRequest {
  std::filesystem::path run;
  std::optional<std::filesystem::path> csv_folder;
  bool replicates = false;  // also /replicates as CSV
  std::optional<std::filesystem::path> workbook;
  bool overwrite = false;
};

// Throws InputError when neither output is asked for, when the run file
// cannot be read, or when an output exists and `overwrite` is false.
void export_run(const ExportRequest& request);

}  // namespace carecast::report
