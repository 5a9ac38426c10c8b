// SPDX-License-Identifier: MIT
#pragma once
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "snnft/resilience/breaker/registry.hpp"

namespace snnft::breaker {

/// Writes breakers in the Prometheus text exposition format 0.0.4, one family at a time
/// (all samples of a family are contiguous), each with its HELP and TYPE lines:
///   snnft_breaker_state{name}                      gauge: 0 closed, 1 open, 2 half-open,
///                                                  3 forced open, 4 disabled, 5 metrics only
///   snnft_breaker_calls_total{name,outcome}        counter; outcome: success, failure,
///                                                  rejected, timeout, slow
///   snnft_breaker_transitions_total{name,to}       counter; to: a state name
///   snnft_breaker_trips_total{name}                counter
///   snnft_breaker_ignored_errors_total{name}       counter
///   snnft_breaker_fallbacks_total{name}            counter
///   snnft_breaker_open_seconds_total{name}         counter: time spent open or forced open
///   snnft_breaker_state_seconds{name}              gauge: time in the current state
///   snnft_breaker_window_calls{name}               gauge: calls the trip rules currently see
///   snnft_breaker_window_failure_rate{name}        gauge
///   snnft_breaker_call_duration_seconds{name}      histogram (_bucket{le}, _sum, _count)
void write_prometheus(std::ostream& out, const std::vector<NamedMetrics>& breakers);

/// The exposition of every breaker in `registry`, ready to serve with
/// Content-Type: text/plain; version=0.0.4.
std::string prometheus_text(const BreakerRegistry& registry);

/// A label value with backslash, double quote and line feed escaped as the format requires.
std::string escape_label_value(std::string_view value);

/// A sample value as the reference Prometheus clients write it: whole numbers exactly,
/// otherwise the shortest round-trip digits ("0.0005", "1e-06"); "+Inf", "-Inf", "NaN".
std::string format_sample_value(double value);

}  // namespace snnft::breaker
