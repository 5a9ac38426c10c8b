// SPDX-License-Identifier: MIT
#pragma once
#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <span>
#include <utility>

namespace snnft {

/// Bytes of alignment for every state array: one AVX-512 register, one cache line.
inline constexpr std::size_t kSimdAlignment = 64;

/// Number of elements a population is padded to, so SIMD kernels never need a scalar tail.
template <class T>
constexpr std::size_t padded_size(std::size_t n) {
  constexpr std::size_t lanes = kSimdAlignment / sizeof(T);
  return (n + lanes - 1) / lanes * lanes;
}

/// A fixed-size, 64-byte aligned array whose storage is padded to a whole number of
/// SIMD registers. `size()` is the logical size; `padded()` is what kernels iterate over.
/// Padding elements are value-initialised and belong to no neuron.
template <class T>
class AlignedArray {
 public:
  AlignedArray() = default;
  explicit AlignedArray(std::size_t n, T fill = T{}) : size_(n), padded_(padded_size<T>(n)) {
    if (padded_ > 0) {
      data_ = static_cast<T*>(::operator new[](padded_ * sizeof(T), std::align_val_t{kSimdAlignment}));
      std::fill_n(data_, padded_, fill);
    }
  }
  AlignedArray(const AlignedArray& other) : AlignedArray(other.size_) {
    std::copy_n(other.data_, padded_, data_);
  }
  AlignedArray(AlignedArray&& other) noexcept { swap(other); }
  AlignedArray& operator=(AlignedArray other) noexcept {
    swap(other);
    return *this;
  }
  ~AlignedArray() {
    if (data_) ::operator delete[](data_, std::align_val_t{kSimdAlignment});
  }

  void swap(AlignedArray& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(padded_, other.padded_);
  }

  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t padded() const { return padded_; }
  [[nodiscard]] T* data() { return data_; }
  [[nodiscard]] const T* data() const { return data_; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  T* begin() { return data_; }
  T* end() { return data_ + size_; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

  /// The logical elements only.
  std::span<T> span() { return {data_, size_}; }
  std::span<const T> span() const { return {data_, size_}; }
  /// Every element including padding, for kernels.
  std::span<T> padded_span() { return {data_, padded_}; }

  void fill(T value) { std::fill_n(data_, padded_, value); }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
  std::size_t padded_ = 0;
};

}  // namespace snnft
