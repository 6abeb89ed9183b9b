#pragma once
/// Per-step records of a session and the session summary built from them (issue #3 item 4).
///
/// Steps vs strides (EVIDENCE §1.4): one sensor sees the stances of *its* leg. Each StepRecord is
/// one such stance; its stride (same-leg IC → IC) spans two whole-body steps. Whole-body counts and
/// cadence are therefore `steps = 2 × strides` and `cadence_steps_per_min = 120 / stride_time_s`
/// (symmetric-gait assumption, stated in `steps_basis`). With a left and a right sensor, step times
/// come from contralateral ICs instead (`BilateralSummary`).
///
/// Impact values are proxies (EVIDENCE §5.1), named after what they measure (peak axial specific
/// force, g), never "load". Pure maths: no IO, no clocks; allocates the result.
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "runload/signal/gait_simulator.h"
#include "runload/signal/sensor_placement.h"

namespace runload::signal {

/// One stance of the instrumented leg with its metrics. Missing values are nullopt.
struct StepRecord {
  std::optional<std::uint64_t> ic_index_samples;
  std::optional<std::uint64_t> tc_index_samples;
  /// IC time (or TC time for a push-off without IC), s since the first sample of the session.
  double time_s = 0.0;
  BodySide side = BodySide::kUnknown;
  std::optional<float> stride_time_s;
  std::optional<float> cadence_steps_per_min;  ///< 120 / stride time (one-sensor conversion)
  std::optional<float> contact_time_ms;
  std::optional<float> flight_time_ms;
  std::optional<float> duty_factor;
  std::optional<float> pta_g;  ///< peak axial specific force after IC, gravity included
  std::optional<float> peak_resultant_g;
  std::optional<float> braking_g;  ///< peak horizontal deceleration in early stance, gravity removed
  std::optional<float> loading_rate_g_per_s;
  std::optional<float> strike_angle_deg;  ///< foot only
  std::optional<FootStrikePattern> strike_pattern;
  std::optional<float> pronation_excursion_deg;  ///< foot only: IC → maximum eversion, needs the side
  std::optional<float> pronation_velocity_dps;
  std::optional<float> tibial_frontal_angle_deg;  ///< shank only; unvalidated (StepMetrics)
  /// Stride length and speed of the swing after this stance (foot: ZUPT; shank: 2 × step length).
  std::optional<float> stride_length_m;
  std::optional<float> speed_mps;
  /// Cumulative distance estimate at the end of this stride, m (0 when no distance source).
  double distance_m = 0.0;
  /// StepFlag bits (step_plausibility.h): implausible cadence / contact / speed, saturated impact.
  std::uint8_t flags = 0;
};

/// Per-sensor counters a pipeline accumulates for the quality block.
struct SessionQuality {
  float sample_rate_hz = 0.0f;
  std::uint64_t samples = 0;         ///< samples received (finite or not)
  std::uint64_t lost_samples = 0;    ///< index gaps (a gap of k = k lost samples)
  std::uint64_t nonfinite_samples = 0;
  float accel_range_g = 0.0f;        ///< 0 = unknown (clipping not checked)
  float gyro_range_dps = 0.0f;
  std::uint64_t accel_clipped_samples = 0;  ///< some axis ≥ 95 % of the range
  std::uint64_t gyro_clipped_samples = 0;
  std::uint64_t accel_flat_top_samples = 0;  ///< flat-topped (saturated) samples in the steps' impact windows
  std::uint64_t stance_samples = 0;         ///< foot: samples the ZUPT detector marked as stance
  std::uint32_t zupt_strides = 0;           ///< foot: strides closed by the ZUPT-INS
  std::uint32_t zupt_matched_strides = 0;   ///< foot: ZUPT strides attached to a detected stride
  std::uint32_t zupt_merged_strides = 0;    ///< foot: ZUPT strides spanning > 1 detected stride (not attached)
  double first_time_s = 0.0;                ///< device time of the first / last sample, s
  double last_time_s = 0.0;
};

enum class DistanceSource : std::uint8_t { kNone = 0, kZupt = 1, kStepLength = 2, kUser = 3 };
std::string_view to_string(DistanceSource s) noexcept;

/// How the gait events were found: the gyroscope's sagittal rate (GaitEventDetector), or the
/// accelerometer's impacts alone when the stream has no usable gyroscope (AccelImpactDetector:
/// IC, cadence and PTA; no toe-off).
enum class EventMethod : std::uint8_t { kGyroscope = 0, kAccelImpact = 1 };
/// "gyro_sagittal_rate", "accel_impact".
std::string_view to_string(EventMethod m) noexcept;

/// Per-sensor totals at the end of a session (what the summary needs beyond the step records).
struct SessionTotals {
  Placement placement = Placement::kUnknown;
  EventMethod event_method = EventMethod::kGyroscope;
  BodySide side = BodySide::kUnknown;
  SessionQuality quality;
  DistanceSource distance_source = DistanceSource::kNone;
  /// Total distance from the source above, m (foot: ZUPT cumulative; includes unmatched strides).
  std::optional<double> distance_m;
};

struct SessionSummarySettings {
  /// A distance the user supplies (e.g. a measured course), m: overrides every estimate; per-step
  /// distances are scaled to it.
  std::optional<double> user_distance_m;
  /// Below this the impact metrics are flagged (EVIDENCE §1.5: research systems use ≥ 1 kHz).
  float min_impact_rate_hz = 500.0f;
  /// Clipped-sample fraction above which a metric is flagged.
  float max_clipped_fraction = 0.001f;
  /// Drift compares the first and the last `drift_fraction` of the moving steps (by time).
  float drift_fraction = 0.2f;
  float split_length_m = 1000.0f;
};

/// One kilometre (or the last partial one).
struct DistanceSplit {
  int number = 0;  ///< 1-based
  double distance_m = 0.0;
  double duration_s = 0.0;
  double pace_s_per_km = 0.0;
  std::optional<float> cadence_steps_per_min;
  std::optional<float> contact_time_ms;
  std::optional<float> pta_g;
};

/// kUnvalidated: computed, but the method has no reference on real data yet (e.g. the shank frontal
/// tibial angle, issue 10); reported for research, never "ok", and no default risk rule uses it.
enum class MetricStatus : std::uint8_t { kOk = 0, kDegraded = 1, kUnavailable = 2, kUnvalidated = 3 };
std::string_view to_string(MetricStatus s) noexcept;

struct MetricQuality {
  MetricStatus status = MetricStatus::kUnavailable;
  /// Short machine-readable reasons, e.g. "clipping", "sample_rate_below_500hz", "lost_samples".
  std::vector<std::string_view> reasons;
};

struct SummaryQuality {
  float sample_rate_hz = 0.0f;
  std::uint64_t samples = 0;
  std::uint64_t lost_samples = 0;
  double lost_fraction = 0.0;
  std::uint64_t nonfinite_samples = 0;
  std::optional<double> accel_clipped_fraction;  ///< nullopt = range unknown
  std::optional<double> gyro_clipped_fraction;
  /// Flat-topped (saturated) accelerometer samples found in the steps' impact windows (per sample
  /// of the session), and the steps whose impact window holds one.
  double accel_flat_top_fraction = 0.0;
  std::uint64_t saturated_steps = 0;
  /// Strides failing a plausibility check (step_plausibility.h), per metric.
  std::uint64_t implausible_cadence_strides = 0;
  std::uint64_t implausible_contact_strides = 0;
  std::uint64_t implausible_speed_strides = 0;
  bool impact_rate_ok = false;                   ///< sample rate ≥ 500 Hz
  /// Foot: share of detected strides that got a ZUPT stride (0..1); nullopt for the shank.
  std::optional<double> zupt_confidence;
  MetricQuality cadence, contact_time, impact, distance, technique;
  /// Shank frontal tibial angle: "unvalidated" whenever it has a value (StepMetrics).
  MetricQuality tibial_frontal_angle;
};

/// Left/right combination (two sensors): step times from contralateral ICs, symmetry indices
/// SI = (L − R) / (0.5·(L + R)) × 100 (EVIDENCE §1.7; reported, not judged: §5.4).
struct BilateralSummary {
  std::uint64_t steps = 0;  ///< alternating L/R IC pairs found
  std::optional<float> step_time_ms_mean;
  std::optional<float> cadence_steps_per_min;  ///< 60 / mean contralateral step time
  std::optional<float> step_time_symmetry_pct;  ///< L→R vs R→L step times
  std::optional<float> contact_time_symmetry_pct;
  std::optional<float> pta_symmetry_pct;
};

struct SessionSummary {
  Placement placement = Placement::kUnknown;
  EventMethod event_method = EventMethod::kGyroscope;
  double duration_s = 0.0;
  /// Time in gait: Σ stride times of valid strides, s.
  double moving_time_s = 0.0;
  std::optional<double> distance_m;
  DistanceSource distance_source = DistanceSource::kNone;
  std::uint64_t strides = 0;  ///< stances with an IC seen by the sensor
  std::uint64_t steps = 0;    ///< whole-body steps = 2 × strides (one sensor) or Σ of both sides
  std::string_view steps_basis = "one_sensor_x2";
  std::optional<float> cadence_steps_per_min;  ///< mean of per-stride values
  std::optional<float> cadence_strides_per_min;
  std::optional<float> cadence_cv_pct;         ///< std / mean × 100
  std::optional<float> contact_time_ms;
  std::optional<float> flight_time_ms;
  std::optional<float> duty_factor;
  std::optional<float> pta_g_mean;
  std::optional<float> pta_g_p95;  ///< nearest-rank 95th percentile
  std::optional<float> cumulative_pta_g;  ///< Σ per-stance PTA of the instrumented leg(s)
  std::optional<float> braking_g;
  std::optional<float> loading_rate_g_per_s;
  std::optional<float> peak_resultant_g;
  std::optional<float> strike_angle_deg;
  std::optional<float> rearfoot_fraction;
  std::optional<float> pronation_excursion_deg;
  std::optional<float> pronation_velocity_dps;
  std::optional<float> tibial_frontal_angle_deg;  ///< unvalidated: see quality.tibial_frontal_angle
  std::optional<float> stride_length_m;
  std::optional<float> speed_mps;
  /// Stride-to-stride variability: mean |successive difference| / mean × 100 (robust to the slow
  /// trend of speed changes, unlike the CV).
  std::optional<float> stride_time_variability_pct;
  std::optional<float> contact_time_variability_pct;
  /// Surface-unevenness index (a proxy; see session_summary.cpp): foot = RMS successive difference
  /// of the strike angle and the pronation excursion, deg; shank = RMS successive difference of
  /// PTA relative to its mean, %. Flat, even ground keeps it small; trails and cambers raise it.
  std::optional<float> surface_unevenness_index;
  std::string_view surface_unevenness_basis = "";
  /// Within-run drift, last 20 % vs first 20 % of the moving strides by time:
  /// cadence drop = (first − last) / first × 100; impact rise = (last − first) / first × 100.
  std::optional<float> cadence_drop_pct;
  std::optional<float> pta_rise_pct;
  std::optional<float> contact_time_rise_pct;
  std::vector<DistanceSplit> splits;
  SummaryQuality quality;
  std::optional<BilateralSummary> bilateral;
};

/// The summary of one sensor's session. `steps` must be in time order.
SessionSummary summarise_session(std::span<const StepRecord> steps, const SessionTotals& totals,
                                 const SessionSummarySettings& settings = {});

/// Two sensors on opposite legs (foot or shank): merges the stances, combines step times and
/// symmetry. Summary fields are pooled over both legs; distance and duration from the longer one.
SessionSummary summarise_bilateral(std::span<const StepRecord> left, const SessionTotals& left_totals,
                                   std::span<const StepRecord> right, const SessionTotals& right_totals,
                                   const SessionSummarySettings& settings = {});

/// Truth of a simulated session in the same shape, for `runload sim --truth` and accuracy tests:
/// strides with an IC count, distance = Σ stride lengths, moving time = Σ stride times.
SessionSummary summarise_truth(std::span<const GaitStrideTruth> truth, Placement placement, double duration_s);

}  // namespace runload::signal
