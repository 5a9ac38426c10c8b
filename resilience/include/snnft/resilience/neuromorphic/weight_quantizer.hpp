// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <span>
#include <vector>

namespace snnft::neuromorphic {

/// Reduced-precision weights that can be undone exactly. quantize() keeps a full-precision
/// copy and snaps every weight to the nearest of 2^bits evenly spaced levels on [lo, hi];
/// restore() undoes the snapping against the weights as they are now: a weight that still
/// holds the level written here gets its full-precision value back bit for bit, and a weight
/// that changed since (a cleared fault put its own value back, learning moved it) is left as
/// it is. So a copy taken while a fault was active never overwrites the network after the
/// fault has cleared.
///
/// Snapping also contains corrupted weights: values beyond the healthy range (e.g. after a bit
/// flip in the exponent) are clamped to it, and NaN becomes `lo`.
class WeightQuantizer {
 public:
  /// `bits` in [1, 16]; throws std::invalid_argument otherwise.
  explicit WeightQuantizer(int bits = 4);

  /// Keeps a copy of `weights` (replacing any earlier one), then quantizes them in place.
  /// Allocates only when the copy has to grow.
  void quantize(std::span<float> weights, float lo, float hi);
  /// Undoes quantize() on the weights that still hold their snapped level. Where the kept value
  /// itself is unusable (non-finite or outside [lo, hi] of the quantization: a corrupted weight
  /// the snapping contained) and `healthy` is given, the healthy value is written instead; with
  /// `healthy_is_current` (the weights have not learned since `healthy` was taken, so any
  /// other kept value is a corruption) the healthy value always is. Returns how many weights
  /// were undone. Throws std::logic_error if nothing is kept or the size differs.
  std::size_t restore(std::span<float> weights, std::span<const float> healthy = {},
                      bool healthy_is_current = false) const;
  /// Replaces the kept copy without touching any weights (after a checkpoint was restored
  /// underneath the quantized ones).
  void keep(std::span<const float> weights);
  /// Forgets the kept copy.
  void drop() { holding_ = false; }
  [[nodiscard]] bool holding() const { return holding_; }
  [[nodiscard]] int bits() const { return bits_; }
  /// The level `w` snaps to.
  [[nodiscard]] float snap(float w, float lo, float hi) const;

 private:
  int bits_;
  std::vector<float> kept_;     // the full-precision values before snapping
  std::vector<float> written_;  // the levels snapping wrote
  float lo_ = 0.0f, hi_ = 0.0f;
  bool holding_ = false;
};

}  // namespace snnft::neuromorphic
