#include "carecast/core/error.h"

#include <cerrno>
#include <cstring>

namespace carecast {

std::string SourceLocation::to_string() const {
  std::string text = file;
  if (line > 0) {
    text.append(":").append(std::to_string(line));
    if (column > 0) text.append(":").append(std::to_string(column));
  }
  return text;
}

InputError InputError::at(const SourceLocation& where, std::string_view key_path,
                          std::string_view what) {
  std::string message = where.to_string();
  if (!message.empty()) message += ": ";
  if (!key_path.empty()) {
    message += key_path;
    message += ": ";
  }
  message += what;
  return InputError(message);
}

namespace {

std::string write_error_message(const std::filesystem::path& path, const std::string& action, const std::string& reason) {
  std::string message = path.string() + ": could not " + action;
  if (!reason.empty()) message += ": " + reason;
  return message;
}

}  // namespace

WriteError::WriteError(std::filesystem::path path, std::string action, std::string reason)
    : InternalError(write_error_message(path, action, reason)),
      path_(std::move(path)),
      action_(std::move(action)),
      reason_(std::move(reason)) {}

WriteError WriteError::from_errno(std::filesystem::path path, std::string action) {
  const int number = errno;
  return WriteError(std::move(path), std::move(action), number != 0 ? std::strerror(number) : "");
}

}  // namespace carecast
