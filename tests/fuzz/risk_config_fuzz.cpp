// libFuzzer target: the risk-config parser (`--config` files) fed arbitrary text. An accepted config is
// written back with to_config_text and parsed again: it must parse, and to the same text.
// Build and run (clang), beside decoder_fuzz:
//   cmake --build build-fuzz --target risk_config_fuzz
//   ./build-fuzz/risk_config_fuzz -max_len=4096 -dict=tests/fuzz/risk_config.dict tests/fuzz/seeds/risk_config
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "runload/core/risk_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = runload::core::parse_risk_config(text);
  if (parsed.config.has_value() == parsed.error.has_value()) __builtin_trap();
  if (!parsed.config) {
    (void)parsed.error->to_string();
    return 0;
  }
  const std::string written = runload::core::to_config_text(*parsed.config);
  const auto again = runload::core::parse_risk_config(written);
  if (!again.config) __builtin_trap();
  if (runload::core::to_config_text(*again.config) != written) __builtin_trap();
  return 0;
}
