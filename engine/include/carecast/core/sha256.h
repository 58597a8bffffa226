#pragma once

#include <string>
#include <string_view>

namespace carecast {

// Lower-case hexadecimal SHA-256 of the bytes of `text` (OpenSSL).
std::string sha256_hex(std::string_view text);

}  // namespace carecast
