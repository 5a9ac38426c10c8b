// SPDX-License-Identifier: MIT
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include "snnft/apps/run_monitor.hpp"
#include "snnft/resilience/breaker/registry.hpp"

namespace httplib {
class Server;
}

namespace snnft::apps {

/// Where --serve listens.
struct ServeAddress {
  std::string host = "127.0.0.1";  ///< loopback unless asked otherwise
  int port = 0;                    ///< 0: any free port
};

/// Reads "[ADDR:]PORT" ("9100", "0.0.0.0:9100", "[::1]:9100"); throws ConfigError naming
/// `flag` when it is not that.
ServeAddress parse_serve_address(std::string_view flag, std::string_view text);

/// Serves a run's status over HTTP from its own threads while the run goes on:
///   /metrics  Prometheus text 0.0.4 (metrics_text)
///   /health   JSON, 200 or 503 (health_reply)
///   /events   the event log as JSON lines; ?offset=N starts at line N, and the reply's
///             X-Next-Offset header says where the next request should start
/// Every request reads a published snapshot: nothing here slows the run's thread.
class StatusServer {
 public:
  /// Binds now; throws ConfigError naming --serve when the address cannot be bound.
  StatusServer(const RunMonitor& monitor, const ServeAddress& address, const breaker::BreakerRegistry* registry = nullptr);
  ~StatusServer();
  StatusServer(const StatusServer&) = delete;
  StatusServer& operator=(const StatusServer&) = delete;

  /// The port bound (the one chosen, for port 0).
  [[nodiscard]] int port() const { return port_; }
  /// "http://HOST:PORT".
  [[nodiscard]] std::string url() const;

 private:
  const RunMonitor& monitor_;
  const breaker::BreakerRegistry* registry_;
  std::string host_;
  int port_ = 0;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace snnft::apps
