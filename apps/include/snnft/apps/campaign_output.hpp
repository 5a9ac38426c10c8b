// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <vector>

#include "snnft/apps/campaign.hpp"
#include "snnft/core/atomic_text_file.hpp"
#include "snnft/core/hdf5_output.hpp"

namespace snnft::apps {

/// The campaign's HDF5 and CSV files, opened (as temporaries) when the campaign starts and
/// renamed into place only when every row is written.
///
/// HDF5: one dataset per column under /campaign, one entry per run: fraction, map,
/// protection (1 on, 0 off), test_accuracy, accuracy_drop, faults_injected, detections,
/// mean_detection_trials, recovery_trials, ladder_min_level, ladder_final_level (codes;
/// attribute "ladder_levels" names them), isolated_columns, transitions, test_s, fault (as
/// written for --fault), quarantined_neurons, full_recovery_trials (inf: never),
/// false_detections (detections before the first injected fault), column_transitions; attributes
/// fault_kind, fault_params, config, maps, interrupted and the JSON summary.
/// CSV: the same columns, a header line, ladder levels by name.
class CampaignOutputs {
 public:
  explicit CampaignOutputs(const CampaignSpec& spec);
  void write(const CampaignSpec& spec, const std::vector<CampaignRow>& rows, const Summary& summary, bool interrupted);

 private:
  std::unique_ptr<H5Output> h5_;
  std::unique_ptr<AtomicTextFile> csv_;
};

}  // namespace snnft::apps
