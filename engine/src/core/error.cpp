#include "carecast/core/error.h"

#include <algorithm>
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

namespace {

// The start of `text` cut to at most quoted_characters bytes, never inside a
// UTF-8 character.
std::string_view input_prefix(std::string_view text) {
  std::size_t end = std::min(text.size(), quoted_characters);
  while (end > 0 && end < text.size() && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

}  // namespace

std::string quote_input(std::string_view text) {
  if (text.size() <= quoted_characters) return "\"" + std::string(text) + "\"";
  return "\"" + std::string(input_prefix(text)) + "\u2026\" (" + std::to_string(text.size()) + " characters)";
}

std::string shortened_input(std::string_view text) {
  if (text.size() <= quoted_characters) return std::string(text);
  return std::string(input_prefix(text)) + "\u2026 (" + std::to_string(text.size()) + " characters)";
}

InputError InputError::at(const SourceLocation& where, std::string_view key_path,
                          std::string_view what) {
  std::string message = where.to_string();
  if (!message.empty()) message += ": ";
  if (!key_path.empty()) {
    // A key path holds keys as the user wrote them, so an overlong key is cut
    // short like any other input; a path of real keys is far shorter.
    constexpr std::size_t longest_path = 4 * quoted_characters;
    message += key_path.size() > longest_path ? shortened_input(key_path) : std::string(key_path);
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
