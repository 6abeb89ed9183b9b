#pragma once
/// The whole signal chain for one sensor, streaming: samples in, per-stance StepRecords out.
///
///   foot:  gyro bias at rest → GaitEventDetector → StepMetricsEstimator
///          └→ ZeroVelocityDetector → ZuptStrapdown (stride length, speed, distance)
///   shank: GaitEventDetector → StepMetricsEstimator; distance fallback = 2 × a calibrated step
///          length per stride (`step_length_m`), or a distance the user supplies to the summary.
///
/// Events arrive about one stride late (the detector reports a stance at the next mid-swing) and a
/// stance's stride time needs the next IC, so a record is emitted when the *next* stance is
/// reported. Samples are kept in a fixed history (`history_s`, sized in the constructor) so the
/// metrics can look back at the stance; memory does not grow with session length.
/// `update()` and `finish()` are noexcept and allocation-free (tests/signal/no_allocation_test.cpp);
/// deterministic. Thread-safety: none; one per sensor.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "runload/signal/gait_event_detector.h"
#include "runload/signal/gyro_bias_estimator.h"
#include "runload/signal/imu_sample.h"
#include "runload/signal/session_summary.h"
#include "runload/signal/step_metrics.h"
#include "runload/signal/zero_velocity_detector.h"
#include "runload/signal/zupt_strapdown.h"

namespace runload::signal {

struct SessionPipelineSettings {
  float sample_rate_hz = 1000.0f;
  Placement placement = Placement::kFoot;
  BodySide side = BodySide::kUnknown;
  /// Full-scale ranges for the clipping check (a sample is clipped at ≥ 95 % of the range); 0 =
  /// unknown, not checked.
  float accel_range_g = 0.0f;
  float gyro_range_dps = 0.0f;
  /// Shank distance fallback: a calibrated whole-body step length, m (stride = 2 steps).
  std::optional<float> step_length_m;
  /// Sample history kept for the metrics, s (≥ 2 × the longest stride + the detector's lag); the
  /// newest 7 s survive a compaction, so a longer history compacts (memmoves) less often.
  float history_s = 20.0f;
};

class SessionPipeline {
 public:
  /// Sizes every buffer; may allocate.
  explicit SessionPipeline(const SessionPipelineSettings& settings);

  /// One sample (sensor frame, SI). Returns the stances completed by it (usually none, at most
  /// a few); the span is valid until the next call. Non-finite samples are counted and skipped.
  std::span<const StepRecord> update(const ImuSample& sample) noexcept;
  /// End of stream: emits the stance still held back (without a stride time) and closes the
  /// last ZUPT stride.
  std::span<const StepRecord> finish() noexcept;
  /// Totals for the summary (distance, quality counters).
  SessionTotals totals() const noexcept;
  const SessionPipelineSettings& settings() const noexcept { return settings_; }

  /// Batch = a loop over update() + finish().
  static std::vector<StepRecord> run(std::span<const ImuSample> samples, const SessionPipelineSettings& settings,
                                     SessionTotals* totals = nullptr);

 private:
  void on_events(const GaitCycleEvents& events) noexcept;
  void emit(const GaitCycleEvents& stance, const GaitCycleEvents* next) noexcept;
  void compact_history() noexcept;
  void count_quality(const ImuSample& s) noexcept;
  double seconds(DeviceTime t) const noexcept;

  SessionPipelineSettings settings_;
  bool foot_;
  GyroBiasEstimator bias_;
  GaitEventDetector detector_;
  ZeroVelocityDetector zero_velocity_;
  ZuptStrapdown zupt_;
  StepMetricsSettings metrics_settings_;
  std::vector<ImuSample> history_;  // capacity fixed in the constructor; compacted in place
  std::size_t keep_samples_ = 0;
  std::optional<GaitCycleEvents> pending_;
  std::array<StrideResult, 16> zupt_strides_{};
  std::size_t zupt_count_ = 0;
  std::array<StepRecord, 32> out_{};  // finish() returns the detector's held-back tail (≤ 3 s of strides)
  std::size_t out_size_ = 0;
  double distance_m_ = 0.0;
  SessionQuality quality_;
  bool have_first_ = false;
  DeviceTime first_time_{};
  std::uint64_t last_index_ = 0;
  float accel_clip_mps2_ = 0.0f;
  float gyro_clip_radps_ = 0.0f;
};

/// Defaults used by the pipeline for the zero-velocity detector at a given rate (walking preset at
/// ≤ 200 Hz, running preset otherwise, windows scaled to the rate).
ZeroVelocityDetectorSettings pipeline_zero_velocity_settings(float sample_rate_hz) noexcept;

}  // namespace runload::signal
