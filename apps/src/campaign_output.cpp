// SPDX-License-Identifier: MIT
#include "snnft/apps/campaign_output.hpp"

#include <cmath>
#include <cstdint>
#include <functional>
#include <iomanip>
#include <string>


namespace snnft::apps {
namespace {

template <class T>
std::vector<T> column(const std::vector<CampaignRow>& rows, const std::function<T(const CampaignRow&)>& get) {
  std::vector<T> out;
  out.reserve(rows.size());
  for (const CampaignRow& r : rows) out.push_back(get(r));
  return out;
}

std::int32_t code(neuromorphic::LadderLevel level) { return static_cast<std::int32_t>(level); }

std::string ladder_level_names() {
  std::string names;
  for (int l = 0; l <= static_cast<int>(neuromorphic::LadderLevel::kEmergency); ++l) {
    if (l > 0) names += ',';
    names += neuromorphic::to_string(static_cast<neuromorphic::LadderLevel>(l));
  }
  return names;
}

void write_h5(H5Output& out, const CampaignSpec& spec, const std::vector<CampaignRow>& rows) {
  const std::string g = "/campaign/";
  using R = const CampaignRow&;
  out.write_strings(g + "fault", column<std::string>(rows, [](R r) { return r.fault; }));
  out.write<double>(g + "fraction", column<double>(rows, [](R r) { return r.fraction; }));
  out.write<std::uint64_t>(g + "map", column<std::uint64_t>(rows, [](R r) { return r.map; }));
  out.write<std::uint8_t>(g + "protection", column<std::uint8_t>(rows, [](R r) { return r.protection ? 1 : 0; }));
  out.write<double>(g + "test_accuracy", column<double>(rows, [](R r) { return r.test_accuracy; }));
  out.write<double>(g + "accuracy_drop", column<double>(rows, [](R r) { return r.accuracy_drop; }));
  out.write<std::uint64_t>(g + "faults_injected", column<std::uint64_t>(rows, [](R r) { return r.faults_injected; }));
  out.write<std::uint64_t>(g + "detections", column<std::uint64_t>(rows, [](R r) { return r.detections; }));
  out.write<double>(g + "mean_detection_trials", column<double>(rows, [](R r) { return r.mean_detection_trials; }));
  out.write<double>(g + "recovery_trials", column<double>(rows, [](R r) { return r.recovery_trials; }));
  out.write<std::int32_t>(g + "ladder_min_level", column<std::int32_t>(rows, [](R r) { return code(r.ladder_min_level); }));
  out.write<std::int32_t>(g + "ladder_final_level",
                          column<std::int32_t>(rows, [](R r) { return code(r.ladder_final_level); }));
  out.write<std::uint64_t>(g + "isolated_columns", column<std::uint64_t>(rows, [](R r) { return r.isolated_columns; }));
  out.write<std::uint64_t>(g + "transitions", column<std::uint64_t>(rows, [](R r) { return r.transitions; }));
  out.write<std::uint64_t>(g + "quarantined_neurons", column<std::uint64_t>(rows, [](R r) { return r.quarantined_neurons; }));
  out.write<double>(g + "full_recovery_trials", column<double>(rows, [](R r) { return r.full_recovery_trials; }));
  out.write<std::uint64_t>(g + "false_detections", column<std::uint64_t>(rows, [](R r) { return r.false_detections; }));
  out.write<std::uint64_t>(g + "column_transitions", column<std::uint64_t>(rows, [](R r) { return r.column_transitions; }));
  out.write<double>(g + "test_s", column<double>(rows, [](R r) { return r.test_s; }));
  out.set_attribute("/campaign", "ladder_levels", ladder_level_names());
  out.set_attribute("/campaign", "fault_kind", spec.fault_kind);
  out.set_attribute("/campaign", "fault_params", spec.fault_params);
  out.set_attribute("/campaign", "config", spec.config_path);
  out.set_attribute("/campaign", "maps", static_cast<std::int64_t>(spec.maps));
}

void write_number(std::ostream& s, double x) {
  if (std::isnan(x)) {
    s << "nan";
  } else {
    s << x;
  }
}

void write_csv(std::ostream& s, const CampaignSpec& spec, const std::vector<CampaignRow>& rows) {
  s << "fault_kind,fraction,map,protection,test_accuracy,accuracy_drop,faults_injected,detections,"
       "mean_detection_trials,recovery_trials,ladder_min_level,ladder_final_level,isolated_columns,transitions,test_s,"
       "fault,quarantined_neurons,full_recovery_trials,false_detections,column_transitions\n";
  s << std::setprecision(10);
  for (const CampaignRow& r : rows) {
    s << spec.fault_kind << ',' << r.fraction << ',' << r.map << ',' << (r.protection ? "on" : "off") << ','
      << r.test_accuracy << ',' << r.accuracy_drop << ',' << r.faults_injected << ',' << r.detections << ',';
    write_number(s, r.mean_detection_trials);
    s << ',';
    write_number(s, r.recovery_trials);
    s << ',' << neuromorphic::to_string(r.ladder_min_level) << ',' << neuromorphic::to_string(r.ladder_final_level)
      << ',' << r.isolated_columns << ',' << r.transitions << ',' << r.test_s << ",\"" << r.fault << "\","
      << r.quarantined_neurons << ',';
    if (std::isinf(r.full_recovery_trials)) {
      s << "never";
    } else {
      write_number(s, r.full_recovery_trials);
    }
    s << ',' << r.false_detections << ',' << r.column_transitions << '\n';
  }
}

}  // namespace

CampaignOutputs::CampaignOutputs(const CampaignSpec& spec) {
  if (spec.output) h5_ = std::make_unique<H5Output>(*spec.output);
  if (spec.csv) csv_ = std::make_unique<AtomicTextFile>(*spec.csv);
}

void CampaignOutputs::write(const CampaignSpec& spec, const std::vector<CampaignRow>& rows, const Summary& summary,
                            bool interrupted) {
  if (h5_) {
    write_h5(*h5_, spec, rows);
    h5_->set_attribute("/", "interrupted", static_cast<std::int64_t>(interrupted));
    h5_->set_attribute("/", "summary", summary.values().dump());
    h5_->commit();
  }
  if (csv_) {
    write_csv(csv_->stream(), spec, rows);
    csv_->commit();
  }
}

}  // namespace snnft::apps
