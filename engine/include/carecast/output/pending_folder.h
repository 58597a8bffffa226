#pragma once
// A set of output files that appear together or not at all, for commands
// that write many files into one folder (`carecast export --csv DIR`). The
// files are written to a staging folder and moved into place only on
// commit, each synced to the disk first; if anything fails before, nothing
// is left at the target.
//
// A target folder that does not exist is staged beside it
// (".NAME.carecast-tmp-PID") and renamed into place in one step, refusing a
// folder that appeared meanwhile. A target folder that exists keeps its
// other files: the staging folder (".carecast-export.carecast-tmp-PID") is
// made inside it, each named file must be absent (or a regular file and
// `overwrite` given), and the files are moved in one by one at the end. A
// terminating signal removes the staging folder; one left by SIGKILL is
// removed by the next export to the same folder.

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace carecast {

namespace output_files {
class RemovedOnSignal;
}

class PendingFolder {
 public:
  // `files` are paths relative to the target, e.g. "population.csv" or
  // "replicates/population.csv". Throws InputError if the path is empty or
  // too long, the target's parent does not exist or is not writable, the
  // target is not a folder, or a named file is not a regular file or exists
  // and `overwrite` is false.
  PendingFolder(std::filesystem::path target, std::vector<std::string> files, bool overwrite);
  ~PendingFolder();
  PendingFolder(const PendingFolder&) = delete;
  PendingFolder& operator=(const PendingFolder&) = delete;

  // Where to write `file` (one of those named), its folder created.
  std::filesystem::path staged(const std::string& file) const;

  void commit();

 private:
  std::vector<std::filesystem::path> staged_paths() const;
  void move_files_into_target();

  std::filesystem::path target_;
  std::filesystem::path staging_;
  std::vector<std::string> files_;
  bool overwrite_;
  bool target_existed_ = false;
  bool committed_ = false;
  std::unique_ptr<output_files::RemovedOnSignal> removed_on_signal_;
};

}  // namespace carecast
