// libFuzzer target: the dashboard's request-target parser (`runload serve`; every request's path and query
// pass through it before anything else). Checks on an accepted target: no segment is empty, "." or "..", or
// holds '/', '\\', NUL or another control character (what request_target.h promises), and the target written
// back percent-encoded parses again to the same segments and query.
//   cmake --build build-fuzz --target request_target_fuzz
//   ./build-fuzz/request_target_fuzz -max_len=2100 -dict=tests/fuzz/request_target.dict corpus/request_target
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "request_target.h"

namespace {

std::string encoded(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto u = static_cast<unsigned char>(c);
    out += '%';
    out += kHex[u >> 4U];
    out += kHex[u & 15U];
  }
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const auto target = runload::apps::parse_request_target(input);
  if (!target) return 0;
  std::string again;
  for (const auto& segment : target->segments) {
    if (segment.empty() || segment == "." || segment == "..") __builtin_trap();
    for (const char c : segment) {
      const auto u = static_cast<unsigned char>(c);
      if (u < 0x20 || u == 0x7f || c == '/' || c == '\\') __builtin_trap();
    }
    again += "/" + encoded(segment);
  }
  if (again.empty()) again = "/";
  char separator = '?';
  for (const auto& [key, value] : target->query) {
    again += separator + encoded(key) + "=" + encoded(value);
    separator = '&';
  }
  if (again.size() > runload::apps::kMaxTargetBytes) return 0;  // encoding triples a byte: may not fit
  const auto reparsed = runload::apps::parse_request_target(again);
  if (!reparsed || reparsed->segments != target->segments || reparsed->query != target->query) __builtin_trap();
  return 0;
}
