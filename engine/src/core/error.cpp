#include "carecast/core/error.h"

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

}  // namespace carecast
