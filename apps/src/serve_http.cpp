// SPDX-License-Identifier: MIT
// The HTTP side of --serve, on cpp-httplib: three read-only endpoints over the monitor's
// published snapshots.
#include <chrono>
#include <charconv>

#include "snnft/apps/serve_render.hpp"
#include "snnft/apps/status_server.hpp"
#include "snnft/core/config_reader.hpp"

// Last: it brings <resolv.h>, whose `_res` macro breaks Eigen headers included after it.
#include <httplib.h>

namespace snnft::apps {

namespace {

// Scrapes and probes are few; two handler threads keep a busy 2-core machine for the run.
constexpr std::size_t kHandlerThreads = 2;

bool parse_whole(std::string_view text, std::size_t& value) {
  const auto r = std::from_chars(text.data(), text.data() + text.size(), value);
  return r.ec == std::errc() && r.ptr == text.data() + text.size() && !text.empty();
}

}  // namespace

ServeAddress parse_serve_address(std::string_view flag, std::string_view text) {
  ServeAddress a;
  std::string_view port = text;
  const std::size_t colon = text.rfind(':');
  if (colon != std::string_view::npos) {
    std::string_view host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    if (host.empty()) throw ConfigError(std::string(flag), "\"" + std::string(text) + "\": expected [ADDR:]PORT");
    a.host = std::string(host);
    port = text.substr(colon + 1);
  }
  std::size_t p = 0;
  if (!parse_whole(port, p) || p > 65535) {
    throw ConfigError(std::string(flag), "\"" + std::string(text) + "\": expected [ADDR:]PORT with a port in 0..65535");
  }
  a.port = static_cast<int>(p);
  return a;
}

StatusServer::StatusServer(const RunMonitor& monitor, const ServeAddress& address,
                           const breaker::BreakerRegistry* registry)
    : monitor_(monitor), registry_(registry), host_(address.host), server_(std::make_unique<httplib::Server>()) {
  httplib::Server& s = *server_;
  s.new_task_queue = [] { return new httplib::ThreadPool(kHandlerThreads); };
  // SO_REUSEADDR only: the library's default also sets SO_REUSEPORT, which would let a second
  // run bind the same port and share its scrapes unnoticed.
  s.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  s.Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
    const RunStatus status = monitor_.snapshot();
    res.set_content(metrics_text(status, status.wall_s(), registry_), "text/plain; version=0.0.4; charset=utf-8");
  });
  s.Get("/health", [this](const httplib::Request&, httplib::Response& res) {
    const RunStatus status = monitor_.snapshot();
    HealthReply reply = health_reply(status, status.wall_s());
    res.status = reply.http_status;
    res.set_content(std::move(reply.body), "application/json");
  });
  s.Get("/events", [this](const httplib::Request& req, httplib::Response& res) {
    std::size_t offset = 0;
    if (req.has_param("offset") && !parse_whole(req.get_param_value("offset"), offset)) {
      res.status = 400;
      res.set_content("offset: expected a whole number\n", "text/plain");
      return;
    }
    const EventLines& events = monitor_.events();
    const std::size_t end = events.size();
    res.set_header("X-Next-Offset", std::to_string(std::max(offset, end)));
    res.set_content(events.text(offset, end > offset ? end - offset : 0), "application/x-ndjson");
  });
  s.Get("/", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("snnft run status: /metrics (Prometheus), /health (JSON), /events (JSON lines, ?offset=N)\n",
                    "text/plain");
  });
  s.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content("internal error\n", "text/plain");
  });

  if (address.port == 0) {
    port_ = s.bind_to_any_port(host_);
  } else if (s.bind_to_port(host_, address.port)) {
    port_ = address.port;
  }
  if (port_ <= 0) {
    throw ConfigError("--serve", "cannot listen on " + host_ + ":" + std::to_string(address.port));
  }
  thread_ = std::thread([&s] { s.listen_after_bind(); });
  // stop() before the listening loop has started would be lost, and the join would hang.
  while (!s.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

StatusServer::~StatusServer() {
  server_->stop();
  if (thread_.joinable()) thread_.join();
}

std::string StatusServer::url() const {
  const bool v6 = host_.find(':') != std::string::npos;
  return "http://" + (v6 ? "[" + host_ + "]" : host_) + ":" + std::to_string(port_);
}

}  // namespace snnft::apps
