// SPDX-License-Identifier: MIT
#include "snnft/resilience/neuromorphic/fallback_classifier.hpp"

#include <limits>
#include <stdexcept>

#include "snnft/resilience/neuromorphic/classifier_accuracy.hpp"

namespace snnft::neuromorphic {

namespace {
constexpr std::string_view kNames[] = {"ridge", "centroid", "nearest_neighbours"};
}

void FallbackClassifier::fit_ridge(const LabelledDataset& data) {
  ridge_.fit(data);
  kind_ = Kind::kRidge;
  fitted_ = true;
  candidates_ = {{std::string(kNames[0]), std::numeric_limits<double>::quiet_NaN()}};
}

void FallbackClassifier::choose(const LabelledDataset& fit, const LabelledDataset& calibration) {
  if (fit.empty() || calibration.empty()) {
    throw std::invalid_argument("fallback classifier: the fit and calibration sets must not be empty");
  }
  ridge_.fit(fit);
  centroid_.fit(fit);
  neighbours_.fit(fit);
  const double accuracy[] = {accuracy_on(ridge_, calibration), accuracy_on(centroid_, calibration),
                             accuracy_on(neighbours_, calibration)};
  candidates_.clear();
  std::size_t best = 0;
  for (std::size_t i = 0; i < 3; ++i) {
    candidates_.push_back({std::string(kNames[i]), accuracy[i]});
    if (accuracy[i] > accuracy[best]) best = i;
  }
  kind_ = static_cast<Kind>(best);
  auditor_ = accuracy[1] > accuracy[0] ? Kind::kCentroid : Kind::kRidge;
  auditor_accuracy_ = accuracy[static_cast<std::size_t>(auditor_)];
  fitted_ = true;
}

std::string_view FallbackClassifier::name() const { return kNames[static_cast<std::size_t>(kind_)]; }

std::string_view FallbackClassifier::auditor_name() const { return kNames[static_cast<std::size_t>(auditor_)]; }

int FallbackClassifier::audit(std::span<const float> features) const {
  if (!fitted_) return -1;
  return auditor_ == Kind::kCentroid ? centroid_.classify(features).predicted_class : ridge_.predicted_class(features);
}

double FallbackClassifier::calibration_accuracy() const {
  for (const Candidate& c : candidates_) {
    if (c.name == name()) return c.calibration_accuracy;
  }
  return std::numeric_limits<double>::quiet_NaN();
}

columns::ColumnAnswer FallbackClassifier::classify(std::span<const float> features) const {
  if (!fitted_) return {};
  switch (kind_) {
    case Kind::kCentroid: return centroid_.classify(features);
    case Kind::kNeighbours: return neighbours_.classify(features);
    case Kind::kRidge: break;
  }
  return ridge_.classify(features);
}

}  // namespace snnft::neuromorphic
