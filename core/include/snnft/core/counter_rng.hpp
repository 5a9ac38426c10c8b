// SPDX-License-Identifier: MIT
#pragma once
#include <array>
#include <cstdint>

namespace snnft {

/// What a random stream is used for. Part of the stream key, so that, e.g., the initial
/// membrane potentials and the connectivity of one population never share numbers.
enum class RngPurpose : std::uint8_t {
  kInitialState = 1,
  kConnectivity = 2,
  kWeights = 3,
  kDelays = 4,
  kPoissonInput = 5,
  kNoise = 6,
  kFaults = 7,
  kLearning = 8,
  kDataset = 9,
  kUser = 10,
};

/// Key of one independent stream: (purpose, population or projection, element).
/// Streams are keyed by what they describe, never by thread, so results do not depend on
/// how work is split between threads.
struct StreamId {
  RngPurpose purpose;
  std::uint32_t group = 0;    ///< population or projection index
  std::uint32_t element = 0;  ///< neuron or row index
};

/// Counter-based generator (Philox4x32-10, Salmon et al. 2011): a pure function of
/// (seed, stream, counter). Any number can be recomputed without generating the ones before it.
class CounterRng {
 public:
  explicit CounterRng(std::uint64_t seed) : seed_(seed) {}

  [[nodiscard]] std::uint64_t seed() const { return seed_; }

  /// Four independent 32-bit words for this stream and counter.
  [[nodiscard]] std::array<std::uint32_t, 4> bits(StreamId stream, std::uint64_t counter) const;

 private:
  std::uint64_t seed_;
};

/// Converts 32 random bits to a float64 uniform in the open interval (0, 1).
inline double to_unit_open(std::uint32_t hi, std::uint32_t lo) {
  // 53 random bits, offset by half an ulp so neither 0 nor 1 can occur.
  const std::uint64_t m = (static_cast<std::uint64_t>(hi) << 21) ^ (lo >> 11);
  return (static_cast<double>(m & ((1ULL << 53) - 1)) + 0.5) * 0x1.0p-53;
}

/// A sequential view of one stream: successive calls return successive numbers.
/// Cheap to create; use one per row / neuron / purpose. The generator must outlive it.
class RngStream {
 public:
  RngStream(const CounterRng& rng, StreamId stream, std::uint64_t first_counter = 0)
      : rng_(&rng), stream_(stream), counter_(first_counter) {}
  /// The stream keeps a pointer to its generator, so a temporary one would dangle.
  RngStream(const CounterRng&& rng, StreamId stream, std::uint64_t first_counter = 0) = delete;

  /// Uniform in (0, 1).
  double uniform();
  /// Uniform in [lo, hi).
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  /// Standard normal (Box-Muller, both values used).
  double normal();
  double normal(double mean, double sd) { return mean + sd * normal(); }
  /// Exponential with the given mean.
  double exponential(double mean);
  /// Uniform integer in [0, n).
  std::uint64_t below(std::uint64_t n);

 private:
  void refill();

  const CounterRng* rng_;
  StreamId stream_;
  std::uint64_t counter_;
  std::array<std::uint32_t, 4> buffer_{};
  int used_ = 4;  ///< words of buffer_ consumed; 4 means empty
  bool has_spare_normal_ = false;
  double spare_normal_ = 0.0;
};

}  // namespace snnft
