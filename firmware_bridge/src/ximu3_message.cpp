#include "runload/bridge/ximu3_message.h"

#include <array>

namespace runload::bridge {

namespace {
// Argument counts from the x-IMU3 user manual / x-IMU3-API generate_data_messages.json. Y (sync),
// C (LTC) and O (button) are listed in PROTOCOLS.md §2 without a layout: accepted as free-form.
constexpr std::array<Ximu3MessageSpec, 18> kSpecs{{
    {'I', 6, false}, {'M', 3, false}, {'Q', 4, false}, {'R', 9, false}, {'A', 3, false}, {'L', 7, false},
    {'E', 7, false}, {'U', 4, false}, {'H', 3, false}, {'T', 1, false}, {'B', 3, false}, {'W', 2, false},
    {'S', 0, true},  {'N', 0, true},  {'F', 0, true},  {'Y', 0, true},  {'C', 0, true},  {'O', 0, true},
}};
}  // namespace

const Ximu3MessageSpec* ximu3_message_spec(char letter) noexcept {
  for (const auto& spec : kSpecs) {
    if (spec.letter == letter) return &spec;
  }
  return nullptr;
}

const Ximu3MessageSpec* ximu3_message_spec_binary(std::uint8_t id) noexcept {
  if (id < 0x80u) return nullptr;
  return ximu3_message_spec(static_cast<char>(id - 0x80u));
}

}  // namespace runload::bridge
