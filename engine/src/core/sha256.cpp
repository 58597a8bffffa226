#include "carecast/core/sha256.h"

#include <openssl/evp.h>

#include <array>

#include "carecast/core/error.h"

namespace carecast {

std::string sha256_hex(std::string_view text) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1) {
    throw InternalError("SHA-256 digest failed");
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string result;
  for (unsigned int i = 0; i < length; ++i) {
    result += hex[digest[i] >> 4];
    result += hex[digest[i] & 0xF];
  }
  return result;
}

}  // namespace carecast
