// SPDX-License-Identifier: MIT
#include "snnft/resilience/faults/bound_fault.hpp"

#include <stdexcept>

#include "snnft/resilience/faults/fault_models.hpp"

namespace snnft::faults {

std::unique_ptr<BoundFault> bind_fault(const FaultSpec& spec, const BindContext& context) {
  switch (fault_kind_info(spec.kind).target) {
    case FaultTarget::kNeurons:
      if (spec.kind == FaultKind::kDrift || spec.kind == FaultKind::kRefractoryCorrupt) {
        return make_parameter_fault(spec, context);
      }
      return make_spike_fault(spec, context);
    case FaultTarget::kSynapses: return make_synapse_fault(spec, context);
    case FaultTarget::kEngine: return make_parameter_fault(spec, context);
    case FaultTarget::kColumn: break;
  }
  throw std::invalid_argument(std::string(fault_kind_name(spec.kind)) + " acts on whole columns, not on a network");
}

}  // namespace snnft::faults
