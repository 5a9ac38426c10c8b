// SPDX-License-Identifier: MIT
#include "snnft/resilience/breaker/prometheus.hpp"

#include <charconv>
#include <cmath>
#include <functional>
#include <ostream>
#include <sstream>

namespace snnft::breaker {

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char ch : value) {
    switch (ch) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += ch;
    }
  }
  return out;
}

std::string format_sample_value(double value) {
  if (std::isnan(value)) return "NaN";
  if (std::isinf(value)) return value > 0 ? "+Inf" : "-Inf";
  char buf[64];
  // Whole numbers (every counter) print exactly, without an exponent.
  if (value == std::floor(value) && std::fabs(value) < 9007199254740992.0) {
    const auto r = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(value));
    return std::string(buf, r.ptr);
  }
  // Otherwise the shortest round-trip digits, laid out like Go's strconv 'g' format (used by
  // the reference client libraries): exponent form below 1e-4 or from 1e6 on. Matching it
  // keeps `le` labels identical to other exporters' ("0.0005", "1e-06").
  const auto sci = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::scientific);
  const std::string scientific(buf, sci.ptr);
  const int exponent = std::stoi(scientific.substr(scientific.find('e') + 1));
  if (exponent < -4 || exponent >= 6) return scientific;
  const auto fixed = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed);
  return std::string(buf, fixed.ptr);
}

namespace {

constexpr const char* kOutcomes[] = {"success", "failure", "rejected", "timeout", "slow"};

class Writer {
 public:
  Writer(std::ostream& out, const std::vector<NamedMetrics>& breakers) : out_(out), breakers_(breakers) {}

  /// One family with a single sample per breaker.
  void simple(const char* name, const char* type, const char* help,
              const std::function<double(const BreakerMetrics&)>& value) {
    header(name, type, help);
    for (const auto& b : breakers_) {
      out_ << name << "{name=\"" << escape_label_value(b.name) << "\"} " << format_sample_value(value(b.metrics))
           << '\n';
    }
  }

  /// One family with a sample per breaker and per value of one extra label.
  template <std::size_t N>
  void labelled(const char* name, const char* help, const char* label, const std::array<const char*, N>& values,
                const std::function<double(const BreakerMetrics&, std::size_t)>& value) {
    header(name, "counter", help);
    for (const auto& b : breakers_) {
      for (std::size_t i = 0; i < N; ++i) {
        out_ << name << "{name=\"" << escape_label_value(b.name) << "\"," << label << "=\"" << values[i] << "\"} "
             << format_sample_value(value(b.metrics, i)) << '\n';
      }
    }
  }

  void histogram(const char* name, const char* help) {
    header(name, "histogram", help);
    for (const auto& b : breakers_) {
      const std::string label = "name=\"" + escape_label_value(b.name) + "\"";
      const LatencySnapshot& h = b.metrics.latency;
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < kLatencyBucketCount; ++i) {
        cumulative += h.counts[i];
        const std::string le = i < kLatencyBucketBoundsNs.size()
                                   ? format_sample_value(static_cast<double>(kLatencyBucketBoundsNs[i]) / 1e9)
                                   : "+Inf";
        out_ << name << "_bucket{" << label << ",le=\"" << le << "\"} " << cumulative << '\n';
      }
      out_ << name << "_sum{" << label << "} " << format_sample_value(static_cast<double>(h.sum_ns) / 1e9) << '\n';
      out_ << name << "_count{" << label << "} " << cumulative << '\n';
    }
  }

 private:
  void header(const char* name, const char* type, const char* help) {
    out_ << "# HELP " << name << ' ' << help << '\n' << "# TYPE " << name << ' ' << type << '\n';
  }

  std::ostream& out_;
  const std::vector<NamedMetrics>& breakers_;
};

double seconds(Nanos d) { return static_cast<double>(d.count()) / 1e9; }

}  // namespace

void write_prometheus(std::ostream& out, const std::vector<NamedMetrics>& breakers) {
  Writer w(out, breakers);
  w.simple("snnft_breaker_state", "gauge",
           "Circuit breaker state: 0 closed, 1 open, 2 half-open, 3 forced open, 4 disabled, 5 metrics only.",
           [](const BreakerMetrics& m) { return static_cast<double>(m.state); });
  w.labelled("snnft_breaker_calls_total", "Calls by outcome; timeouts are also failures, slow calls also succeed or fail.",
             "outcome", std::array<const char*, 5>{kOutcomes[0], kOutcomes[1], kOutcomes[2], kOutcomes[3], kOutcomes[4]},
             [](const BreakerMetrics& m, std::size_t i) {
               const auto& c = m.counters;
               const std::uint64_t v[] = {c.successful, c.failed, c.rejected, c.timed_out, c.slow};
               return static_cast<double>(v[i]);
             });
  std::array<const char*, kStateCount> states{};
  for (int i = 0; i < kStateCount; ++i) states[i] = to_string(static_cast<BreakerState>(i)).data();
  w.labelled("snnft_breaker_transitions_total", "State transitions by target state.", "to", states,
             [](const BreakerMetrics& m, std::size_t i) { return static_cast<double>(m.counters.transitions_to[i]); });
  w.simple("snnft_breaker_trips_total", "counter", "Times a rule or trigger opened the breaker.",
           [](const BreakerMetrics& m) { return static_cast<double>(m.counters.trips); });
  w.simple("snnft_breaker_ignored_errors_total", "counter", "Exceptions the error classifier ignored.",
           [](const BreakerMetrics& m) { return static_cast<double>(m.counters.ignored); });
  w.simple("snnft_breaker_fallbacks_total", "counter", "Calls served by a fallback.",
           [](const BreakerMetrics& m) { return static_cast<double>(m.counters.fallbacks); });
  w.simple("snnft_breaker_open_seconds_total", "counter", "Time spent open or forced open.",
           [](const BreakerMetrics& m) { return seconds(m.time_open_total); });
  w.simple("snnft_breaker_state_seconds", "gauge", "Time spent in the current state.",
           [](const BreakerMetrics& m) { return seconds(m.time_in_state); });
  w.simple("snnft_breaker_window_calls", "gauge", "Calls in the window the trip rules evaluate.",
           [](const BreakerMetrics& m) { return static_cast<double>(m.window.calls); });
  w.simple("snnft_breaker_window_failure_rate", "gauge", "Failure rate over the window (0 when empty).",
           [](const BreakerMetrics& m) {
             return m.window.calls ? static_cast<double>(m.window.failures) / m.window.calls : 0.0;
           });
  w.histogram("snnft_breaker_call_duration_seconds", "Latency of measured calls.");
}

std::string prometheus_text(const BreakerRegistry& registry) {
  std::ostringstream out;
  write_prometheus(out, registry.all_metrics());
  return out.str();
}

}  // namespace snnft::breaker
