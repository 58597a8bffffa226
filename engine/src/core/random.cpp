#include "carecast/core/random.h"

#include <boost/random/seed_seq.hpp>

#include <array>

namespace carecast {

RandomEngine make_stream(std::uint64_t seed, std::uint64_t replicate, StreamPurpose purpose,
                         std::uint64_t entity) {
  std::uint64_t state = stream_key(seed, replicate, purpose, entity);
  std::array<std::uint32_t, 8> words{};
  for (std::size_t i = 0; i < words.size(); i += 2) {
    state += 0x9e3779b97f4a7c15ULL;
    const std::uint64_t word = splitmix64_mix(state);
    words[i] = static_cast<std::uint32_t>(word);
    words[i + 1] = static_cast<std::uint32_t>(word >> 32);
  }
  boost::random::seed_seq sequence(words.begin(), words.end());
  return RandomEngine(sequence);
}

}  // namespace carecast
