// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/failure_analytics.hpp"

#include <algorithm>
#include <bit>
#include <iomanip>
#include <sstream>
#include <utility>

namespace snnft::neuromorphic {

FailureAnalytics::FailureAnalytics(std::size_t columns)
    : columns_(columns),
      checked_(kOperationCount, 0),
      failed_(kOperationCount, 0),
      column_failed_(columns, 0),
      by_operation_(kOperationCount * kSignatureCount, 0),
      by_column_(columns * kSignatureCount, 0),
      co_occurrence_(kSignatureCount * kSignatureCount, 0) {}

std::size_t FailureAnalytics::signature_index(FaultSignature s) {
  return static_cast<std::size_t>(std::countr_zero(static_cast<std::uint32_t>(s)));
}

void FailureAnalytics::record_failure(Operation op, std::size_t column, SignatureMask mask) {
  const std::size_t o = index(op);
  ++failed_[o];
  if (column < columns_) ++column_failed_[column];
  for (std::size_t a = 0; a < kSignatureCount; ++a) {
    if ((mask & (1u << a)) == 0) continue;
    ++by_operation_[o * kSignatureCount + a];
    if (column < columns_) ++by_column_[column * kSignatureCount + a];
    for (std::size_t b = 0; b < kSignatureCount; ++b) {
      if ((mask & (1u << b)) != 0) ++co_occurrence_[a * kSignatureCount + b];
    }
  }
}

std::uint64_t FailureAnalytics::count(Operation op, FaultSignature s) const {
  return by_operation_[index(op) * kSignatureCount + signature_index(s)];
}

std::uint64_t FailureAnalytics::count(FaultSignature s) const {
  std::uint64_t n = 0;
  for (std::size_t o = 0; o < kOperationCount; ++o) n += by_operation_[o * kSignatureCount + signature_index(s)];
  return n;
}

std::uint64_t FailureAnalytics::column_count(std::size_t column, FaultSignature s) const {
  return by_column_[column * kSignatureCount + signature_index(s)];
}

std::uint64_t FailureAnalytics::co_occurrence(FaultSignature a, FaultSignature b) const {
  return co_occurrence_[signature_index(a) * kSignatureCount + signature_index(b)];
}

std::string FailureAnalytics::report() const {
  std::ostringstream s;
  std::uint64_t checked = 0, failed = 0;
  for (std::size_t o = 0; o < kOperationCount; ++o) {
    checked += checked_[o];
    failed += failed_[o];
  }
  s << "failure analytics: " << failed << " of " << checked << " column checks failed\n";
  s << "  " << std::left << std::setw(22) << "signature";
  for (std::size_t o = 0; o < kOperationCount; ++o) s << std::right << std::setw(9) << to_string(static_cast<Operation>(o));
  s << std::setw(9) << "total" << '\n';
  for (std::size_t a = 0; a < kSignatureCount; ++a) {
    s << "  " << std::left << std::setw(22) << to_string(signature_at(a)) << std::right;
    std::uint64_t total = 0;
    for (std::size_t o = 0; o < kOperationCount; ++o) {
      s << std::setw(9) << by_operation_[o * kSignatureCount + a];
      total += by_operation_[o * kSignatureCount + a];
    }
    s << std::setw(9) << total << '\n';
  }
  s << "  " << std::left << std::setw(22) << "checks failed" << std::right;
  for (std::size_t o = 0; o < kOperationCount; ++o) s << std::setw(9) << failed_[o];
  s << std::setw(9) << failed << '\n';
  for (std::size_t k = 0; k < columns_; ++k) {
    s << "  column " << k << ": " << column_failed_[k] << " failed checks";
    const char* sep = " (";
    for (std::size_t a = 0; a < kSignatureCount; ++a) {
      const std::uint64_t n = by_column_[k * kSignatureCount + a];
      if (n == 0) continue;
      s << sep << to_string(signature_at(a)) << ' ' << n;
      sep = ", ";
    }
    s << (column_failed_[k] > 0 ? ")\n" : "\n");
  }
  std::vector<std::pair<std::uint64_t, std::pair<std::size_t, std::size_t>>> pairs;
  for (std::size_t a = 0; a < kSignatureCount; ++a) {
    for (std::size_t b = a + 1; b < kSignatureCount; ++b) {
      if (const std::uint64_t n = co_occurrence_[a * kSignatureCount + b]; n > 0) pairs.push_back({n, {a, b}});
    }
  }
  std::stable_sort(pairs.begin(), pairs.end(), [](const auto& x, const auto& y) { return x.first > y.first; });
  s << "  co-occurring signatures:";
  if (pairs.empty()) s << " none";
  for (const auto& [n, ab] : pairs) {
    s << "\n    " << to_string(signature_at(ab.first)) << " + " << to_string(signature_at(ab.second)) << ": " << n;
  }
  s << '\n';
  return s.str();
}

}  // namespace snnft::neuromorphic
