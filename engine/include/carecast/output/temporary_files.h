#pragma once
// What PendingOutput and PendingFolder share: the checks on a target before
// any work, the temporary's name, the clean-up of temporaries that killed
// runs left behind, removal on signals, and the final move that syncs first
// and never replaces what it must not.

#include <filesystem>
#include <string>
#include <vector>

namespace carecast::output_files {

// Throws InputError unless `target` could be an output: not empty, a legal
// file name and path, and, if something is there, a regular file (or, for
// `want_folder`, a folder). `shown` is the path as the user gave it.
void check_target(const std::filesystem::path& target, bool want_folder);

// Throws InputError unless `folder` exists and is writable.
void check_writable_folder(const std::filesystem::path& folder, const std::string& shown);

// True if something (even a dangling symbolic link) is at `path`.
bool something_at(const std::filesystem::path& path);

// ".NAME.carecast-tmp-PID" for this process, in `folder`: a long NAME is cut
// and given a hash so the temporary's name stays legal. Throws InputError
// if the whole path would be too long.
std::filesystem::path temporary_beside(const std::filesystem::path& folder, const std::string& name,
                                       const std::string& shown);

// Removes the temporaries of `name` in `folder` whose writing process has
// ended (a run killed by SIGKILL or a power cut), saying so on stderr.
void remove_abandoned_temporaries(const std::filesystem::path& folder, const std::string& name);

// Moves a finished file or folder onto `target` after syncing it. Without
// `replace` nothing that appeared at the target meanwhile is replaced; with
// it, only a regular file is. Syncs the folder afterwards so the move lasts.
void move_into_place(const std::filesystem::path& finished, const std::filesystem::path& target, bool replace);

// Flushes a finished file (or folder) to the disk; throws WriteError naming
// `named`, the output the user asked for.
void sync_to_disk(const std::filesystem::path& path, const std::filesystem::path& named);

// While alive, a terminating signal removes these paths (files, or empty
// folders, in the order given) before the process ends as the signal would.
class RemovedOnSignal {
 public:
  explicit RemovedOnSignal(const std::vector<std::filesystem::path>& paths);
  ~RemovedOnSignal() { release(); }
  RemovedOnSignal(const RemovedOnSignal&) = delete;
  RemovedOnSignal& operator=(const RemovedOnSignal&) = delete;

  // The paths are no longer ours to remove (moved into place or deleted).
  void release();

 private:
  int slot_ = -1;
};

}  // namespace carecast::output_files
