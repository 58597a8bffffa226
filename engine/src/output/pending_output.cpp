#include "carecast/output/pending_output.h"

#include "carecast/core/error.h"
#include "carecast/output/temporary_files.h"

namespace carecast {

namespace fs = std::filesystem;

PendingOutput::PendingOutput(fs::path target, bool overwrite) : target_(std::move(target)), overwrite_(overwrite) {
  const std::string shown = target_.string();
  output_files::check_target(target_, false);
  const fs::path folder = target_.parent_path().empty() ? fs::path(".") : target_.parent_path();
  output_files::check_writable_folder(folder, shown);
  if (!overwrite && output_files::something_at(target_)) {
    throw InputError(shown + ": already exists; use --force to overwrite it");
  }
  const std::string name = target_.filename().string();
  temporary_ = output_files::temporary_beside(folder, name, shown);
  output_files::remove_abandoned_temporaries(folder, name);
  removed_on_signal_ = std::make_unique<output_files::RemovedOnSignal>(std::vector<fs::path>{temporary_});
}

PendingOutput::~PendingOutput() {
  if (!committed_) {
    std::error_code ignored;
    fs::remove(temporary_, ignored);
  }
}

void PendingOutput::commit() {
  output_files::move_into_place(temporary_, target_, overwrite_);
  committed_ = true;
  removed_on_signal_->release();
}

}  // namespace carecast
