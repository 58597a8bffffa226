#include "carecast/output/pending_folder.h"

#include <unistd.h>

#include <algorithm>

#include "carecast/core/error.h"

namespace carecast {
namespace {

namespace fs = std::filesystem;

void check_writable(const fs::path& folder, const std::string& shown) {
  std::error_code status;
  if (!fs::is_directory(folder, status)) {
    throw InputError(shown + ": the folder " + folder.string() + " does not exist");
  }
  if (access(folder.c_str(), W_OK) != 0) {
    throw InputError(shown + ": the folder " + folder.string() + " is not writable");
  }
}

}  // namespace

PendingFolder::PendingFolder(fs::path target, std::vector<std::string> files, bool overwrite)
    : target_(std::move(target)), files_(std::move(files)) {
  const std::string shown = target_.string();
  std::error_code status;
  const std::string suffix = ".tmp-" + std::to_string(getpid());
  if (fs::exists(target_, status)) {
    if (!fs::is_directory(target_, status)) throw InputError(shown + ": is a file, not a folder");
    check_writable(target_, shown);
    for (const std::string& file : files_) {
      if (fs::exists(target_ / file, status) && !overwrite) {
        throw InputError((target_ / file).string() + ": already exists; use --force to overwrite it");
      }
      if (fs::is_directory(target_ / file, status)) throw InputError((target_ / file).string() + ": is a folder");
    }
    target_existed_ = true;
    staging_ = target_ / (".carecast-export" + suffix);
  } else {
    fs::path parent = target_.parent_path();
    if (parent.empty()) parent = ".";
    check_writable(parent, shown);
    // "out/" names the folder "out": the staging name comes from the last non-empty part.
    const fs::path name = target_.has_filename() ? target_.filename() : target_.parent_path().filename();
    staging_ = parent / std::string(".").append(name.string()).append(suffix);
  }
  fs::create_directory(staging_, status);
  if (status) throw WriteError(staging_, "create the staging folder for " + shown, status.message());
}

PendingFolder::~PendingFolder() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
  }
}

fs::path PendingFolder::staged(const std::string& file) const {
  if (std::find(files_.begin(), files_.end(), file) == files_.end()) {
    throw InternalError(file + " is not one of the files announced for " + target_.string());
  }
  const fs::path path = staging_ / file;
  std::error_code status;
  fs::create_directories(path.parent_path(), status);
  if (status) throw WriteError(path.parent_path(), "create the folder", status.message());
  return path;
}

void PendingFolder::commit() {
  std::error_code status;
  if (!target_existed_) {
    fs::rename(staging_, target_, status);
  } else {
    for (const std::string& file : files_) {
      fs::create_directories((target_ / file).parent_path(), status);
      if (!status) fs::rename(staging_ / file, target_ / file, status);
      if (status) break;
    }
    if (!status) fs::remove_all(staging_, status);
  }
  if (status) throw WriteError(target_, "move the finished files into place", status.message());
  committed_ = true;
}

}  // namespace carecast
