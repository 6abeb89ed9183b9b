#pragma once
/// Decoder for the x-IMU3 GUI / API data logger's `Inertial.csv` (x-IMU3-CSV format):
///   Timestamp (us),Gyroscope X (deg/s),Gyroscope Y (deg/s),Gyroscope Z (deg/s),
///   Accelerometer X (g),Accelerometer Y (g),Accelerometer Z (g)
///   <u64 µs>,<f>,<f>,<f>,<f>,<f>,<f>
/// fed as bytes in arbitrary chunks like any other stream. Each row is one frame and one sample;
/// indices, gaps and the plausibility checks are the live x-IMU3 decoder's (Ximu3InertialStream). A header
/// line (any line not starting with a digit) is skipped; the expected Inertial header is not
/// counted, any other header counts as `unknown`. Bad rows count as `malformed` + `resyncs`,
/// rows over 4096 bytes as `oversize`. Never throws, no allocation per row. Not thread-safe.
#include <optional>
#include <string_view>

#include "runload/bridge/decoder.h"
#include "runload/bridge/line_framer.h"
#include "runload/bridge/ximu3_inertial_stream.h"

namespace runload::bridge {

/// The first line of an x-IMU3 `Inertial.csv` log.
inline constexpr std::string_view kXimu3InertialCsvHeader =
    "Timestamp (us),Gyroscope X (deg/s),Gyroscope Y (deg/s),Gyroscope Z (deg/s),"
    "Accelerometer X (g),Accelerometer Y (g),Accelerometer Z (g)";

class Ximu3CsvDecoder final : public Decoder {
 public:
  /// `sink` must outlive the decoder.
  explicit Ximu3CsvDecoder(DecoderSink& sink) noexcept;

  void push(std::span<const std::uint8_t> bytes) noexcept override;
  void on_link_break() noexcept override;
  const DecoderStats& stats() const noexcept override { return stats_; }
  std::string_view protocol() const noexcept override { return "ximu3-csv"; }

  /// Median row period from the timestamps, µs; nullopt before two rows.
  std::optional<std::int64_t> period_estimate_us() const noexcept { return inertial_.period_estimate_us(); }

 private:
  void on_line(std::span<const std::uint8_t> line) noexcept;

  DecoderSink& sink_;
  DecoderStats stats_;
  LineFramer framer_;
  Ximu3InertialStream inertial_;
};

}  // namespace runload::bridge
