#pragma once
// A set of output files that appear together or not at all, for commands
// that write many files into one folder (`carecast export --csv DIR`). The
// files are written to a staging folder and moved into place only on
// commit; if anything fails before, nothing is left at the target.
//
// A target folder that does not exist is staged beside it and renamed into
// place in one step. A target folder that exists keeps its other files: the
// staging folder is made inside it, each named file must be absent (or
// `overwrite` given), and the files are moved in one by one at the end.
// After SIGKILL or an interrupt a hidden staging folder (".NAME.tmp-PID")
// may remain; the target never holds a half-written file.

#include <filesystem>
#include <string>
#include <vector>

namespace carecast {

class PendingFolder {
 public:
  // `files` are paths relative to the target, e.g. "population.csv" or
  // "replicates/population.csv". Throws InputError if the target's parent
  // does not exist or is not writable, if the target is a file, or if a
  // named file exists and `overwrite` is false.
  PendingFolder(std::filesystem::path target, std::vector<std::string> files, bool overwrite);
  ~PendingFolder();
  PendingFolder(const PendingFolder&) = delete;
  PendingFolder& operator=(const PendingFolder&) = delete;

  // Where to write `file` (one of those named), its folder created.
  std::filesystem::path staged(const std::string& file) const;

  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path staging_;
  std::vector<std::string> files_;
  bool target_existed_ = false;
  bool committed_ = false;
};

}  // namespace carecast
