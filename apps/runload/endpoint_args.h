#pragma once
/// Parsing of HOST:PORT arguments shared by sim and record.
#include <cstdint>
#include <string>
#include <utility>

namespace runload::apps {

/// "HOST:PORT" or ":PORT"/"PORT" (host defaults to `default_host`). Throws CLI::ValidationError (a usage error).
std::pair<std::string, std::uint16_t> parse_host_port(const std::string& text, const std::string& default_host);

}  // namespace runload::apps
