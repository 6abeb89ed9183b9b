// Endpoint text <-> LinkEndpoint, and the small enum/clock helpers of link.h.
#include <charconv>
#include <chrono>
#include <string>
#include <string_view>

#include "runload/bridge/link.h"

namespace runload::bridge {
namespace {

bool fail(std::string* error, std::string message) {
  if (error != nullptr) *error = std::move(message);
  return false;
}

/// Parses a decimal port; `allow_zero` for binding endpoints (0 = an ephemeral port).
bool parse_port(std::string_view text, bool allow_zero, std::uint16_t& port, std::string* error) {
  if (text.empty()) return fail(error, "missing port");
  unsigned value = 0;
  const auto* end = text.data() + text.size();
  const auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc{} || ptr != end) return fail(error, "port is not a number: '" + std::string(text) + "'");
  if (value > 65535U) return fail(error, "port out of range: " + std::string(text));
  if (value == 0 && !allow_zero) return fail(error, "port 0 is only valid for listening endpoints");
  port = static_cast<std::uint16_t>(value);
  return true;
}

/// Splits "HOST:PORT" at the last colon; "[v6]:PORT" loses its brackets.
bool split_host_port(std::string_view text, std::string& host, std::string_view& port, std::string* error) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos) return fail(error, "expected HOST:PORT, got '" + std::string(text) + "'");
  std::string_view host_view = text.substr(0, colon);
  port = text.substr(colon + 1);
  if (host_view.size() >= 2 && host_view.front() == '[' && host_view.back() == ']') {
    host_view = host_view.substr(1, host_view.size() - 2);
  }
  if (host_view.empty()) return fail(error, "missing host in '" + std::string(text) + "'");
  host = std::string(host_view);
  return true;
}

std::string host_text(const std::string& host) {
  return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}

}  // namespace

std::optional<LinkEndpoint> parse_endpoint(std::string_view text, std::string* error) {
  const auto colon = text.find(':');
  if (colon == std::string_view::npos) {
    fail(error, "expected SCHEME:..., one of serial:, tcp:, tcp-listen:, udp: (got '" + std::string(text) + "')");
    return std::nullopt;
  }
  const std::string_view scheme = text.substr(0, colon);
  const std::string_view rest = text.substr(colon + 1);
  LinkEndpoint endpoint;
  if (scheme == "serial") {
    if (rest.empty()) {
      fail(error, "serial: needs a device path");
      return std::nullopt;
    }
    endpoint.kind = LinkEndpoint::Kind::kSerial;
    endpoint.address = std::string(rest);
    return endpoint;
  }
  if (scheme == "tcp" || scheme == "tcp-listen") {
    const bool listen = scheme == "tcp-listen";
    endpoint.kind = listen ? LinkEndpoint::Kind::kTcpServer : LinkEndpoint::Kind::kTcpClient;
    std::string_view port;
    if (listen && rest.find(':') == std::string_view::npos) {
      endpoint.address = "0.0.0.0";  // tcp-listen:PORT binds every interface
      port = rest;
    } else if (!split_host_port(rest, endpoint.address, port, error)) {
      return std::nullopt;
    }
    if (!parse_port(port, listen, endpoint.port, error)) return std::nullopt;
    return endpoint;
  }
  if (scheme == "udp") {
    endpoint.kind = LinkEndpoint::Kind::kUdp;
    std::string_view port;
    if (rest.find(':') == std::string_view::npos) {
      endpoint.address = "0.0.0.0";
      port = rest;
    } else if (!split_host_port(rest, endpoint.address, port, error)) {
      return std::nullopt;
    }
    if (!parse_port(port, true, endpoint.port, error)) return std::nullopt;
    return endpoint;
  }
  fail(error, "unknown link scheme '" + std::string(scheme) + "' (expected serial:, tcp:, tcp-listen:, udp:)");
  return std::nullopt;
}

std::string to_string(const LinkEndpoint& endpoint) {
  const std::string host_port = host_text(endpoint.address) + ":" + std::to_string(endpoint.port);
  switch (endpoint.kind) {
    case LinkEndpoint::Kind::kSerial:
      return "serial:" + endpoint.address;
    case LinkEndpoint::Kind::kTcpClient:
      return "tcp:" + host_port;
    case LinkEndpoint::Kind::kTcpServer:
      return "tcp-listen:" + host_port;
    case LinkEndpoint::Kind::kUdp:
      return "udp:" + host_port;
  }
  return "?";
}

std::string_view to_string(LinkDownReason reason) noexcept {
  switch (reason) {
    case LinkDownReason::kEndOfFile:
      return "end of file";
    case LinkDownReason::kIoError:
      return "io error";
    case LinkDownReason::kSilent:
      return "sensor silent";
    case LinkDownReason::kOpenFailed:
      return "open failed";
  }
  return "?";
}

signal::HostTime host_now() noexcept {
  const auto since_epoch = std::chrono::system_clock::now().time_since_epoch();
  return signal::HostTime{std::chrono::duration_cast<signal::HostClock::duration>(since_epoch)};
}

}  // namespace runload::bridge
