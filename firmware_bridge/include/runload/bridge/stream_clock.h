#pragma once
/// Per-stream clock model (PROTOCOLS §6.4): the true sample period from device timestamps, the
/// device clock's drift against the nominal rate, and the device -> host time mapping.
///
/// - True period: least-squares slope of device time against the running sample index.
/// - Drift: (true period / nominal period − 1) · 10⁶ ppm. The nominal period is the device's
///   configured one when the protocol sends it, else the standard rate within 2 % of the estimate.
/// - Host mapping: link delays only add, so per 1 s window of device time keep the minimum of
///   (host arrival − device time) — the lower envelope — and fit a line through the last 64 minima.
#include <array>
#include <cstdint>
#include <optional>

#include "runload/signal/time.h"

namespace runload::bridge {

struct StreamClockEstimate {
  std::optional<double> period_us;          ///< fitted true sample period
  std::optional<double> rate_hz;            ///< 1e6 / period_us
  std::optional<double> nominal_rate_hz;    ///< configured or snapped standard rate
  std::optional<double> drift_ppm;          ///< true period vs nominal
  std::optional<double> host_skew_ppm;      ///< device clock vs host clock (needs >= 2 windows)
};

class StreamClock {
 public:
  /// One observation: sample `index_samples` was taken at `t_device`. `nominal_period_ns` is the
  /// protocol's configured period (0 = unknown). `host_rx` is when its bytes arrived (live only).
  void add(std::uint64_t index_samples, signal::DeviceTime t_device, std::uint32_t nominal_period_ns,
           std::optional<signal::HostTime> host_rx = std::nullopt) noexcept;
  StreamClockEstimate estimate() const noexcept;
  /// Maps a device time to host time with the current envelope fit; nullopt before any live data.
  std::optional<signal::HostTime> to_host(signal::DeviceTime t_device) const noexcept;

 private:
  struct EnvelopePoint {
    double t_device_us;
    double offset_us;
  };
  void close_window() noexcept;
  /// Line fit through the envelope: offset_us ≈ a + b · t_device_us.
  bool envelope_fit(double& a, double& b) const noexcept;

  // Least-squares sums relative to the first observation (keeps doubles precise for hours).
  bool have_origin_ = false;
  std::uint64_t index0_ = 0;
  signal::DeviceTime t0_{};
  double n_ = 0, sx_ = 0, sy_ = 0, sxx_ = 0, sxy_ = 0;
  std::uint32_t nominal_period_ns_ = 0;

  static constexpr std::int64_t kWindowUs = 1'000'000;
  static constexpr std::size_t kEnvelopePoints = 64;
  std::array<EnvelopePoint, kEnvelopePoints> envelope_{};
  std::size_t envelope_size_ = 0;
  std::size_t envelope_next_ = 0;
  bool window_open_ = false;
  signal::DeviceTime window_start_{};
  double window_min_offset_us_ = 0;
  double window_min_t_us_ = 0;
};

/// The standard output data rate within 2 % of `rate_hz` (1…6400 Hz family), or nullopt.
std::optional<double> snap_to_standard_rate(double rate_hz) noexcept;

}  // namespace runload::bridge
