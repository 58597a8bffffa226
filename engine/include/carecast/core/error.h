#pragma once
// Errors the library throws. Callers map them to exit codes in one place
// (the program's main): InputError is the user's to fix (exit 2), anything
// else is ours (exit 1).

#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace carecast {

// Where in a text file a value came from. Lines and columns count from 1;
// 0 means unknown (for instance, a whole file).
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  std::string to_string() const;
};

// Bad input: a scenario, model file, data file or command-line argument that
// the user can correct. The message is complete and ready to print.
class InputError : public std::runtime_error {
 public:
  explicit InputError(const std::string& message) : std::runtime_error(message) {}

  // "FILE:LINE:COL: KEY.PATH: WHAT", omitting the parts that are unknown.
  static InputError at(const SourceLocation& where, std::string_view key_path,
                       std::string_view what);
};

// An input value as an error message shows it: in double quotes, and when
// longer than `quoted_characters` bytes, its start followed by "…" and its
// length, so a 10 MB value gives a one-line message that is still
// recognisable. Every message that echoes what the user wrote uses this.
inline constexpr std::size_t quoted_characters = 60;
std::string quote_input(std::string_view text);
// The same without the quotes, for a number or a key path.
std::string shortened_input(std::string_view text);

// Output the program could not produce although the input was valid: a
// result failed its numeric health check, a library failed, or (WriteError)
// a file could not be written.
class InternalError : public std::runtime_error {
 public:
  explicit InternalError(const std::string& message) : std::runtime_error(message) {}
};

// An output file or folder (or its temporary) that could not be written,
// renamed into place or closed: a full disk, a folder removed during the
// run, a path through a file. The message is "PATH: could not ACTION" and,
// when the system gave one, ": REASON".
class WriteError : public InternalError {
 public:
  // `action` completes "could not ...", e.g. "write the briefing".
  WriteError(std::filesystem::path path, std::string action, std::string reason = {});
  // The same with the reason errno gives (none when errno is 0), for
  // failures of streams and C calls that set it.
  static WriteError from_errno(std::filesystem::path path, std::string action);

  const std::filesystem::path& path() const { return path_; }
  const std::string& action() const { return action_; }
  const std::string& reason() const { return reason_; }

 private:
  std::filesystem::path path_;
  std::string action_;
  std::string reason_;
};

}  // namespace carecast
