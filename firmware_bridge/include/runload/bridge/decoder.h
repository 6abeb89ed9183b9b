#pragma once
/// One decoder interface for every wire protocol (runload COBS frames, x-IMU3, Xsens Xbus).
///
/// A decoder is an incremental state machine: feed it arbitrary byte chunks (one byte, a 20-byte
/// BLE notification, a 64 KiB file block); it emits decoded samples to a sink as frames complete.
/// It never throws on input and never allocates per frame; corruption is counted in stats().
/// Not thread-safe: one decoder per link, used from one thread.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "runload/bridge/decoder_stats.h"
#include "runload/signal/imu_sample.h"
#include "runload/signal/sensor_placement.h"

namespace runload::bridge {

/// A run of consecutive samples from one stream, as decoded from one frame.
struct SampleBatch {
  /// Protocol stream id (runload: 0 left shoe, 1 right shoe, 2 shank...; others: 0).
  std::uint8_t stream_id = 0;
  /// The device's configured sample period in ns, 0 when the protocol does not say.
  std::uint32_t nominal_period_ns = 0;
  /// Wire flags (runload: bit0 overflow, bit1 clipped, bit2 synced, bit3 last frame before stop).
  std::uint8_t flags = 0;
  /// Samples in the sensor frame, SI units; valid only during the callback.
  std::span<const signal::ImuSample> samples;
};

/// Receives decoded data. Called synchronously from Decoder::push.
class DecoderSink {
 public:
  virtual ~DecoderSink() = default;
  virtual void on_samples(const SampleBatch& batch) = 0;
  /// A device described itself (runload DEVICE_INFO). Default: ignore.
  virtual void on_sensor_info(std::uint8_t /*stream_id*/, const signal::SensorInfo& /*info*/) {}
};

class Decoder {
 public:
  virtual ~Decoder() = default;
  /// Feeds bytes in arrival order. Never throws on any input.
  virtual void push(std::span<const std::uint8_t> bytes) noexcept = 0;
  /// The link broke (unplug, reconnect): a partial frame in the buffer is dropped and counted;
  /// frame/sample counters keep their state so loss across the break is still counted exactly.
  virtual void on_link_break() noexcept = 0;
  virtual const DecoderStats& stats() const noexcept = 0;
  /// "runload", "ximu3", "ximu3-csv" or "xsens".
  virtual std::string_view protocol() const noexcept = 0;
};

enum class Protocol { kRunload, kXimu3, kXimu3Csv, kXsens };

std::string_view to_string(Protocol p) noexcept;
/// Parses "runload", "ximu3", "ximu3-csv", "xsens"; nullopt otherwise.
std::optional<Protocol> protocol_from_string(std::string_view s) noexcept;

/// Makes the decoder for a protocol. `sink` must outlive the decoder.
std::unique_ptr<Decoder> make_decoder(Protocol protocol, DecoderSink& sink);

}  // namespace runload::bridge
