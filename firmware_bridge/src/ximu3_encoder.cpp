#include "runload/bridge/ximu3_encoder.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <numbers>

#include "runload/bridge/ximu3_message.h"
#include "runload/bridge/ximu3_stuffing.h"
#include "runload_wire.h"

namespace runload::bridge {

namespace {
constexpr float kRadToDeg = 180.0f / std::numbers::pi_v<float>;
}  // namespace

Ximu3Inertial ximu3_inertial_from_sample(const signal::ImuSample& sample) noexcept {
  Ximu3Inertial m;
  const std::int64_t t_us = signal::to_us(sample.t_device);
  m.timestamp_us = t_us > 0 ? static_cast<std::uint64_t>(t_us) : 0u;
  for (int i = 0; i < 3; ++i) {  // the device saturates at full scale
    m.gyro_dps[i] = std::clamp(sample.gyro_sensor_radps[i] * kRadToDeg, -kXimu3GyroFullScaleDps, kXimu3GyroFullScaleDps);
    m.accel_g[i] = std::clamp(sample.accel_sensor_mps2[i] / signal::kStandardGravity_mps2, -kXimu3AccelFullScaleG,
                              kXimu3AccelFullScaleG);
  }
  return m;
}

std::size_t encode_ximu3_inertial_binary(const Ximu3Inertial& message, std::span<std::uint8_t> out) noexcept {
  std::array<std::uint8_t, kXimu3InertialBinaryBytes> raw{};
  raw[0] = ximu3_message_spec(kXimu3Inertial)->binary_id();
  wire::put_u64(raw.data() + 1, message.timestamp_us);
  for (std::size_t i = 0; i < 3; ++i) {
    wire::put_f32(raw.data() + 9 + 4 * i, message.gyro_dps[i]);
    wire::put_f32(raw.data() + 21 + 4 * i, message.accel_g[i]);
  }
  if (out.empty()) return 0;
  const auto n = ximu3_stuff(raw, out.first(out.size() - 1));
  if (!n) return 0;
  out[*n] = kXimu3End;
  return *n + 1;
}

std::size_t encode_ximu3_inertial_ascii(const Ximu3Inertial& message, std::span<std::uint8_t> out) noexcept {
  std::array<char, kXimu3InertialAsciiMaxWireBytes> text{};
  char* p = text.data();
  char* const end = text.data() + text.size();
  *p++ = kXimu3Inertial;
  *p++ = ',';
  auto ts = std::to_chars(p, end, message.timestamp_us);
  if (ts.ec != std::errc{}) return 0;
  p = ts.ptr;
  const float values[6] = {message.gyro_dps[0], message.gyro_dps[1], message.gyro_dps[2],
                           message.accel_g[0],  message.accel_g[1],  message.accel_g[2]};
  for (const float v : values) {
    if (p == end) return 0;
    *p++ = ',';
    auto r = std::to_chars(p, end, v, std::chars_format::fixed, 4);
    if (r.ec != std::errc{}) return 0;
    p = r.ptr;
  }
  if (p == end) return 0;
  *p++ = '\n';
  const auto n = static_cast<std::size_t>(p - text.data());
  if (n > out.size()) return 0;
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<std::uint8_t>(text[i]);
  return n;
}

std::size_t encode_ximu3_inertial_binary(const signal::ImuSample& sample, std::span<std::uint8_t> out) noexcept {
  return encode_ximu3_inertial_binary(ximu3_inertial_from_sample(sample), out);
}

std::size_t encode_ximu3_inertial_ascii(const signal::ImuSample& sample, std::span<std::uint8_t> out) noexcept {
  return encode_ximu3_inertial_ascii(ximu3_inertial_from_sample(sample), out);
}

}  // namespace runload::bridge
