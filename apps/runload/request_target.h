#pragma once
/// Parsing of an HTTP request target for the dashboard: the path split into percent-decoded segments and
/// the query into decoded key/value pairs. Pure; no file system is ever consulted. Rejects (as an error
/// message for a 400) anything a path could use to climb: "." and ".." segments, raw or percent-encoded,
/// and segments that decode to '/', '\\', NUL or other control characters.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace runload::apps {

/// Longest request target accepted, bytes.
inline constexpr std::size_t kMaxTargetBytes = 2048;

struct RequestTarget {
  std::vector<std::string> segments;  ///< "/api/athletes/3" → {"api", "athletes", "3"}; "/" → {}
  std::map<std::string, std::string, std::less<>> query;
};

/// REQUIRES nothing: any byte string is answered with a target or a one-line reason.
tl::expected<RequestTarget, std::string> parse_request_target(std::string_view target);

/// Percent-decodes `text` ('+' → ' ' when `plus_is_space`); nullopt-like error for a bad escape.
tl::expected<std::string, std::string> percent_decode(std::string_view text, bool plus_is_space);

}  // namespace runload::apps
