#include "runload/bridge/emulator.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "runload/bridge/proto_convert.h"
#include "runload/bridge/sample_convert.h"
#include "runload/bridge/xbus_encoder.h"
#include "runload/bridge/ximu3_encoder.h"
#include "runload_wire.h"

namespace runload::bridge {

namespace {
constexpr std::int64_t kDeviceInfoIntervalUs = 1'000'000;  // late joiners learn the placement within 1 s

/// SI value to int16 counts; reports clipping at the sensor's range.
std::int16_t quantize(float value, float scale, bool& clipped) {
  const float counts = std::nearbyint(value / scale);
  if (!(counts < 32767.0f)) {  // also catches NaN
    clipped = true;
    return 32767;
  }
  if (counts < -32768.0f) {
    clipped = true;
    return -32768;
  }
  return static_cast<std::int16_t>(counts);
}
}  // namespace

SensorEmulator::SensorEmulator(EmulatorSettings settings, SampleSource source, float sample_rate_hz)
    : settings_(std::move(settings)), source_(std::move(source)), sample_rate_hz_(sample_rate_hz), rng_(settings_.seed) {
  if (!(sample_rate_hz_ > 0.0f) || sample_rate_hz_ > 100'000.0f) throw std::invalid_argument("sample rate must be in (0, 100000] Hz");
  if (settings_.samples_per_frame == 0) {
    settings_.samples_per_frame = std::clamp(static_cast<std::uint32_t>(std::lround(sample_rate_hz_ / 100.0f)), 1u, 64u);
  }
  if (settings_.samples_per_frame > wire::kMaxSamplesPerBatch) throw std::invalid_argument("at most 64 samples per frame");
  if (settings_.corrupt_rate < 0 || settings_.corrupt_rate > 1 || settings_.drop_rate < 0 || settings_.drop_rate > 1) {
    throw std::invalid_argument("fault rates must be within [0, 1]");
  }
  if (settings_.protocol == Protocol::kXimu3Csv) throw std::invalid_argument("ximu3-csv is a log format, not a device stream");
  lookahead_ = source_();
}

std::optional<EmulatedFrame> SensorEmulator::next() {
  if (!lookahead_) return std::nullopt;
  if (settings_.protocol == Protocol::kRunload && signal::to_us(lookahead_->t_device) >= next_info_us_) {
    next_info_us_ = signal::to_us(lookahead_->t_device) + kDeviceInfoIntervalUs;
    return device_info_frame();
  }
  return next_data_frame();
}

EmulatedFrame SensorEmulator::device_info_frame() {
  const std::string payload = sensor_info_to_proto(settings_.info, settings_.stream_id).SerializeAsString();
  wire::FrameHeader header;
  header.type = wire::FrameType::kDeviceInfo;
  header.stream_id = settings_.stream_id;
  header.seq = control_seq_++;
  EmulatedFrame frame;
  frame.t_last_sample = lookahead_->t_device;
  frame.faultable = false;
  scratch_.resize(wire::kMaxFrameBytes);
  frame.bytes.resize(wire::kMaxWireBytes);
  const std::size_t n = wire::encode_frame(header, reinterpret_cast<const std::uint8_t*>(payload.data()), payload.size(),
                                           scratch_.data(), scratch_.size(), frame.bytes.data(), frame.bytes.size());
  frame.bytes.resize(n);
  return frame;
}

std::optional<EmulatedFrame> SensorEmulator::next_data_frame() {
  const bool first = imu_seq_ == 0;
  const std::uint32_t per_frame = settings_.protocol == Protocol::kRunload ? settings_.samples_per_frame : 1u;
  std::vector<signal::ImuSample> samples;
  samples.reserve(per_frame);
  while (lookahead_ && samples.size() < per_frame) {
    samples.push_back(*lookahead_);
    lookahead_ = source_();
  }
  const bool last = !lookahead_;
  EmulatedFrame frame;
  frame.samples = static_cast<std::uint32_t>(samples.size());
  frame.t_last_sample = samples.back().t_device;  // the source's time: what pacing follows
  frame.faultable = !first && !last;
  for (auto& sample : samples) {  // the device's own index and clock (they start over at a restart)
    sample.index_samples -= index_base_;
    sample.t_device -= time_base_;
  }
  switch (settings_.protocol) {
    case Protocol::kRunload:
      encode_runload(samples, last, frame);
      break;
    case Protocol::kXimu3:
      frame.bytes.resize(128);
      frame.bytes.resize(encode_ximu3_inertial_binary(samples.front(), frame.bytes));
      break;
    case Protocol::kXsens:
      frame.bytes.resize(kXbusImuMessageMaxBytes);
      frame.bytes.resize(encode_xbus_mtdata2(samples.front(), frame.bytes));
      break;
    case Protocol::kXimu3Csv:
      break;  // rejected by the constructor
  }
  ++imu_seq_;
  return frame;
}

void SensorEmulator::encode_runload(const std::vector<signal::ImuSample>& samples, bool last, EmulatedFrame& frame) {
  wire::ImuBatchHeader batch;
  batch.t_first_us = static_cast<std::uint64_t>(signal::to_us(samples.front().t_device));
  batch.first_sample_index = static_cast<std::uint32_t>(samples.front().index_samples);
  batch.sample_period_ns = static_cast<std::uint32_t>(std::lround(1e9 / static_cast<double>(sample_rate_hz_)));
  batch.accel_scale_mps2_per_lsb = kAccelScale16g_mps2_per_lsb;
  batch.gyro_scale_radps_per_lsb = kGyroScale2000dps_radps_per_lsb;
  batch.n_samples = static_cast<std::uint8_t>(samples.size());
  batch.layout = wire::ImuLayout::kAccelGyro;
  std::int16_t values[wire::kMaxSamplesPerBatch * 6];
  bool clipped = false;
  for (std::size_t k = 0; k < samples.size(); ++k) {
    for (int axis = 0; axis < 3; ++axis) {
      values[6 * k + static_cast<std::size_t>(axis)] =
          quantize(samples[k].accel_sensor_mps2[axis], batch.accel_scale_mps2_per_lsb, clipped);
      values[6 * k + 3 + static_cast<std::size_t>(axis)] =
          quantize(samples[k].gyro_sensor_radps[axis], batch.gyro_scale_radps_per_lsb, clipped);
    }
  }
  std::uint8_t flags = 0;
  if (clipped) flags |= wire::kFlagClipped;
  if (last) flags |= wire::kFlagLastFrame;
  wire::ImuFrameEncoder encoder(settings_.stream_id);
  encoder.set_next_seq(imu_seq_);
  frame.bytes.resize(wire::kMaxWireBytes);
  const std::size_t n = encoder.encode_imu_batch(batch, values, flags, frame.bytes.data(), frame.bytes.size());
  frame.bytes.resize(n);
}

void SensorEmulator::restart() {
  if (!lookahead_) return;
  index_base_ = lookahead_->index_samples;
  time_base_ = lookahead_->t_device.time_since_epoch();
  imu_seq_ = 0;
  control_seq_ = 0;
  next_info_us_ = 0;  // announce at once, as a device does at boot
  ++report_.restarts;
}

std::span<const std::uint8_t> SensorEmulator::sync_bytes() const noexcept {
  static constexpr std::uint8_t kCobsDelimiter[1] = {0x00};
  static constexpr std::uint8_t kLineEnd[1] = {0x0A};
  switch (settings_.protocol) {
    case Protocol::kRunload: return kCobsDelimiter;
    case Protocol::kXimu3: return kLineEnd;
    case Protocol::kXsens:
    case Protocol::kXimu3Csv: break;  // Xbus resyncs on its preamble
  }
  return {};
}

bool SensorEmulator::apply_faults(EmulatedFrame& frame) {
  if (!frame.faultable || frame.samples == 0) return true;
  // Draw both decisions for every frame so a given seed gives the same faults whatever the rates.
  const bool drop = uniform_(rng_) < settings_.drop_rate;
  const bool corrupt = uniform_(rng_) < settings_.corrupt_rate;
  const std::uint64_t where = rng_();
  if (drop) {
    ++report_.frames_dropped;
    report_.samples_dropped += frame.samples;
    return false;
  }
  if (corrupt && frame.bytes.size() > 1) {
    // One bit in the frame body; the delimiter is kept so the loss stays attributable to this frame.
    const std::size_t body = frame.bytes.size() - (settings_.protocol == Protocol::kRunload ? 1u : 0u);
    frame.bytes[where % body] ^= static_cast<std::uint8_t>(1u << ((where >> 32) % 8));
    ++report_.frames_corrupted;
    report_.samples_corrupted += frame.samples;
    ++report_.bytes_corrupted;
    pending_corrupt_ = true;
  }
  return true;
}

void SensorEmulator::count_sent(const EmulatedFrame& frame) {
  report_.bytes_sent += frame.bytes.size();
  if (frame.samples == 0) return;
  ++report_.frames_sent;
  if (pending_corrupt_) {
    pending_corrupt_ = false;
  } else {
    report_.samples_sent += frame.samples;
  }
}

void SensorEmulator::count_lost_in_outage(const EmulatedFrame& frame) {
  if (pending_corrupt_) {  // corrupted but never delivered: it is an outage loss, not a corruption
    pending_corrupt_ = false;
    --report_.frames_corrupted;
    report_.samples_corrupted -= frame.samples;
    --report_.bytes_corrupted;
  }
  if (frame.samples == 0) return;
  ++report_.frames_lost_in_outage;
  report_.samples_lost_in_outage += frame.samples;
}

}  // namespace runload::bridge
