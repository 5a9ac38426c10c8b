// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace snnft::neuromorphic {

/// Which health check a column failed. Each is one bit, so everything one column showed in
/// one trial fits in a SignatureMask and co-occurring signatures can be counted.
enum class FaultSignature : std::uint32_t {
  kTimingError = 1u << 0,          ///< first-spike time far from the column's healthy statistics
  kRefractoryViolation = 1u << 1,  ///< a neuron spiked inside its refractory period
  kConsensus = 1u << 2,            ///< the column keeps disagreeing with the multi-column winner
  kLatency = 1u << 3,              ///< the column missed its adaptive deadline
  kNonFinite = 1u << 4,            ///< NaN or Inf in membrane potentials, thresholds or weights
  kInvalidAnswer = 1u << 5,        ///< NaN confidence, class out of range, or marked invalid
  kSaturation = 1u << 6,           ///< far more spikes per trial than when healthy
  kSilence = 1u << 7,              ///< no spike at all for many trials in a row
  kCrash = 1u << 8,                ///< the column threw instead of answering
  /// Replayed calibration samples got answers other than the column's own healthy ones
  /// (replays run only while a column is suspect or probing).
  kReplayMismatch = 1u << 9,
  /// The column's grown readout failed: NaN/Inf weights, an error rising over windows of
  /// labelled trials, or recruitment beyond its budget (see ReadoutGuard).
  kCascor = 1u << 10,
};
inline constexpr std::size_t kSignatureCount = 11;
using SignatureMask = std::uint32_t;

constexpr SignatureMask bit(FaultSignature s) { return static_cast<SignatureMask>(s); }
/// The signature with bit index i (0 <= i < kSignatureCount).
constexpr FaultSignature signature_at(std::size_t i) { return static_cast<FaultSignature>(1u << i); }

/// Signatures that make the column's answer unusable by themselves: its score is 0.
inline constexpr SignatureMask kHardSignatures = bit(FaultSignature::kCrash) | bit(FaultSignature::kNonFinite) |
                                                 bit(FaultSignature::kInvalidAnswer) |
                                                 bit(FaultSignature::kLatency);

/// Snake-case name: "timing_error", "refractory_violation", "consensus", "latency",
/// "non_finite", "invalid_answer", "saturation", "silence", "crash", "replay_mismatch", "cascor".
std::string_view to_string(FaultSignature s);
/// The names of the set bits joined by '+', or "none".
std::string describe(SignatureMask mask);

/// The part of a run a finding belongs to, for the failure-analytics report.
enum class Operation : std::uint8_t { kTrain, kLabel, kTest };
inline constexpr std::size_t kOperationCount = 3;
/// "train", "label", "test".
std::string_view to_string(Operation op);

}  // namespace snnft::neuromorphic
