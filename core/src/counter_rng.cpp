// SPDX-License-Identifier: MIT
#include "snnft/core/counter_rng.hpp"

#include <Random123/philox.h>

#include <cmath>
#include <numbers>

namespace snnft {

std::array<std::uint32_t, 4> CounterRng::bits(StreamId stream, std::uint64_t counter) const {
  r123::Philox4x32 philox;
  const r123::Philox4x32::key_type key = {
      {static_cast<std::uint32_t>(seed_), static_cast<std::uint32_t>(seed_ >> 32)}};
  const std::uint32_t purpose_and_group =
      (static_cast<std::uint32_t>(stream.purpose) << 24) ^ stream.group;
  const r123::Philox4x32::ctr_type ctr = {{purpose_and_group, stream.element,
                                           static_cast<std::uint32_t>(counter),
                                           static_cast<std::uint32_t>(counter >> 32)}};
  const auto out = philox(ctr, key);
  return {out[0], out[1], out[2], out[3]};
}

void RngStream::refill() {
  buffer_ = rng_->bits(stream_, counter_++);
  used_ = 0;
}

double RngStream::uniform() {
  if (used_ > 2) refill();
  const double u = to_unit_open(buffer_[used_], buffer_[used_ + 1]);
  used_ += 2;
  return u;
}

double RngStream::normal() {
  if (has_spare_normal_) {
    has_spare_normal_ = false;
    return spare_normal_;
  }
  const double r = std::sqrt(-2.0 * std::log(uniform()));
  const double phi = 2.0 * std::numbers::pi * uniform();
  spare_normal_ = r * std::sin(phi);
  has_spare_normal_ = true;
  return r * std::cos(phi);
}

double RngStream::exponential(double mean) { return -mean * std::log(uniform()); }

std::uint64_t RngStream::below(std::uint64_t n) {
  // Floating-point scaling; the bias is below 2^-40 for any n used in a network.
  const auto k = static_cast<std::uint64_t>(uniform() * static_cast<double>(n));
  return k < n ? k : n - 1;
}

}  // namespace snnft
