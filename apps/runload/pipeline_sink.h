#pragma once
/// Routes decoded samples to one SessionPipeline per stream, created once the stream's rate and
/// placement are known (DEVICE_INFO, the protocol's nominal period, or estimated from timestamps).
/// Shared by replay (files), record and demo (live links).
///
/// A stream belongs to the device that first announced itself on it (DEVICE_INFO serial). When
/// another device announces itself there — a port name reused after an unplug, a sensor swapped —
/// its samples are left out of the session's metrics (counted in `other_device_samples`, the bytes
/// stay in the recording) until the session's device announces itself again.
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "replay_session.h"
#include "runload/bridge/decoder.h"
#include "runload/signal/session_pipeline.h"

namespace runload::apps {

/// Samples buffered per stream before the rate is estimated from their timestamps (captures
/// without DEVICE_INFO or a nominal period).
constexpr std::size_t kRateProbeSamples = 512;

class PipelineSink final : public bridge::DecoderSink {
 public:
  explicit PipelineSink(const ReplayOptions& o) : options_(o) {}

  /// Called when another device takes over a stream: (stream, the session's serial, the other serial).
  using OtherDeviceHandler = std::function<void(std::uint8_t, const std::string&, const std::string&)>;
  void on_other_device(OtherDeviceHandler handler) { on_other_device_ = std::move(handler); }

  void on_sensor_info(std::uint8_t stream_id, const signal::SensorInfo& info) override {
    Stream& s = streams_[stream_id];
    const bool other = s.info && !s.info->serial.empty() && !info.serial.empty() && info.serial != s.info->serial;
    if (other && !s.other_device && on_other_device_) on_other_device_(stream_id, s.info->serial, info.serial);
    s.other_device = other;
    if (!other) s.info = info;
  }

  void on_samples(const bridge::SampleBatch& batch) override {
    Stream& s = streams_[batch.stream_id];
    if (s.other_device) {
      s.result.other_device_samples += batch.samples.size();
      return;
    }
    if (!s.pipeline) {
      if (batch.nominal_period_ns > 0) s.nominal_rate_hz = 1e9f / static_cast<float>(batch.nominal_period_ns);
      s.probe.insert(s.probe.end(), batch.samples.begin(), batch.samples.end());
      if (rate_known(s) || s.probe.size() >= kRateProbeSamples) start(batch.stream_id, s);
      return;
    }
    feed(s, batch.samples);
  }

  void finish() {
    for (auto& [id, s] : streams_) {
      if (!s.pipeline && !s.probe.empty()) start(id, s);
      if (!s.pipeline) continue;
      for (const auto& r : s.pipeline->finish()) s.result.steps.push_back(r);
      s.result.totals = s.pipeline->totals();
    }
  }

  std::vector<SensorReplay> results() {
    std::vector<SensorReplay> out;
    for (auto& [id, s] : streams_)
      if (s.pipeline) out.push_back(std::move(s.result));
    return out;
  }

  /// The streams so far, as finish() + results() would give them if the link ended now, without
  /// ending anything (the pipelines keep running): a live session's checkpoint.
  std::vector<SensorReplay> snapshot() const {
    std::vector<SensorReplay> out;
    for (const auto& [id, s] : streams_) {
      if (!s.pipeline) continue;
      out.push_back(s.result);
      out.back().totals = s.pipeline->totals();
    }
    return out;
  }

  /// Samples left out because another device was on their stream, all streams.
  std::uint64_t other_device_samples() const {
    std::uint64_t n = 0;
    for (const auto& [id, s] : streams_) n += s.result.other_device_samples;
    return n;
  }

  /// Device time of the newest sample, s (for pacing).
  std::optional<double> newest_time_s() const { return newest_s_; }

  /// What a live view shows of one stream so far.
  struct LiveStream {
    std::uint8_t stream_id = 0;
    signal::Placement placement = signal::Placement::kUnknown;
    signal::BodySide side = signal::BodySide::kUnknown;
    std::size_t strides = 0;
    std::optional<signal::StepRecord> last_step;
    signal::SessionTotals totals;
  };
  std::vector<LiveStream> live() const {
    std::vector<LiveStream> out;
    for (const auto& [id, s] : streams_) {
      if (!s.pipeline) continue;
      LiveStream l{id, s.result.placement, s.result.side, s.result.steps.size(), std::nullopt, s.pipeline->totals()};
      if (!s.result.steps.empty()) l.last_step = s.result.steps.back();
      out.push_back(l);
    }
    return out;
  }

 private:
  struct Stream {
    std::optional<signal::SensorInfo> info;  ///< the session's device on this stream
    bool other_device = false;                ///< another device announced itself last
    float nominal_rate_hz = 0.0f;
    std::vector<signal::ImuSample> probe;
    std::unique_ptr<signal::SessionPipeline> pipeline;
    SensorReplay result;
  };

  static bool rate_known(const Stream& s) { return (s.info && s.info->sample_rate_hz > 0.0f) || s.nominal_rate_hz > 0.0f; }

  static float estimate_rate(const std::vector<signal::ImuSample>& v) {
    if (v.size() < 2) return 1000.0f;
    const double dt_us = static_cast<double>(signal::to_us(v.back().t_device) - signal::to_us(v.front().t_device));
    const double n = static_cast<double>(v.back().index_samples - v.front().index_samples);
    return dt_us > 0.0 && n > 0.0 ? static_cast<float>(n / dt_us * 1e6) : 1000.0f;
  }

  void start(std::uint8_t id, Stream& s) {
    signal::SessionPipelineSettings p;
    p.sample_rate_hz = s.info && s.info->sample_rate_hz > 0.0f ? s.info->sample_rate_hz
                       : s.nominal_rate_hz > 0.0f            ? s.nominal_rate_hz
                                                             : estimate_rate(s.probe);
    p.placement = s.info && s.info->placement != signal::Placement::kUnknown
                      ? s.info->placement
                      : signal::placement_from_string(options_.placement).value_or(signal::Placement::kFoot);
    p.side = s.info ? s.info->side : signal::BodySide::kUnknown;
    if (s.info) {
      p.accel_range_g = s.info->accel_range_g;
      p.gyro_range_dps = s.info->gyro_range_dps;
    }
    p.step_length_m = options_.step_length_m;
    p.ignore_gyroscope = options_.accel_only;
    s.pipeline = std::make_unique<signal::SessionPipeline>(p);
    s.result.stream_id = id;
    s.result.placement = s.pipeline->settings().placement;
    s.result.side = p.side;
    s.result.sample_rate_hz = s.pipeline->settings().sample_rate_hz;
    std::vector<signal::ImuSample> probe;
    probe.swap(s.probe);
    feed(s, probe);
  }

  void feed(Stream& s, std::span<const signal::ImuSample> samples) {
    for (const auto& x : samples)
      for (const auto& r : s.pipeline->update(x)) s.result.steps.push_back(r);
    if (!samples.empty()) newest_s_ = static_cast<double>(signal::to_us(samples.back().t_device)) * 1e-6;
  }

  const ReplayOptions& options_;
  OtherDeviceHandler on_other_device_;
  std::map<std::uint8_t, Stream> streams_;
  std::optional<double> newest_s_;
};


}  // namespace runload::apps
