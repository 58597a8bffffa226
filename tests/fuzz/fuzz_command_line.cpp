// libFuzzer target for the command line: arbitrary bytes as carecast's
// arguments (one per line), run as the program runs them, in an empty
// folder of their own. Whatever the arguments, the program ends with exit
// code 0 or 2 (bad input or usage): no crash, no sanitizer finding, no
// internal error. Files a call writes are removed before the next. The
// folder holds nothing a command could load, and arguments naming a path
// outside it are skipped: the fuzzer runs as root in CI, where a found
// `run S -o /etc/passwd --force` must not be able to run.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "carecast/parallel/process_group.h"
#include "command_line.h"

namespace {

// Few arguments reach any command; more only slows the search.
constexpr std::size_t most_arguments = 12;

std::filesystem::path folder;

// At the end of a run (libFuzzer leaves through exit()), not after a crash,
// whose folder may be wanted.
void remove_folder() {
  std::error_code ignored;
  std::filesystem::remove_all(folder, ignored);
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::string pattern = (std::filesystem::temp_directory_path() / "carecast-fuzz-XXXXXX").string();
  if (!mkdtemp(pattern.data())) std::abort();
  folder = pattern;
  std::filesystem::current_path(folder);
  std::atexit(remove_folder);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::vector<std::string> arguments{"carecast"};
  std::string current;
  for (std::size_t i = 0; i < size && arguments.size() <= most_arguments; ++i) {
    const char c = static_cast<char>(data[i]);
    if (c == '\n') {
      arguments.push_back(current);
      current.clear();
    } else if (c != '\0') {
      current += c;
    }
  }
  if (arguments.size() <= most_arguments && !current.empty()) arguments.push_back(current);
  for (const std::string& argument : arguments) {
    if (argument.find('/') != std::string::npos || argument.find("..") != std::string::npos) return 0;
  }
  std::vector<char*> argv;
  for (std::string& argument : arguments) argv.push_back(argument.data());
  argv.push_back(nullptr);
  static const carecast::ProcessGroup processes;  // one process: the fuzz build has no MPI
  const int status = carecast::app::carecast_main(static_cast<int>(argv.size() - 1), argv.data(), processes);
  std::filesystem::current_path(folder);
  for (const auto& entry : std::filesystem::directory_iterator(folder)) std::filesystem::remove_all(entry.path());
  if (status != 0 && status != 2) std::abort();
  return 0;
}
