#pragma once
/// A DecoderSink that watches the decoded streams: per-stream clock models (rate, drift, host
/// mapping), what each device announced, and whether the device said it stopped. It forwards
/// every batch to an optional downstream sink (the DSP pipeline, a recorder...).
#include <map>
#include <optional>

#include "runload/bridge/decoder.h"
#include "runload/bridge/stream_clock.h"

namespace runload::bridge {

class StreamMonitor final : public DecoderSink {
 public:
  struct Stream {
    StreamClock clock;
    std::uint64_t samples = 0;
    std::optional<signal::SensorInfo> info;
    bool ended = false;  ///< the device flagged its last frame
    std::optional<signal::ImuSample> last_sample;
  };

  /// `downstream` (optional) must outlive the monitor.
  explicit StreamMonitor(DecoderSink* downstream = nullptr) : downstream_(downstream) {}

  /// Host arrival time of the bytes being decoded now (live links); cleared for file replay.
  void set_arrival_time(std::optional<signal::HostTime> host_rx) noexcept { host_rx_ = host_rx; }

  void on_samples(const SampleBatch& batch) override;
  void on_sensor_info(std::uint8_t stream_id, const signal::SensorInfo& info) override;

  const std::map<std::uint8_t, Stream>& streams() const noexcept { return streams_; }
  /// True once every stream seen has flagged its last frame.
  bool all_ended() const noexcept;
  /// The estimate of the stream with the most samples (the one a single-sensor summary shows).
  StreamClockEstimate main_estimate() const noexcept;

 private:
  DecoderSink* downstream_;
  std::optional<signal::HostTime> host_rx_;
  std::map<std::uint8_t, Stream> streams_;
};

}  // namespace runload::bridge
