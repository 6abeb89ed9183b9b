#include "endpoint_args.h"

#include <charconv>

#include <CLI/CLI.hpp>

namespace runload::apps {

std::pair<std::string, std::uint16_t> parse_host_port(const std::string& text, const std::string& default_host) {
  const auto colon = text.rfind(':');
  std::string host = colon == std::string::npos ? default_host : text.substr(0, colon);
  if (host.empty()) host = default_host;
  const std::string port_text = colon == std::string::npos ? text : text.substr(colon + 1);
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc{} || end != port_text.data() + port_text.size() || port > 65535 || port_text.empty()) {
    // A malformed address is a usage error (exit 2), like any other bad argument.
    throw CLI::ValidationError("'" + text + "' is not HOST:PORT with a port in 0..65535");
  }
  return {host, static_cast<std::uint16_t>(port)};
}

}  // namespace runload::apps
