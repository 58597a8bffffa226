#pragma once
// Errors the library throws. Callers map them to exit codes in one place
// (the program's main): InputError is the user's to fix (exit 2), anything
// else is ours (exit 1).

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

// Output the program could not produce although the input was valid: the
// disk is full, a result failed its numeric health check, a library failed.
class InternalError : public std::runtime_error {
 public:
  explicit InternalError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace carecast
