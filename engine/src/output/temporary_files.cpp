#include "carecast/output/temporary_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string_view>

#include <fmt/format.h>

#include "carecast/core/error.h"

namespace carecast::output_files {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view temporary_marker = ".carecast-tmp-";
// pid_max is at most 2^22 on Linux (7 digits); room is kept for 10.
constexpr std::size_t longest_pid = 10;

std::string kind_of(const fs::path& path) {
  struct stat status {};
  if (stat(path.c_str(), &status) != 0) return "a symbolic link to nothing";
  if (S_ISDIR(status.st_mode)) return "a folder";
  if (S_ISCHR(status.st_mode) || S_ISBLK(status.st_mode)) return "a device";
  if (S_ISFIFO(status.st_mode)) return "a FIFO";
  if (S_ISSOCK(status.st_mode)) return "a socket";
  if (S_ISREG(status.st_mode)) return "a regular file";
  return "something other than a file";
}

// The part of the temporary's name that comes from the target's name: the
// name itself when it leaves room for the marker and a pid, else as much of
// it as fits and a hash of the whole, so a legal name of any length gets a
// legal temporary that is the same for every run to that target.
std::string temporary_stem(const std::string& name) {
  constexpr std::size_t room = NAME_MAX - 1 - temporary_marker.size() - longest_pid;
  if (name.size() <= room) return name;
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a
  for (const unsigned char byte : name) hash = (hash ^ byte) * 1099511628211ULL;
  const std::string tag = fmt::format("~{:016x}", hash);
  std::size_t keep = room - tag.size();
  // Cut between characters, not inside one written in several UTF-8 bytes.
  while (keep > 0 && (static_cast<unsigned char>(name[keep]) & 0xC0) == 0x80) --keep;
  return name.substr(0, keep) + tag;
}

WriteError appeared_meanwhile(const fs::path& target) {
  return WriteError(target, "move the results into place",
                    "it appeared while this run was writing and was left as it is; this run's results were not written");
}

void move_without_replacing(const fs::path& finished, const fs::path& target) {
  if (renameat2(AT_FDCWD, finished.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) return;
  if (errno == EEXIST) throw appeared_meanwhile(target);
  if (errno != EINVAL && errno != ENOSYS) throw WriteError::from_errno(target, "move the results into place");
  // A file system without RENAME_NOREPLACE: a hard link refuses an existing
  // name just as well. Folders cannot be linked; rename still refuses a
  // folder that is not empty.
  std::error_code status;
  if (fs::is_directory(finished, status)) {
    if (rename(finished.c_str(), target.c_str()) != 0) {
      if (errno == EEXIST || errno == ENOTEMPTY) throw appeared_meanwhile(target);
      throw WriteError::from_errno(target, "move the results into place");
    }
    return;
  }
  if (link(finished.c_str(), target.c_str()) != 0) {
    if (errno == EEXIST) throw appeared_meanwhile(target);
    throw WriteError::from_errno(target, "move the results into place");
  }
  unlink(finished.c_str());
}

// --- Removal on signals -------------------------------------------------
// A handler may only read what was set up before: each slot points to a
// list of NUL-terminated paths ending with an empty one. Lists are never
// freed, so a handler running on another thread never reads freed memory.

constexpr std::size_t slot_count = 8;
std::array<std::atomic<const char*>, slot_count> registered{};

std::vector<std::unique_ptr<char[]>>& kept_lists() {
  static auto* lists = new std::vector<std::unique_ptr<char[]>>();
  return *lists;
}

// SIGXFSZ is not here: it is ignored instead, so that a write beyond
// `ulimit -f` fails with "File too large" and is reported like a full disk.
constexpr std::array terminating_signals{SIGINT,  SIGTERM, SIGHUP,  SIGQUIT,   SIGPIPE, SIGUSR1,
                                         SIGUSR2, SIGXCPU, SIGALRM, SIGVTALRM, SIGPROF};

extern "C" void remove_registered_and_reraise(int signal_number) {
  for (std::atomic<const char*>& slot : registered) {
    const char* path = slot.load();
    for (; path != nullptr && *path != '\0'; path += std::strlen(path) + 1) {
      if (unlink(path) != 0) rmdir(path);
    }
  }
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

// A signal someone else already handles or ignores (nohup ignores SIGHUP)
// is left as it is.
bool left_at_default(int signal_number) {
  struct sigaction current {};
  return sigaction(signal_number, nullptr, &current) == 0 && (current.sa_flags & SA_SIGINFO) == 0 &&
         current.sa_handler == SIG_DFL;
}

void install_handlers_once() {
  static bool installed = false;
  if (installed) return;
  installed = true;
  struct sigaction action {};
  action.sa_handler = remove_registered_and_reraise;
  sigemptyset(&action.sa_mask);
  for (const int signal_number : terminating_signals) sigaddset(&action.sa_mask, signal_number);
  for (const int signal_number : terminating_signals) {
    if (left_at_default(signal_number)) sigaction(signal_number, &action, nullptr);
  }
  if (left_at_default(SIGXFSZ)) std::signal(SIGXFSZ, SIG_IGN);
}

}  // namespace

void check_target(const fs::path& target, bool want_folder) {
  const std::string shown = target.string();
  if (shown.empty()) {
    throw InputError(want_folder ? "the output folder's path is empty; give a folder" : "the output file's path is empty; give a file");
  }
  if (!want_folder && !target.has_filename()) throw InputError(shown + ": ends in '/', so it names a folder; give a file's path");
  for (const fs::path& part : target) {
    if (part.string().size() > NAME_MAX) {
      throw InputError(fmt::format("{}: the name {}... is {} bytes long; names are limited to {}", shown,
                                   part.string().substr(0, 40), part.string().size(), NAME_MAX));
    }
  }
  if (shown.size() >= PATH_MAX) {
    throw InputError(fmt::format("{}...: the path is {} bytes long; paths are limited to {}", shown.substr(0, 60),
                                 shown.size(), PATH_MAX - 1));
  }
  if (!something_at(target)) return;
  const std::string kind = kind_of(target);
  if (want_folder) {
    if (kind == "a regular file") throw InputError(shown + ": is a file, not a folder");
    if (kind != "a folder") throw InputError(shown + ": is " + kind + ", not a folder");
  } else if (kind != "a regular file") {
    throw InputError(shown + ": is not a regular file (it is " + kind + "); carecast only replaces regular files");
  }
}

void check_writable_folder(const fs::path& folder, const std::string& shown) {
  std::error_code status;
  if (!fs::is_directory(folder, status)) {
    throw InputError(shown + ": the folder " + folder.string() + " does not exist");
  }
  if (access(folder.c_str(), W_OK) != 0) {
    throw InputError(shown + ": the folder " + folder.string() + " is not writable");
  }
}

bool something_at(const fs::path& path) {
  struct stat status {};
  return lstat(path.c_str(), &status) == 0;
}

fs::path temporary_beside(const fs::path& folder, const std::string& name, const std::string& shown) {
  // Appended piece by piece: GCC 12 warns falsely (-Wrestrict, its bug
  // 105329) on the one-expression concatenation.
  std::string temporary_name = ".";
  temporary_name += temporary_stem(name);
  temporary_name += temporary_marker;
  temporary_name += std::to_string(getpid());
  fs::path temporary = folder / temporary_name;
  if (temporary.string().size() >= PATH_MAX) {
    throw InputError(fmt::format("{}: the path is too long to write a temporary file beside it ({} bytes; the limit is {})",
                                 shown, temporary.string().size(), PATH_MAX - 1));
  }
  return temporary;
}

void remove_abandoned_temporaries(const fs::path& folder, const std::string& name) {
  std::string prefix = ".";
  prefix += temporary_stem(name);
  prefix += temporary_marker;
  std::vector<fs::path> abandoned;
  std::error_code status;
  for (fs::directory_iterator entry(folder, status), end; !status && entry != end; entry.increment(status)) {
    const std::string entry_name = entry->path().filename().string();
    if (entry_name.size() <= prefix.size() || entry_name.compare(0, prefix.size(), prefix) != 0) continue;
    const std::string pid_text = entry_name.substr(prefix.size());
    if (pid_text.size() > longest_pid || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::stol(pid_text);
    // Only a writer known to be gone: a live process, or one we may not
    // signal (EPERM), may still be writing.
    if (pid > 0 && kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) abandoned.push_back(entry->path());
  }
  for (const fs::path& path : abandoned) {
    std::error_code removed;
    const char* kind = fs::is_directory(path, removed) ? "folder" : "file";
    fs::remove_all(path, removed);
    if (!removed) {
      fmt::print(stderr, "carecast: removed an unfinished {} left by an earlier run that was stopped: {}\n", kind,
                 path.string());
    }
  }
}

void sync_to_disk(const fs::path& path, const fs::path& named) {
  const int descriptor = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (descriptor < 0) throw WriteError::from_errno(named, "sync the results to the disk");
  // EINVAL: a file system that has nothing to sync (a pipe-like or special one).
  const bool synced = fsync(descriptor) == 0 || errno == EINVAL;
  const int reason = errno;
  close(descriptor);
  errno = reason;
  if (!synced) throw WriteError::from_errno(named, "sync the results to the disk");
}

void move_into_place(const fs::path& finished, const fs::path& target, bool replace) {
  sync_to_disk(finished, target);
  if (!replace) {
    move_without_replacing(finished, target);
  } else {
    // Checked at the start too; what appeared since must still not be
    // replaced unless it is a regular file.
    if (something_at(target) && kind_of(target) != "a regular file") {
      throw WriteError(target, "move the results into place",
                       "it became " + kind_of(target) + " while this run was writing and was left as it is");
    }
    if (rename(finished.c_str(), target.c_str()) != 0) throw WriteError::from_errno(target, "move the results into place");
  }
  const fs::path folder = target.parent_path().empty() ? fs::path(".") : target.parent_path();
  sync_to_disk(folder, target);
}

RemovedOnSignal::RemovedOnSignal(const std::vector<fs::path>& paths) {
  install_handlers_once();
  std::string list;
  for (const fs::path& path : paths) {
    list += path.string();
    list.push_back('\0');
  }
  list.push_back('\0');
  auto kept = std::make_unique<char[]>(list.size());
  std::memcpy(kept.get(), list.data(), list.size());
  const char* paths_list = kept.get();
  kept_lists().push_back(std::move(kept));
  for (std::size_t slot = 0; slot < slot_count; ++slot) {
    const char* empty = nullptr;
    if (registered[slot].compare_exchange_strong(empty, paths_list)) {
      slot_ = static_cast<int>(slot);
      return;
    }
  }
  throw InternalError(fmt::format("more than {} outputs pending at once", slot_count));
}

void RemovedOnSignal::release() {
  if (slot_ >= 0) registered[static_cast<std::size_t>(slot_)].store(nullptr);
  slot_ = -1;
}

}  // namespace carecast::output_files
