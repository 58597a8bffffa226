#include "carecast/output/pending_output.h"

#include <unistd.h>

#include <array>
#include <csignal>
#include <cstring>

#include "carecast/core/error.h"

namespace carecast {
namespace {

namespace fs = std::filesystem;

// The signal handler can only use what is set up beforehand: a fixed buffer
// holding the path of the temporary being written. One output is pending at
// a time in a process.
std::array<char, 4096> pending_path{};
volatile std::sig_atomic_t pending_active = 0;

extern "C" void remove_and_reraise(int signal_number) {
  if (pending_active) unlink(pending_path.data());
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

}  // namespace

PendingOutput::PendingOutput(fs::path target, bool overwrite) : target_(std::move(target)) {
  const std::string shown = target_.string();
  fs::path folder = target_.parent_path();
  if (folder.empty()) folder = ".";
  std::error_code status;
  if (!fs::is_directory(folder, status)) {
    throw InputError(shown + ": the folder " + folder.string() + " does not exist");
  }
  if (access(folder.c_str(), W_OK) != 0) {
    throw InputError(shown + ": the folder " + folder.string() + " is not writable");
  }
  if (fs::exists(target_, status)) {
    if (fs::is_directory(target_, status)) throw InputError(shown + ": is a folder, not a file");
    if (!overwrite) throw InputError(shown + ": already exists; use --force to overwrite it");
  }
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict, its bug
  // 105329) on the one-expression concatenation.
  std::string name = ".";
  name += target_.filename().string();
  name += ".tmp-";
  name += std::to_string(getpid());
  temporary_ = folder / name;
  const std::string temporary = temporary_.string();
  if (temporary.size() >= pending_path.size()) throw InputError(shown + ": path too long");
  std::memcpy(pending_path.data(), temporary.c_str(), temporary.size() + 1);
  pending_active = 1;
}

PendingOutput::~PendingOutput() {
  pending_active = 0;
  if (!committed_) {
    std::error_code ignored;
    fs::remove(temporary_, ignored);
  }
}

void PendingOutput::commit() {
  std::error_code status;
  fs::rename(temporary_, target_, status);
  if (status) throw WriteError(target_, "move the finished file into place", status.message());
  committed_ = true;
  pending_active = 0;
}

void remove_pending_output_on_signals() {
  struct sigaction action {};
  action.sa_handler = remove_and_reraise;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

}  // namespace carecast
