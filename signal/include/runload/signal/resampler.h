#pragma once
/// Streaming linear-interpolation resampler: irregular device timestamps in, a fixed-rate grid out,
/// for stages that need a constant dt. The grid starts at the first sample's `t_device`; output k is
/// at t0 + round(k · 1e6 / output_rate_hz) µs and carries `index_samples = k` (so a gap of k
/// grid slots shows as an index jump of k, as on the wire). Nothing is interpolated across a gap
/// longer than `max_gap_s`: the grid points inside it are skipped.
/// Accel, gyro and high-g channels are interpolated; `channels` is the AND of both neighbours.
/// Thread-safety: none; one instance per stream.
#include <cstddef>
#include <cstdint>
#include <span>

#include "runload/signal/imu_sample.h"

namespace runload::signal {

struct ResamplerSettings {
  float output_rate_hz = 1000.0f;
  /// Longer input gaps are not bridged, s.
  float max_gap_s = 0.1f;
};

struct ResamplerDiagnostics {
  std::uint64_t skipped_non_finite = 0;
  std::uint64_t skipped_out_of_order = 0;  ///< t_device not after the previous sample
  std::uint64_t gaps = 0;                  ///< input steps longer than max_gap_s
  std::uint64_t dropped_outputs = 0;       ///< outputs that did not fit the caller's span
};

class Resampler {
 public:
  explicit Resampler(const ResamplerSettings& settings) noexcept;

  /// False for invalid settings; update() then passes each input through unchanged.
  bool ok() const noexcept { return ok_; }
  const ResamplerSettings& settings() const noexcept { return settings_; }
  /// An `out` span this large never drops outputs.
  std::size_t max_outputs_per_update() const noexcept { return max_outputs_; }

  /// Feeds one input sample; writes the grid samples in (t_previous, t_device] to `out` and returns
  /// how many. Non-finite or out-of-order samples are skipped (0 outputs). Allocation-free.
  std::size_t update(const ImuSample& in, std::span<ImuSample> out) noexcept;
  /// Batch = loop over update(); returns the number of outputs written (stops when `out` is full).
  std::size_t process(std::span<const ImuSample> in, std::span<ImuSample> out) noexcept;
  void reset() noexcept;
  const ResamplerDiagnostics& diagnostics() const noexcept { return diagnostics_; }

 private:
  std::int64_t grid_time_us(std::int64_t k) const noexcept;

  ResamplerSettings settings_;
  bool ok_ = false;
  double period_us_ = 1000.0;
  std::int64_t max_gap_us_ = 0;
  std::size_t max_outputs_ = 1;
  bool started_ = false;
  std::int64_t t0_us_ = 0;
  std::int64_t next_k_ = 0;  // next grid index to emit
  ImuSample previous_{};
  ResamplerDiagnostics diagnostics_{};
};

}  // namespace runload::signal
