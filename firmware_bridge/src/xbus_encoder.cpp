#include "runload/bridge/xbus_encoder.h"

#include <array>
#include <cstring>

#include "big_endian.h"
#include "runload/bridge/xbus_format.h"

namespace runload::bridge {

std::size_t encode_xbus_message(std::uint8_t bus_id, std::uint8_t mid, std::span<const std::uint8_t> payload,
                                std::span<std::uint8_t> out) noexcept {
  if (payload.size() > 0xFFFFu) return 0;
  const bool extended = payload.size() >= xbus::kExtendedLength;
  const std::size_t header = extended ? 6 : 4;
  const std::size_t total = header + payload.size() + 1;
  if (out.size() < total) return 0;
  std::uint8_t* f = out.data();
  f[0] = xbus::kPreamble;
  f[1] = bus_id;
  f[2] = mid;
  if (extended) {
    f[3] = xbus::kExtendedLength;
    be::put_u16(f + 4, static_cast<std::uint16_t>(payload.size()));
  } else {
    f[3] = static_cast<std::uint8_t>(payload.size());
  }
  if (!payload.empty()) std::memcpy(f + header, payload.data(), payload.size());
  unsigned sum = 0;
  for (std::size_t i = 1; i < total - 1; ++i) sum += f[i];
  f[total - 1] = static_cast<std::uint8_t>(0x100u - (sum & 0xFFu));  // makes sum(BID..CS) = 0 mod 256
  return total;
}

XbusImuMessage xbus_imu_from_sample(const signal::ImuSample& sample) noexcept {
  XbusImuMessage m;
  m.packet_counter = static_cast<std::uint16_t>(sample.index_samples);
  const std::int64_t t_us = signal::to_us(sample.t_device);
  m.sample_time_fine =
      t_us > 0 ? static_cast<std::uint32_t>(static_cast<std::uint64_t>(t_us / xbus::kSampleTimeFineUsPerTick)) : 0u;
  m.has_accel = sample.has(signal::kChannelAccel);
  m.has_gyro = sample.has(signal::kChannelGyro);
  for (int i = 0; i < 3; ++i) {
    m.accel_mps2[i] = sample.accel_sensor_mps2[i];
    m.gyro_radps[i] = sample.gyro_sensor_radps[i];
  }
  return m;
}

std::size_t encode_xbus_mtdata2(const XbusImuMessage& message, std::span<std::uint8_t> out) noexcept {
  std::array<std::uint8_t, 42> payload{};
  std::size_t n = 0;
  const auto put_header = [&](std::uint16_t id, std::uint8_t size) {
    be::put_u16(payload.data() + n, id);
    payload[n + 2] = size;
    n += 3;
  };
  put_header(xbus::kPacketCounter, 2);
  be::put_u16(payload.data() + n, message.packet_counter);
  n += 2;
  put_header(xbus::kSampleTimeFine, 4);
  be::put_u32(payload.data() + n, message.sample_time_fine);
  n += 4;
  if (message.has_accel) {
    put_header(xbus::kAcceleration, 12);
    for (const float v : message.accel_mps2) be::put_f32(payload.data() + n, v), n += 4;
  }
  if (message.has_gyro) {
    put_header(xbus::kRateOfTurn, 12);
    for (const float v : message.gyro_radps) be::put_f32(payload.data() + n, v), n += 4;
  }
  return encode_xbus_message(xbus::kBusIdHost, xbus::kMidMtData2, std::span<const std::uint8_t>(payload.data(), n),
                             out);
}

std::size_t encode_xbus_mtdata2(const signal::ImuSample& sample, std::span<std::uint8_t> out) noexcept {
  return encode_xbus_mtdata2(xbus_imu_from_sample(sample), out);
}

}  // namespace runload::bridge
