#include "runload/bridge/runload_decoder.h"

#include <algorithm>
#include <cstring>

#include "runload.pb.h"
#include "runload/bridge/proto_convert.h"
#include "runload/bridge/sample_convert.h"

namespace runload::bridge {

using wire::FrameHeader;
using wire::FrameType;

RunloadDecoder::RunloadDecoder(DecoderSink& sink) noexcept : sink_(sink) {}

void RunloadDecoder::push(std::span<const std::uint8_t> bytes) noexcept {
  stats_.bytes += bytes.size();
  const std::uint8_t* p = bytes.data();
  const std::uint8_t* const end = p + bytes.size();
  while (p < end) {
    const auto* delim = static_cast<const std::uint8_t*>(std::memchr(p, 0, static_cast<std::size_t>(end - p)));
    const std::uint8_t* stop = delim != nullptr ? delim : end;
    const auto run = static_cast<std::size_t>(stop - p);
    if (delim != nullptr && pending_size_ == 0 && !pending_overflowed_) {
      on_segment(p, run);  // zero-copy fast path: a whole frame inside this chunk
    } else {
      // Accumulate; past the bound, keep counting but stop storing until the next delimiter.
      const std::size_t room = pending_.size() - pending_size_;
      if (!pending_overflowed_ && run <= room) {
        std::memcpy(pending_.data() + pending_size_, p, run);
        pending_size_ += run;
      } else {
        if (!pending_overflowed_) stats_.dropped_bytes += pending_size_;
        stats_.dropped_bytes += run;
        pending_overflowed_ = true;
        pending_size_ = 0;
      }
      if (delim != nullptr) {
        if (pending_overflowed_) {
          if (synced_) ++stats_.oversize;  // before the first delimiter it is sync acquisition
          ++stats_.resyncs;
          pending_overflowed_ = false;
          synced_ = true;
        } else {
          on_segment(pending_.data(), pending_size_);
        }
        pending_size_ = 0;
      }
    }
    p = delim != nullptr ? delim + 1 : end;
  }
}

void RunloadDecoder::on_link_break() noexcept {
  ++stats_.link_breaks;
  if (pending_size_ > 0 || pending_overflowed_) {
    stats_.dropped_bytes += pending_size_;
    ++stats_.resyncs;
  }
  pending_size_ = 0;
  pending_overflowed_ = false;
  synced_ = false;
}

void RunloadDecoder::reject(std::size_t segment_bytes) noexcept {
  stats_.dropped_bytes += segment_bytes;
  ++stats_.resyncs;
}

void RunloadDecoder::on_segment(const std::uint8_t* data, std::size_t size) noexcept {
  const bool was_synced = synced_;
  synced_ = true;
  if (size == 0) return;  // back-to-back delimiters: a sender's idle flush, not an error
  const std::size_t n = wire::cobs_decode(data, size, frame_.data(), frame_.size());
  const bool framed = n >= wire::kHeaderBytes + wire::kCrcBytes;
  const bool crc_ok = framed && wire::crc32c(frame_.data(), n - wire::kCrcBytes) ==
                                    wire::get_u32(frame_.data() + n - wire::kCrcBytes);
  if (!crc_ok) {
    reject(size);
    // The tail of a frame we joined mid-way is not a corrupt frame.
    if (!was_synced) return;
    if (size > wire::kMaxWireBytes) {
      ++stats_.oversize;
    } else if (framed) {
      ++stats_.checksum_errors;
    } else {
      ++stats_.malformed;
    }
    return;
  }
  on_frame(frame_.data(), n);
}

void RunloadDecoder::on_frame(const std::uint8_t* frame, std::size_t size) noexcept {
  FrameHeader header;
  header.version = frame[0];
  header.type = static_cast<FrameType>(frame[1]);
  header.stream_id = frame[2];
  header.flags = frame[3];
  header.seq = wire::get_u32(frame + 4);
  header.payload_len = wire::get_u16(frame + 8);
  if (header.version != wire::kVersion) {
    ++stats_.unknown;
    return;
  }
  if (header.payload_len + wire::kHeaderBytes + wire::kCrcBytes != size) {
    ++stats_.malformed;
    stats_.dropped_bytes += size;
    return;
  }
  const std::uint8_t* payload = frame + wire::kHeaderBytes;
  switch (header.type) {
    case FrameType::kImuBatchI16:
      on_imu_batch(header, payload, header.payload_len);
      return;
    case FrameType::kDeviceInfo:
      track_seq(control_continuity_[header.stream_id], header.seq, /*carries_samples=*/false);
      ++stats_.frames;
      on_device_info(header.stream_id, payload, header.payload_len);
      return;
    case FrameType::kProtobuf:
    case FrameType::kStatus:
    case FrameType::kCommand:
    case FrameType::kResponse:
    case FrameType::kBleNotification:
    case FrameType::kForeignStream:
    case FrameType::kLogText:
      track_seq(control_continuity_[header.stream_id], header.seq, /*carries_samples=*/false);
      ++stats_.frames;
      return;
  }
  ++stats_.unknown;
}

RunloadDecoder::SeqStep RunloadDecoder::track_seq(Continuity& c, std::uint32_t seq, bool carries_samples) noexcept {
  if (!c.seen) {
    c.seen = true;
    c.seq_unwrapped = seq;
    c.next_seq = seq + 1u;
    return SeqStep::kNext;
  }
  const std::uint32_t ahead = seq - c.next_seq;  // modulo 2^32
  if (ahead >= 0x80000000u) {
    // A restarted device counts from 0 again: its seq is far behind, or nearer 0 than the expected one.
    const std::uint32_t behind = c.next_seq - seq;
    // Control frames carry no samples: an old one (re-sent, or a rebooted device's first DEVICE_INFO)
    // re-bases their counter instead of being skipped.
    const bool restarted =
        !carries_samples || behind > kReorderWindowFrames || (behind > kMinRestartFrames && seq < behind);
    if (!restarted) {
      ++stats_.duplicates;  // an old or repeated frame: never deliver samples twice
      return SeqStep::kDuplicate;
    }
    ++c.seq_unwrapped;  // the unwrapped count stays monotonic across the restart
    c.next_seq = seq + 1u;
    return SeqStep::kRestart;
  }
  if (ahead > 0) {
    ++stats_.frame_gaps;
    stats_.lost_frames += ahead;
  }
  c.seq_unwrapped += static_cast<std::uint64_t>(ahead) + 1u;
  c.next_seq = seq + 1u;
  return SeqStep::kNext;
}

void RunloadDecoder::on_imu_batch(const FrameHeader& header, const std::uint8_t* payload, std::size_t size) noexcept {
  if (size < wire::kImuBatchFixedBytes) {
    ++stats_.malformed;
    return;
  }
  const std::uint64_t t_first_us = wire::get_u64(payload + 0);
  const std::uint32_t first_index = wire::get_u32(payload + 8);
  const std::uint32_t period_ns = wire::get_u32(payload + 12);
  const RunloadScales scales{wire::get_f32(payload + 16), wire::get_f32(payload + 20)};
  const std::uint8_t n_samples = payload[26];
  const auto layout = static_cast<wire::ImuLayout>(payload[27]);
  const std::size_t channels = wire::channels_per_sample(layout);
  if (channels == 0 || n_samples == 0 || n_samples > wire::kMaxSamplesPerBatch ||
      size != wire::kImuBatchFixedBytes + 2 * channels * n_samples) {
    ++stats_.malformed;
    return;
  }
  Continuity& c = imu_continuity_[header.stream_id];
  const bool first = !c.seen;
  const SeqStep step = track_seq(c, header.seq, /*carries_samples=*/true);
  if (step == SeqStep::kDuplicate) return;
  ++stats_.frames;
  if (first) {
    c.next_index_unwrapped = first_index;
  } else if (step == SeqStep::kRestart) {
    // The device's index and clock started over: carry both on from the last sample, no loss counted.
    ++stats_.restarts;
    c.time_offset_us = static_cast<std::int64_t>(static_cast<std::uint64_t>(c.next_t_us) - t_first_us);
  } else {
    const std::uint32_t skipped = first_index - c.next_index;  // modulo 2^32
    if (skipped < 0x80000000u) {
      stats_.lost_samples += skipped;
      c.next_index_unwrapped += skipped;
    }
    // A backwards index (device restart) keeps the unwrapped index monotonic.
  }
  if (!stats_.seq_first) stats_.seq_first = c.seq_unwrapped;
  stats_.seq_last = c.seq_unwrapped;

  std::int16_t values[wire::kMaxSamplesPerBatch * 9];
  const std::uint8_t* raw = payload + wire::kImuBatchFixedBytes;
  for (std::size_t i = 0; i < channels * n_samples; ++i) {
    values[i] = static_cast<std::int16_t>(wire::get_u16(raw + 2 * i));
  }
  // Device time in u64 arithmetic (modulo 2^64): defined for any wire value, whatever the offset.
  const std::uint64_t t0_us = t_first_us + static_cast<std::uint64_t>(c.time_offset_us);
  const auto time_of = [&](std::size_t k) {  // sample k's time, the period offset rounded to the µs
    return static_cast<std::int64_t>(t0_us + (static_cast<std::uint64_t>(period_ns) * k + 500u) / 1000u);
  };
  for (std::size_t k = 0; k < n_samples; ++k) {
    samples_[k] = sample_from_runload_i16(values + k * channels, layout, scales, c.next_index_unwrapped + k, time_of(k));
  }
  c.next_t_us = time_of(n_samples);
  c.next_index = first_index + n_samples;
  c.next_index_unwrapped += n_samples;
  stats_.samples += n_samples;
  sink_.on_samples(SampleBatch{header.stream_id, period_ns, header.flags,
                               std::span<const signal::ImuSample>(samples_.data(), n_samples)});
}

void RunloadDecoder::on_device_info(std::uint8_t stream_id, const std::uint8_t* payload, std::size_t size) noexcept {
  pb::DeviceInfo message;
  if (!message.ParseFromArray(payload, static_cast<int>(size))) {
    ++stats_.malformed;
    return;
  }
  sink_.on_sensor_info(stream_id, sensor_info_from_proto(message));
}

}  // namespace runload::bridge
