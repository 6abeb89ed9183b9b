#include "runload/bridge/ximu3_decoder.h"


#include "runload/bridge/ximu3_ascii.h"
#include "runload/bridge/ximu3_stuffing.h"
#include "runload_wire.h"
#include "ximu3_inertial.h"

namespace runload::bridge {

Ximu3Decoder::Ximu3Decoder(DecoderSink& sink) noexcept : sink_(sink) {}

void Ximu3Decoder::push(std::span<const std::uint8_t> bytes) noexcept {
  stats_.bytes += bytes.size();
  framer_.push(
      bytes, [this](std::span<const std::uint8_t> line) { on_line(line); },
      [this](std::size_t dropped) {
        count_ximu3_oversize(stats_, dropped);
        synced_ = true;
      });
}

void Ximu3Decoder::on_link_break() noexcept {
  count_ximu3_link_break(framer_, stats_);
  synced_ = false;
}

void Ximu3Decoder::on_line(std::span<const std::uint8_t> line) noexcept {
  const bool was_synced = synced_;
  synced_ = true;
  if (line.empty()) return;  // a bare LF (or CR LF below): idle, not an error
  const std::uint8_t first = line[0];
  Outcome outcome = Outcome::kMalformed;
  if (first >= 0x80u) {
    outcome = on_binary(line);
  } else {
    std::string_view text(reinterpret_cast<const char*>(line.data()), line.size());
    if (text.back() == '\r') text.remove_suffix(1);  // ASCII messages may end CR LF
    if (text.empty()) return;
    if (first == '{') {
      outcome = text.back() == '}' ? Outcome::kAccepted : Outcome::kMalformed;
      if (outcome == Outcome::kAccepted) ++counts_.command;
    } else if (first == '^') {
      outcome = text.size() >= 3 ? Outcome::kAccepted : Outcome::kMalformed;
      if (outcome == Outcome::kAccepted) ++counts_.mux;
    } else if (first >= 'A' && first <= 'Z') {
      outcome = on_ascii(text);
    }
  }
  switch (outcome) {
    case Outcome::kAccepted:
      ++stats_.frames;
      return;
    case Outcome::kUnknown:
      ++stats_.unknown;
      return;
    case Outcome::kMalformed:
      stats_.dropped_bytes += line.size() + 1;  // + its LF
      ++stats_.resyncs;
      if (was_synced) ++stats_.malformed;  // else: the tail of a message we joined mid-way
      return;
  }
}

Ximu3Decoder::Outcome Ximu3Decoder::on_ascii(std::string_view text) noexcept {
  if (text.size() < 3 || text[1] != ',') return Outcome::kMalformed;
  const Ximu3MessageSpec* spec = ximu3_message_spec(text[0]);
  if (spec == nullptr) {
    std::uint64_t ts = 0;
    return parse_ximu3_timestamp_field(text.substr(2), ts) ? Outcome::kUnknown : Outcome::kMalformed;
  }
  std::uint64_t timestamp_us = 0;
  if (spec->string_arg) {
    if (!parse_ximu3_timestamp_field(text.substr(2), timestamp_us)) return Outcome::kMalformed;
  } else {
    std::array<float, 9> args{};
    if (!parse_ximu3_numeric_fields(text.substr(2), timestamp_us, std::span<float>(args.data(), spec->float_args))) {
      return Outcome::kMalformed;
    }
    if (spec->letter == kXimu3Inertial) {
      if (!Ximu3InertialStream::plausible_values(args.data(), args.data() + 3)) return Outcome::kMalformed;
      on_inertial(timestamp_us, args.data(), args.data() + 3);
    }
  }
  count_data_message(spec->letter);
  return Outcome::kAccepted;
}

Ximu3Decoder::Outcome Ximu3Decoder::on_binary(std::span<const std::uint8_t> stuffed) noexcept {
  const auto size = ximu3_unstuff(stuffed, message_);
  if (!size) return Outcome::kMalformed;
  const std::uint8_t* m = message_.data();
  const Ximu3MessageSpec* spec = ximu3_message_spec_binary(m[0]);
  if (spec == nullptr) return *size >= 9 ? Outcome::kUnknown : Outcome::kMalformed;
  // No length field and no checksum: the exact length is the only integrity check there is.
  const bool length_ok = spec->string_arg ? *size >= spec->binary_bytes() : *size == spec->binary_bytes();
  if (!length_ok) return Outcome::kMalformed;
  if (spec->letter == kXimu3Inertial) {
    std::array<float, 6> args{};
    for (std::size_t i = 0; i < args.size(); ++i) args[i] = wire::get_f32(m + 9 + 4 * i);
    if (!Ximu3InertialStream::plausible_values(args.data(), args.data() + 3)) return Outcome::kMalformed;
    on_inertial(wire::get_u64(m + 1), args.data(), args.data() + 3);
  }
  count_data_message(spec->letter);
  return Outcome::kAccepted;
}

void Ximu3Decoder::count_data_message(char letter) noexcept {
  switch (letter) {
    case kXimu3Inertial: ++counts_.inertial; return;
    case kXimu3HighG: ++counts_.high_g; return;
    case kXimu3Magnetometer: ++counts_.magnetometer; return;
    case kXimu3Quaternion: ++counts_.quaternion; return;
    default: ++counts_.other_data; return;
  }
}

void Ximu3Decoder::on_inertial(std::uint64_t timestamp_us, const float gyro_dps[3], const float accel_g[3]) noexcept {
  if (inertial_.deliver(stats_, sink_, timestamp_us, gyro_dps, accel_g)) --counts_.inertial;
}

}  // namespace runload::bridge
