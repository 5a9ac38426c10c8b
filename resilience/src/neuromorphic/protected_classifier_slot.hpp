// SPDX-License-Identifier: MIT
// Per-column state of ProtectedClassifier, shared by its two source files.
#pragma once
#include <memory>
#include <span>

#include "snnft/resilience/neuromorphic/column_health.hpp"
#include "snnft/resilience/neuromorphic/protected_classifier.hpp"
#include "snnft/resilience/neuromorphic/refractory_monitor.hpp"
#include "snnft/resilience/neuromorphic/weight_quantizer.hpp"

namespace snnft::neuromorphic {

struct ProtectedClassifier::Slot {
  Slot(columns::CorticalColumn& column, const ProtectionConfig& config, int class_count);

  columns::CorticalColumn& column;
  std::size_t projection;                        // input → excitatory, the learned weights
  std::span<const float> v, v_th;                // the layer's state, stable for the column's life
  std::unique_ptr<RefractoryMonitor> refractory;  // only with protection enabled
  std::unique_ptr<RefractoryMonitorActor> refractory_dispatch;
  std::unique_ptr<ColumnHealthMonitor> health;
  WeightQuantizer quantizer;
  columns::ColumnState checkpoint;
  bool has_checkpoint = false;
  float weight_hi = 1.0f;        // top of the healthy weight range (largest checkpointed weight)
  std::uint32_t weight_slice = 0;  // next slice of the weights to scan for NaN/Inf
  ColumnObservation obs;
  ColumnHealth health_now;
  SignatureMask last_signatures = 0;
  bool learning_wanted;   // the column's own learning flag, before protection touched it
  bool isolated = false;  // tripped and not yet readmitted
  bool ran = false;
  double start_ms = 0.0;
};

}  // namespace snnft::neuromorphic
