#include "request_target.h"

namespace runload::apps {

namespace {

int hex_value(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool is_forbidden_in_segment(unsigned char c) noexcept { return c < 0x20 || c == 0x7f || c == '/' || c == '\\'; }

}  // namespace

tl::expected<std::string, std::string> percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return tl::unexpected(std::string("truncated percent escape"));
      const int hi = hex_value(text[i + 1]);
      const int lo = hex_value(text[i + 2]);
      if (hi < 0 || lo < 0) return tl::unexpected(std::string("bad percent escape"));
      out.push_back(static_cast<char>(hi * 16 + lo));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

tl::expected<RequestTarget, std::string> parse_request_target(std::string_view target) {
  if (target.size() > kMaxTargetBytes) return tl::unexpected(std::string("request target too long"));
  if (target.empty() || target.front() != '/') return tl::unexpected(std::string("request target must be an absolute path"));
  const auto question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query = question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);

  RequestTarget out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = path.find('/', start);
    const auto raw = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    start = slash == std::string_view::npos ? path.size() + 1 : slash + 1;
    if (raw.empty()) continue;  // "//" and a trailing '/' add nothing
    auto segment = percent_decode(raw, false);
    if (!segment) return tl::unexpected(segment.error());
    if (*segment == "." || *segment == "..") return tl::unexpected(std::string("'.' and '..' are not allowed in paths"));
    for (const char c : *segment) {
      if (is_forbidden_in_segment(static_cast<unsigned char>(c))) {
        return tl::unexpected(std::string("a path segment holds a forbidden character"));
      }
    }
    out.segments.push_back(std::move(*segment));
  }

  std::size_t q = 0;
  while (q < query.size()) {
    const auto amp = query.find('&', q);
    const auto pair = query.substr(q, amp == std::string_view::npos ? std::string_view::npos : amp - q);
    q = amp == std::string_view::npos ? query.size() : amp + 1;
    if (pair.empty()) continue;
    const auto eq = pair.find('=');
    auto key = percent_decode(pair.substr(0, eq), true);
    auto value = percent_decode(eq == std::string_view::npos ? std::string_view{} : pair.substr(eq + 1), true);
    if (!key) return tl::unexpected(key.error());
    if (!value) return tl::unexpected(value.error());
    out.query.insert_or_assign(std::move(*key), std::move(*value));
  }
  return out;
}

}  // namespace runload::apps
