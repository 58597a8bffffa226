#pragma once
// Random streams. Every stream is derived from (seed, replicate, purpose,
// entity) by hashing, never from a thread or process, so a replicate draws
// the same numbers whichever worker runs it, and switching one feature on
// never shifts another's draws. The derivation is documented in docs/rng.md.

#include <boost/random/mersenne_twister.hpp>

#include <cstdint>

namespace carecast {

using RandomEngine = boost::random::mt19937_64;

// One stream per purpose; the numbers are part of the file format's promise
// of reproducibility, so never renumber an existing purpose.
enum class StreamPurpose : std::uint64_t {
  demography = 1,  // ageing, deaths and migration of the population
  need = 2,  // new care needs arising
  care = 3,  // care careers: routing, moves, deaths, hours
  market = 4,  // placement choices when capacity is short
  assumptions = 5,  // sampling uncertain scenario assumptions
  levers = 6,  // whether each saving or policy lever is delivered
  need_drift = 7,  // the random walk of need beyond its trend (model error)
  assumption_design = 8,  // a run's Latin hypercube or Sobol' design, shared by its replicates
};

// SplitMix64's output function: a bijection on 64-bit words that mixes well.
constexpr std::uint64_t splitmix64_mix(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Absorbs each id in turn: key = mix(mix(mix(mix(seed + c) ^ replicate) ^
// purpose) ^ entity), with c the SplitMix64 increment. Absorbing (rather
// than summing) ids means (replicate 1, purpose 2) and (2, 1) differ.
constexpr std::uint64_t stream_key(std::uint64_t seed, std::uint64_t replicate, StreamPurpose purpose,
                                   std::uint64_t entity = 0) {
  constexpr std::uint64_t golden_gamma = 0x9e3779b97f4a7c15ULL;
  std::uint64_t key = splitmix64_mix(seed + golden_gamma);
  key = splitmix64_mix(key ^ replicate);
  key = splitmix64_mix(key ^ static_cast<std::uint64_t>(purpose));
  key = splitmix64_mix(key ^ entity);
  return key;
}

// A Mersenne Twister whose whole state is filled from the stream key through
// a seed sequence, so nearby keys give unrelated streams.
RandomEngine make_stream(std::uint64_t seed, std::uint64_t replicate, StreamPurpose purpose,
                         std::uint64_t entity = 0);

}  // namespace carecast
