#include "carecast/output/pending_folder.h"

#include <algorithm>

#include "carecast/core/error.h"
#include "carecast/output/temporary_files.h"

namespace carecast {
namespace {

namespace fs = std::filesystem;

// The staging folder's name inside an existing target folder.
const std::string staging_inside = "carecast-export";

}  // namespace

PendingFolder::PendingFolder(fs::path target, std::vector<std::string> files, bool overwrite)
    : target_(std::move(target)), files_(std::move(files)), overwrite_(overwrite) {
  const std::string shown = target_.string();
  output_files::check_target(target_, true);
  if (output_files::something_at(target_)) {
    output_files::check_writable_folder(target_, shown);
    for (const std::string& file : files_) {
      const fs::path path = target_ / file;
      output_files::check_target(path, false);
      if (!overwrite && output_files::something_at(path)) {
        throw InputError(path.string() + ": already exists; use --force to overwrite it");
      }
    }
    target_existed_ = true;
    staging_ = output_files::temporary_beside(target_, staging_inside, shown);
    output_files::remove_abandoned_temporaries(target_, staging_inside);
  } else {
    fs::path parent = target_.parent_path();
    // "out/" names the folder "out": the staging name comes from the last non-empty part.
    const std::string name = (target_.has_filename() ? target_.filename() : parent.filename()).string();
    if (!target_.has_filename()) parent = parent.parent_path();
    if (parent.empty()) parent = ".";
    output_files::check_writable_folder(parent, shown);
    staging_ = output_files::temporary_beside(parent, name, shown);
    output_files::remove_abandoned_temporaries(parent, name);
  }
  removed_on_signal_ = std::make_unique<output_files::RemovedOnSignal>(staged_paths());
  std::error_code status;
  fs::create_directory(staging_, status);
  if (status) throw WriteError(staging_, "create the staging folder for " + shown, status.message());
}

PendingFolder::~PendingFolder() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove_all(staging_, ignored);
  }
}

// What a signal must remove, in an order that empties each folder before
// removing it: the files, their folders deepest first, the staging folder.
std::vector<fs::path> PendingFolder::staged_paths() const {
  std::vector<fs::path> paths;
  std::vector<fs::path> folders;
  for (const std::string& file : files_) {
    paths.push_back(staging_ / file);
    for (fs::path folder = fs::path(file).parent_path(); !folder.empty(); folder = folder.parent_path()) {
      if (std::find(folders.begin(), folders.end(), folder) == folders.end()) folders.push_back(folder);
    }
  }
  std::sort(folders.begin(), folders.end(),
            [](const fs::path& a, const fs::path& b) { return a.string().size() > b.string().size(); });
  for (const fs::path& folder : folders) paths.push_back(staging_ / folder);
  paths.push_back(staging_);
  return paths;
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
  if (target_existed_) {
    move_files_into_target();
    std::error_code status;
    fs::remove_all(staging_, status);
    if (status) throw WriteError(staging_, "remove the emptied staging folder", status.message());
  } else {
    for (const fs::path& path : staged_paths()) output_files::sync_to_disk(path, target_);
    output_files::move_into_place(staging_, target_, false);
  }
  committed_ = true;
  removed_on_signal_->release();
}

// One by one; if one cannot be moved (it appeared meanwhile, the disk
// failed) those already moved are moved back, so that without overwrite the
// target folder is as it was.
void PendingFolder::move_files_into_target() {
  std::vector<std::string> moved;
  try {
    for (const std::string& file : files_) {
      std::error_code status;
      fs::create_directories((target_ / file).parent_path(), status);
      if (status) throw WriteError((target_ / file).parent_path(), "create the folder", status.message());
      output_files::move_into_place(staging_ / file, target_ / file, overwrite_);
      moved.push_back(file);
    }
  } catch (const WriteError&) {
    if (!overwrite_) {
      std::error_code ignored;
      for (const std::string& file : moved) fs::rename(target_ / file, staging_ / file, ignored);
    }
    throw;
  }
}

}  // namespace carecast
