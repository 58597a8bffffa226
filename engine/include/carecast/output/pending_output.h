#pragma once
// An output file that is complete or absent. Checks the target before any
// work is done, hands out a temporary path beside it, and renames the
// temporary onto the target only when the writer has closed it. If the
// process is interrupted (SIGINT, SIGTERM) the temporary is removed; after
// SIGKILL a temporary may stay behind, but the target is never half-written.

#include <filesystem>

namespace carecast {

class PendingOutput {
 public:
  // Throws InputError if the folder does not exist or is not writable, or
  // if the target exists and `overwrite` is false.
  PendingOutput(std::filesystem::path target, bool overwrite);
  ~PendingOutput();
  PendingOutput(const PendingOutput&) = delete;
  PendingOutput& operator=(const PendingOutput&) = delete;

  const std::filesystem::path& target() const { return target_; }
  const std::filesystem::path& temporary() const { return temporary_; }

  // Moves the finished temporary onto the target (atomically, same folder).
  void commit();

 private:
  std::filesystem::path target_;
  std::filesystem::path temporary_;
  bool committed_ = false;
};

// Installs SIGINT and SIGTERM handlers that delete the temporary file of the
// live PendingOutput, if any, and then end the process as the signal would.
void remove_pending_output_on_signals();

}  // namespace carecast
