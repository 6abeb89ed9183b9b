#pragma once
/// Streaming integer-factor decimation: an anti-alias low-pass on every channel, then every N-th
/// sample. Turns a recording at rate fs into what a sensor at fs / N would give, e.g. PyShoe's 200 Hz
/// running into 100 Hz (N = 2) or 50 Hz (N = 4) with the same reference.
///
/// Anti-alias filter: a 4th-order Butterworth low-pass (biquad.h) at `cutoff_fraction` × the output
/// rate, default 0.4 (= 0.8 × the new Nyquist, the corner scipy.signal.decimate uses). Why these: the
/// gait content the pipeline uses (strides, impacts as seen by a shoe IMU) lies well below 0.4 × 50 Hz
/// = 20 Hz, so the pass band keeps it; whatever would fold onto [0, 0.4 × fs_out] comes from
/// ≥ 0.6 × fs_out and is ≥ 14 dB down for the analogue prototype (more after the bilinear warp:
/// 200 → 100 Hz, a 70 Hz tone is at 0.019, −34 dB). A higher order would cut aliasing further but
/// delay the events more: the filter's low-frequency group delay is 2.613 / Ωc with the pre-warped
/// Ωc = 2 fs tan(π fc / fs): 200 → 100 Hz 9.0 ms, 200 → 50 Hz 20.1 ms, about one output sample
/// (group_delay_s()). The delay is not compensated: a real sensor's own low-pass delays its output too.
///
/// Kept samples: those whose input `index_samples` is a multiple of N. Output `index_samples` is the
/// input index / N (consecutive at the new rate; a lost kept sample shows as an index jump of 1, as on
/// the wire) and `t_device` is the kept input sample's own device time (so irregular clocks stay
/// irregular, spaced N input periods apart). Accel, gyro and high-g accel are filtered; `channels`
/// passes through.
/// Non-finite input never enters a filter's state (that axis holds, as in biquad.h); when it falls
/// on a kept sample, that output is dropped (counted), never invented.
/// Invalid settings give ok() == false and the identity (every input passed through unchanged);
/// N = 1 is valid and is the identity too.
/// Thread-safety: none; one instance per stream. Copying a Decimator copies its state.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "runload/signal/biquad.h"
#include "runload/signal/imu_sample.h"

namespace runload::signal {

struct DecimatorSettings {
  /// Input sample rate, Hz (nominal; the kept samples keep their own t_device).
  float input_rate_hz = 200.0f;
  /// Keep one sample in `factor`; ≥ 1.
  int factor = 2;
  /// Anti-alias cut-off as a fraction of the output rate; in (0, 0.5).
  float cutoff_fraction = 0.4f;
};

struct DecimatorDiagnostics {
  std::uint64_t inputs = 0;
  std::uint64_t outputs = 0;
  std::uint64_t non_finite_inputs = 0;   ///< inputs with a NaN/Inf component (held, not filtered)
  std::uint64_t dropped_non_finite = 0;  ///< kept slots not output because that input was non-finite
};

class Decimator {
 public:
  static constexpr int kFilterOrder = 4;

  explicit Decimator(const DecimatorSettings& settings) noexcept;

  /// False for invalid settings (then update() passes every input through unchanged).
  bool ok() const noexcept { return ok_; }
  const DecimatorSettings& settings() const noexcept { return settings_; }
  /// Nominal output rate, Hz (input rate / factor; the input rate when !ok()).
  float output_rate_hz() const noexcept;
  /// Cut-off of the anti-alias low-pass, Hz (0 when there is none: N = 1 or !ok()).
  float cutoff_hz() const noexcept;
  /// Low-frequency (DC) group delay of the anti-alias filter, s: how far the filtered signal lags
  /// the input for content well below the cut-off (0 when there is no filter).
  double group_delay_s() const noexcept;

  /// One input sample in; the decimated sample when this input is a kept one. O(1), no allocation.
  std::optional<ImuSample> update(const ImuSample& in) noexcept;
  /// Batch = loop over update(); returns the outputs written (stops when `out` is full).
  std::size_t process(std::span<const ImuSample> in, std::span<ImuSample> out) noexcept;
  /// Back to a new stage: the next input restarts the filters at its own values (no transient).
  void reset() noexcept;
  const DecimatorDiagnostics& diagnostics() const noexcept { return diagnostics_; }

 private:
  DecimatorSettings settings_;
  bool ok_ = false;
  bool filtering_ = false;  // ok and factor > 1
  bool started_ = false;
  ButterworthFilterVec3 accel_;
  ButterworthFilterVec3 gyro_;
  ButterworthFilterVec3 high_g_;
  DecimatorDiagnostics diagnostics_{};
};

}  // namespace runload::signal
