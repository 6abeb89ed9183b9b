#include "runload/bridge/ximu3_stuffing.h"

namespace runload::bridge {

std::optional<std::size_t> ximu3_stuff(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) noexcept {
  std::size_t n = 0;
  for (const std::uint8_t b : in) {
    const bool escaped = b == kXimu3End || b == kXimu3Esc;
    if (n + (escaped ? 2u : 1u) > out.size()) return std::nullopt;
    if (escaped) {
      out[n++] = kXimu3Esc;
      out[n++] = b == kXimu3End ? kXimu3EscEnd : kXimu3EscEsc;
    } else {
      out[n++] = b;
    }
  }
  return n;
}

std::optional<std::size_t> ximu3_unstuff(std::span<const std::uint8_t> in, std::span<std::uint8_t> out) noexcept {
  std::size_t n = 0;
  for (std::size_t i = 0; i < in.size(); ++i) {
    if (n >= out.size()) return std::nullopt;
    std::uint8_t b = in[i];
    if (b == kXimu3Esc) {
      if (++i == in.size()) return std::nullopt;  // a message cannot end inside an escape
      if (in[i] == kXimu3EscEnd) {
        b = kXimu3End;
      } else if (in[i] == kXimu3EscEsc) {
        b = kXimu3Esc;
      } else {
        return std::nullopt;
      }
    }
    out[n++] = b;
  }
  return n;
}

}  // namespace runload::bridge
