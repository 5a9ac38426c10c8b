// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "snnft/resilience/neuromorphic/health_signature.hpp"

namespace snnft::neuromorphic {

/// Failure analytics of a run: how often each fault signature was seen, by operation
/// (train / label / test) and by column, and which signatures showed up together in the same
/// column and trial. Counting is allocation-free.
class FailureAnalytics {
 public:
  explicit FailureAnalytics(std::size_t columns);

  /// One checked column-trial of `op`; a non-zero `mask` counts as a failure under every set
  /// signature and every pair of them.
  void record(Operation op, std::size_t column, SignatureMask mask) {
    ++checked_[index(op)];
    if (mask != 0) record_failure(op, column, mask);  // the healthy check ends here, inline
  }

  [[nodiscard]] std::size_t columns() const { return columns_; }
  [[nodiscard]] std::uint64_t checked(Operation op) const { return checked_[index(op)]; }
  [[nodiscard]] std::uint64_t failed(Operation op) const { return failed_[index(op)]; }
  [[nodiscard]] std::uint64_t count(Operation op, FaultSignature s) const;
  [[nodiscard]] std::uint64_t count(FaultSignature s) const;  ///< over all operations
  [[nodiscard]] std::uint64_t column_count(std::size_t column, FaultSignature s) const;
  [[nodiscard]] std::uint64_t column_failed(std::size_t column) const { return column_failed_[column]; }
  /// Column-trials in which both signatures were seen (a == b: the signature's own count).
  [[nodiscard]] std::uint64_t co_occurrence(FaultSignature a, FaultSignature b) const;

  /// Row-major tables for storage: operations × signatures, columns × signatures,
  /// signatures × signatures.
  [[nodiscard]] const std::vector<std::uint64_t>& by_operation() const { return by_operation_; }
  [[nodiscard]] const std::vector<std::uint64_t>& by_column() const { return by_column_; }
  [[nodiscard]] const std::vector<std::uint64_t>& co_occurrence() const { return co_occurrence_; }
  [[nodiscard]] const std::vector<std::uint64_t>& checked_by_operation() const { return checked_; }
  [[nodiscard]] const std::vector<std::uint64_t>& failed_by_operation() const { return failed_; }

  /// The report printed at the end of a run.
  [[nodiscard]] std::string report() const;

 private:
  static std::size_t index(Operation op) { return static_cast<std::size_t>(op); }
  static std::size_t signature_index(FaultSignature s);
  void record_failure(Operation op, std::size_t column, SignatureMask mask);

  std::size_t columns_;
  std::vector<std::uint64_t> checked_, failed_, column_failed_;
  std::vector<std::uint64_t> by_operation_, by_column_, co_occurrence_;
};

}  // namespace snnft::neuromorphic
