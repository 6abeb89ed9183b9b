#pragma once
/// The whole signal chain for one sensor, streaming: samples in, per-stance StepRecords out.
///
///   foot:  gyro bias at rest → GaitEventDetector → StepMetricsEstimator
///          └→ ZeroVelocityDetector (SHOE statistic T per sample, at the window centre)
///             → stance = T below a "standing still" floor, or inside the stance valley of a
///               detected stance (find_stance_valley: one zero-velocity interval per stance,
///               anchored on the detector's mid-swings, so it adapts to walking and running at
///               any rate) → ZuptStrapdown (stride length, speed, distance)
///   shank: GaitEventDetector → StepMetricsEstimator; distance fallback = 2 × a calibrated step
///          length per stride (`step_length_m`), or a distance the user supplies to the summary.
///   no gyroscope (GyroPresence, decided in the first second; absent channel or constant values):
///          AccelImpactDetector → StepMetricsEstimator, either placement: IC, cadence and PTA only
///          (no toe-off, no gyro-derived technique, no ZUPT), `SessionTotals::event_method`.
///
/// Events arrive about one stride late (the detector reports a stance at the next mid-swing) and a
/// stance's stride time needs the next IC, so a record is emitted when the *next* stance is
/// reported. The strapdown runs behind the detector, over samples whose stance status is settled
/// (GaitEventDetector::settled_index_samples), with each zero-velocity decision applied to the
/// sample it describes. Each ZUPT stride is attached to at most one detected stride; one that spans
/// more than one detected stride (a missed foot-flat) is counted as merged and attached to none.
/// Samples are kept in a fixed history (`history_s`, sized in the constructor) so the metrics can
/// look back at the stance; memory does not grow with session length.
/// `update()` and `finish()` are noexcept and allocation-free (tests/signal/no_allocation_test.cpp);
/// deterministic. Thread-safety: none; one per sensor.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "runload/signal/accel_impact_detector.h"
#include "runload/signal/gait_event_detector.h"
#include "runload/signal/gyro_bias_estimator.h"
#include "runload/signal/gyro_presence.h"
#include "runload/signal/imu_sample.h"
#include "runload/signal/session_summary.h"
#include "runload/signal/stance_valley.h"
#include "runload/signal/step_metrics.h"
#include "runload/signal/step_plausibility.h"
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
  /// Sample history kept for the metrics and the lagging strapdown, s (at least 16 s); the newest
  /// 12 s survive a compaction, so a longer history compacts (memmoves) less often.
  float history_s = 30.0f;
  /// Treat the stream as accelerometer-only whatever it carries (research: what an accelerometer
  /// alone gives on this recording); otherwise decided from the data (GyroPresence).
  bool ignore_gyroscope = false;
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
  void decide_event_method(bool gyro_present) noexcept;
  /// Inlined into update() (the shank with a gyroscope has its own shorter path there).
  [[gnu::always_inline]] inline void feed_detector(const ImuSample& s) noexcept;
  /// The foot's sample, stored in the history: gyro bias removed in place, SHOE statistic recorded.
  void prepare_foot_sample(ImuSample& s) noexcept;
  bool zupt_on() const noexcept { return foot_ && !accel_only_; }
  void on_events(const GaitCycleEvents& events) noexcept;
  void emit(const GaitCycleEvents& stance, const GaitCycleEvents* next) noexcept;
  void attach_zupt_stride(const GaitCycleEvents& stance, StepRecord& r) noexcept;
  void register_stance_valley(const GaitCycleEvents& events) noexcept;
  void advance_strapdown(std::uint64_t horizon_index) noexcept;
  void feed_strapdown() noexcept;
  bool in_stance_valley(std::uint64_t index) noexcept;
  std::size_t position(std::uint64_t index) const noexcept;
  void compact_history() noexcept;
  [[gnu::always_inline]] inline void count_quality(const ImuSample& s) noexcept;
  void count_clipping(const ImuSample& s) noexcept;
  double seconds(DeviceTime t) const noexcept;

  SessionPipelineSettings settings_;
  bool foot_;
  GyroBiasEstimator bias_;
  GaitEventDetector detector_;
  GyroPresence gyro_presence_;
  AccelImpactDetector accel_detector_;
  bool method_decided_ = false;
  bool accel_only_ = false;
  bool shank_gyro_ = false;  // method decided, shank with a gyroscope: update()'s common path
  ZeroVelocityDetector zero_velocity_;
  StanceValleySettings valley_settings_;
  ZuptStrapdown zupt_;
  StepMetricsSettings metrics_settings_;
  std::vector<ImuSample> history_;  // capacity fixed in the constructor; compacted in place
  std::vector<float> statistic_;    // SHOE statistic of history_[i] (NaN until its window is full)
  std::size_t keep_samples_ = 0;
  std::uint64_t force_lag_samples_ = 0;  // the strapdown never lags the input by more than this
  std::uint64_t impact_window_samples_ = 0;
  std::size_t strapdown_position_ = 0;   // next history_ position the strapdown has not seen
  std::array<std::pair<std::uint64_t, std::uint64_t>, 32> valleys_{};  // [begin, end) device indices
  std::size_t valley_first_ = 0, valley_count_ = 0;
  std::optional<GaitCycleEvents> pending_;
  std::array<StrideResult, 16> zupt_strides_{};
  std::size_t zupt_count_ = 0;
  std::size_t zupt_used_ = 0;  // ZUPT strides before this one are attached or passed over
  std::array<StepRecord, 32> out_{};  // finish() returns the detector's held-back tail (≤ 3 s of strides)
  std::size_t out_size_ = 0;
  double distance_m_ = 0.0;
  SessionQuality quality_;
  bool have_first_ = false;
  DeviceTime first_time_{};
  DeviceTime last_time_{};
  std::uint64_t last_index_ = 0;
  float accel_clip_mps2_ = 0.0f;
  float gyro_clip_radps_ = 0.0f;
  bool check_clipping_ = false;  // a full-scale range is known
};

/// The pipeline's SHOE statistic at a given rate: a 30 ms window (at least 3 samples) and the
/// "standing still" floor γ = 3e4 (OpenShoe's walking threshold, |ω| ≲ 17 deg/s). Moving stances
/// are found per stance by find_stance_valley, whatever the activity and the rate.
ZeroVelocityDetectorSettings pipeline_zero_velocity_settings(float sample_rate_hz) noexcept;

}  // namespace runload::signal
