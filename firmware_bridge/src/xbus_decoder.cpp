#include "runload/bridge/xbus_decoder.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "big_endian.h"
#include "runload/bridge/sample_convert.h"

namespace runload::bridge {

namespace {

/// Reads a 3-vector in the DataID's precision; false when `size` does not fit the precision.
bool read_vec3(std::uint16_t data_id, const std::uint8_t* data, std::size_t size, float out[3]) noexcept {
  switch (data_id & xbus::kPrecisionMask) {
    case 0:  // Float32
      if (size != 12) return false;
      for (std::size_t i = 0; i < 3; ++i) out[i] = be::get_f32(data + 4 * i);
      return true;
    case 1:  // Fixed 12.20: i32 / 2^20, exact in double, one rounding to float
      if (size != 12) return false;
      for (std::size_t i = 0; i < 3; ++i) {
        const auto raw = static_cast<std::int32_t>(be::get_u32(data + 4 * i));
        out[i] = static_cast<float>(std::ldexp(static_cast<double>(raw), -20));
      }
      return true;
    case 2:  // Fixed 16.32: u32 fraction then i16 integer part, i.e. i48 / 2^32
      if (size != 18) return false;
      for (std::size_t i = 0; i < 3; ++i) {
        const std::uint8_t* v = data + 6 * i;
        const auto integer = static_cast<std::int16_t>(be::get_u16(v + 4));
        const std::int64_t raw = static_cast<std::int64_t>(integer) * 4294967296LL + be::get_u32(v);
        out[i] = static_cast<float>(std::ldexp(static_cast<double>(raw), -32));
      }
      return true;
    default:  // Float64
      if (size != 24) return false;
      for (std::size_t i = 0; i < 3; ++i) out[i] = static_cast<float>(be::get_f64(data + 8 * i));
      return true;
  }
}

bool finite3(const float v[3]) noexcept { return std::isfinite(v[0]) && std::isfinite(v[1]) && std::isfinite(v[2]); }

}  // namespace

XbusDecoder::XbusDecoder(DecoderSink& sink) noexcept : sink_(sink) {}

void XbusDecoder::push(std::span<const std::uint8_t> bytes) noexcept {
  stats_.bytes += bytes.size();
  const std::uint8_t* p = bytes.data();
  const std::uint8_t* const end = p + bytes.size();
  while (p < end) {
    if (buffer_size_ == 0) {
      // Zero-copy: parse straight from the caller's chunk; keep only an incomplete tail.
      p += parse(p, static_cast<std::size_t>(end - p));
      buffer_size_ = static_cast<std::size_t>(end - p);
      std::memcpy(buffer_.data(), p, buffer_size_);
      return;
    }
    // Top up the pending frame with at most one frame's worth, so it completes or is rejected.
    const std::size_t take = std::min({static_cast<std::size_t>(end - p), xbus::kMaxFrameBytes,
                                       buffer_.size() - buffer_size_});
    std::memcpy(buffer_.data() + buffer_size_, p, take);
    buffer_size_ += take;
    p += take;
    const std::size_t used = parse(buffer_.data(), buffer_size_);
    const std::size_t rest = buffer_size_ - used;
    if (rest <= take) {
      p -= rest;  // the remainder lies wholly in bytes just copied: read them from the chunk again
      buffer_size_ = 0;
    } else {
      std::memmove(buffer_.data(), buffer_.data() + used, rest);
      buffer_size_ = rest;
    }
  }
}

void XbusDecoder::on_link_break() noexcept {
  ++stats_.link_breaks;
  if (buffer_size_ > 0) {
    stats_.dropped_bytes += buffer_size_;
    ++stats_.resyncs;
  }
  buffer_size_ = 0;
  discarding_ = false;  // whatever follows the break starts a new resync episode
}

void XbusDecoder::discard(std::size_t bytes) noexcept {
  stats_.dropped_bytes += bytes;
  if (!discarding_) {
    ++stats_.resyncs;
    discarding_ = true;
  }
}

std::size_t XbusDecoder::parse(const std::uint8_t* data, std::size_t size) noexcept {
  std::size_t pos = 0;
  while (pos < size) {
    const auto* fa = static_cast<const std::uint8_t*>(std::memchr(data + pos, xbus::kPreamble, size - pos));
    const std::size_t start = fa != nullptr ? static_cast<std::size_t>(fa - data) : size;
    if (start > pos) discard(start - pos);
    pos = start;
    const std::size_t avail = size - pos;
    if (avail < 4) break;
    const std::uint8_t* f = data + pos;
    if (f[1] != xbus::kBusIdHost) {
      // Not a message start: every message to the host carries BID 0xFF. Without this a 0xFA inside a
      // damaged message passes the one-byte checksum one time in 256, and its length swallows intact ones.
      discard(1);
      ++pos;
      continue;
    }
    std::size_t payload_size = f[3];
    std::size_t header = 4;
    if (payload_size == xbus::kExtendedLength) {
      if (avail < 6) break;
      payload_size = be::get_u16(f + 4);
      header = 6;
    }
    if (payload_size > xbus::kMaxPayloadBytes) {
      if (!discarding_) ++stats_.oversize;
      discard(1);
      ++pos;
      continue;
    }
    const std::size_t total = header + payload_size + 1;
    if (avail < total) break;
    unsigned sum = 0;
    for (std::size_t i = 1; i < total; ++i) sum += f[i];
    if ((sum & 0xFFu) != 0) {
      if (!discarding_) ++stats_.checksum_errors;
      discard(1);
      ++pos;
      continue;
    }
    discarding_ = false;
    on_message(f[2], f + header, payload_size);
    pos += total;
  }
  return std::min(pos, size);
}

void XbusDecoder::on_message(std::uint8_t mid, const std::uint8_t* payload, std::size_t size) noexcept {
  if (mid == xbus::kMidMtData2) {
    on_mtdata2(payload, size);
    return;
  }
  ++stats_.frames;
  ++counts_.other;
}

XbusDecoder::CounterStep XbusDecoder::track_counter(std::uint16_t counter) noexcept {
  CounterStep result = CounterStep::kNext;
  if (!counter_seen_) {
    counter_seen_ = true;
    counter_unwrapped_ = counter;
  } else if (const auto ahead = static_cast<std::uint16_t>(counter - next_counter_); ahead >= 0x8000u) {  // modulo 2^16
    if (static_cast<std::uint16_t>(next_counter_ - counter) <= kReorderWindowFrames) {
      ++stats_.duplicates;  // old or repeated: never deliver a sample twice
      return CounterStep::kDuplicate;
    }
    ++counter_unwrapped_;  // the device started counting again: carry on, monotonic
    result = CounterStep::kRestart;
  } else {
    if (ahead > 0) {
      ++stats_.frame_gaps;
      stats_.lost_frames += ahead;
      // Missing messages may be GNSS ones: lost samples come from SampleTimeFine gaps instead,
      // except on a stream without time, where a missing counter is the best evidence there is.
      if (!time_seen_) stats_.lost_samples += ahead;
    }
    counter_unwrapped_ += static_cast<std::uint64_t>(ahead) + 1u;
  }
  next_counter_ = static_cast<std::uint16_t>(counter + 1u);
  if (!stats_.seq_first) stats_.seq_first = counter_unwrapped_;
  stats_.seq_last = counter_unwrapped_;
  return result;
}

void XbusDecoder::on_mtdata2(const std::uint8_t* payload, std::size_t size) noexcept {
  bool has_counter = false, has_ticks = false, has_accel = false, has_gyro = false, gnss = false;
  std::uint16_t counter = 0;
  std::uint32_t ticks = 0;
  float accel_mps2[3] = {};
  float gyro_radps[3] = {};
  bool ok = true;
  std::size_t pos = 0;
  while (ok && pos < size) {
    if (size - pos < 3) {
      ok = false;
      break;
    }
    const std::uint16_t id = be::get_u16(payload + pos);
    const std::size_t n = payload[pos + 2];
    const std::uint8_t* data = payload + pos + 3;
    if (n > size - pos - 3) {
      ok = false;
      break;
    }
    const std::uint16_t type = id & xbus::kTypeMask;
    if (id == xbus::kPacketCounter) {
      ok = n == 2;
      if (ok) counter = be::get_u16(data), has_counter = true;
    } else if (id == xbus::kSampleTimeFine) {
      ok = n == 4;
      if (ok) ticks = be::get_u32(data), has_ticks = true;
    } else if ((id & xbus::kGnssGroupMask) == xbus::kGnssGroup) {
      gnss = true;
    } else if (type == xbus::kAcceleration) {
      ok = read_vec3(id, data, n, accel_mps2) && finite3(accel_mps2);
      has_accel = true;
    } else if (type == xbus::kRateOfTurn) {
      ok = read_vec3(id, data, n, gyro_radps) && finite3(gyro_radps);
      has_gyro = true;
    }  // anything else: skipped by its size byte
    pos += 3 + n;
  }
  if (!ok) {
    ++stats_.malformed;
    stats_.dropped_bytes += size;
    return;
  }
  const CounterStep counter_step = has_counter ? track_counter(counter) : CounterStep::kNext;
  if (counter_step == CounterStep::kDuplicate) return;
  ++stats_.frames;
  if (gnss) {
    ++counts_.mtdata2_gnss;  // older SampleTimeFine: neither a sample nor a time reference
    return;
  }
  if (!has_accel && !has_gyro) {
    ++counts_.mtdata2_other;
    return;
  }
  ++counts_.mtdata2_imu;
  if (has_ticks) {
    if (!time_seen_) {
      time_seen_ = true;
      ticks_unwrapped_ = ticks;
    } else {
      ticks_unwrapped_ += static_cast<std::int32_t>(ticks - last_ticks_);  // signed modulo-2^32 step
    }
    last_ticks_ = ticks;
  }
  // The PacketCounter also counts GNSS and other messages, so it is not a sample index: with
  // SampleTimeFine the index (and loss) comes from the sample clock, like x-IMU3 timestamps.
  std::uint64_t index_samples = has_counter ? counter_unwrapped_ : next_index_samples_;
  bool restart = counter_step == CounterStep::kRestart;
  if (has_ticks) {
    const TimestampStep step =
        sample_clock_.update(static_cast<std::int64_t>(ticks_unwrapped_ * xbus::kSampleTimeFineUsPerTick));
    index_samples = step.index_samples;
    stats_.lost_samples += step.lost_samples;
    sample_time_us_ = step.t_us;
    restart = restart || step.restart;
  }
  if (restart) ++stats_.restarts;
  next_index_samples_ = index_samples + 1;
  const signal::ImuSample sample = sample_from_xbus(has_accel ? accel_mps2 : nullptr, has_gyro ? gyro_radps : nullptr,
                                                    index_samples, sample_time_us_);
  ++stats_.samples;
  sink_.on_samples(SampleBatch{0, 0, 0, std::span<const signal::ImuSample>(&sample, 1)});
}

}  // namespace runload::bridge
