// SPDX-License-Identifier: MIT
#pragma once
#include <span>
#include <vector>

namespace snnft::neuromorphic {

/// Reduced-precision weights that can be undone exactly. quantize() keeps a full-precision
/// copy and snaps every weight to the nearest of 2^bits evenly spaced levels on [lo, hi];
/// restore() writes the copy back bit for bit.
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
  /// Writes the kept full-precision values back. Throws std::logic_error if nothing is kept
  /// or the size differs.
  void restore(std::span<float> weights) const;
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
  std::vector<float> kept_;
  bool holding_ = false;
};

}  // namespace snnft::neuromorphic
