#pragma once
// An output file that is complete or absent. Checks the target before any
// work is done, hands out a temporary path beside it
// (".NAME.carecast-tmp-PID"), and moves the temporary onto the target only
// when the writer has closed it, after syncing it to the disk. Without
// overwrite the move replaces nothing that appeared meanwhile; with it, only
// a regular file. A terminating signal removes the temporary; one left by
// SIGKILL is removed by the next run to the same target.

#include <filesystem>
#include <memory>

namespace carecast {

namespace output_files {
class RemovedOnSignal;
}

class PendingOutput {
 public:
  // Throws InputError if the path is empty or too long, the folder does not
  // exist or is not writable, something other than a regular file is at
  // the target, or a file is there and `overwrite` is false.
  PendingOutput(std::filesystem::path target, bool overwrite);
  ~PendingOutput();
  PendingOutput(const PendingOutput&) = delete;
  PendingOutput& operator=(const PendingOutput&) = delete;

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temporary() const { return temporary_; }

  // Syncs the finished temporary and moves it onto the target (atomically,
  // same folder). Throws WriteError, leaving the target as it was, if that
  // fails or if the target appeared meanwhile and overwrite was not given.
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  bool overwrite_;
  bool committed_ = false;
  std::unique_ptr<output_files::RemovedOnSignal> removed_on_signal_;
};

}  // namespace carecast
