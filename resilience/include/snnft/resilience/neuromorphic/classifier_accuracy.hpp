// SPDX-License-Identifier: MIT
#pragma once
#include <cstddef>

#include "snnft/encoding/labelled_dataset.hpp"

namespace snnft::neuromorphic {

/// Share of `data` that `classifier.classify(row).predicted_class` gets right (0 if empty).
template <class Classifier>
double accuracy_on(const Classifier& classifier, const LabelledDataset& data) {
  if (data.empty()) return 0.0;
  std::size_t correct = 0;
  for (std::size_t s = 0; s < data.size(); ++s) correct += classifier.classify(data.row(s)).predicted_class == data.labels[s];
  return static_cast<double>(correct) / static_cast<double>(data.size());
}

}  // namespace snnft::neuromorphic
