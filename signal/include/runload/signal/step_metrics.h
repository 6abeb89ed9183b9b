#pragma once
/// Per-step metrics from detected gait events and the samples around them (EVIDENCE §1.4–1.7).
/// One entry per detected stance (GaitCycleEvents) of the instrumented leg.
///
/// Steps vs strides: a one-foot (or one-shank) sensor sees *strides* (same-foot IC → IC).
/// `cadence_strides_per_min` = 60 / stride time is what it measures; `cadence_steps_per_min` =
/// 2 × that assumes a symmetric gait (step time = stride / 2), as does `flight_time_ms`
/// (= stride/2 − contact). With two sensors, compute steps from contralateral ICs instead.
///
/// Axes come from the event (detected pitch axis m, mid-swing positive = toe-up/tibia forward;
/// up axis u = gravity at rest); anterior a = u × m. Impact values are proxies (EVIDENCE §5.1).
///
/// Stance orientation (braking): the sensor's attitude over the stance is carried from IC by
/// integrating the gyro (a strapdown over ≤ 0.3 s: a 1 °/s residual bias tilts it by < 0.3°), and
/// gravity's direction is the mean specific force over 20 ms around a reference instant expressed
/// in that frame: the foot's mid-stance (flat, at rest); for the shank, which never rests, the
/// middle of contact, where the horizontal ground force of steady running turns from braking to
/// propulsion, so the body's acceleration there is vertical. The direction of travel is the
/// horizontal axis normal to the pitch axis at that instant (up × m).
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "runload/signal/gait_event_detector.h"
#include "runload/signal/gait_simulator.h"
#include "runload/signal/imu_sample.h"
#include "runload/signal/sensor_placement.h"

namespace runload::signal {

struct StepMetrics {
  std::optional<std::uint64_t> ic_index_samples;
  std::optional<std::uint64_t> tc_index_samples;
  // --- Temporal (need IC, and the next IC of the same leg for stride-based values).
  std::optional<float> stride_time_s;
  std::optional<float> step_time_s;  ///< stride / 2 (symmetric-gait assumption)
  std::optional<float> cadence_steps_per_min;
  std::optional<float> cadence_strides_per_min;
  std::optional<float> contact_time_ms;  ///< GCT = TC − IC
  std::optional<float> flight_time_ms;   ///< step time − GCT (negative = double support, walking)
  std::optional<float> duty_factor;      ///< GCT / stride time
  // --- Impact (window after IC).
  std::optional<float> pta_axial_g;             ///< peak axial specific force, gravity included
  std::optional<float> peak_resultant_g;        ///< peak |specific force|
  /// Peak horizontal deceleration along the direction of travel in early stance, g (≥ 0), with
  /// gravity removed using the stance orientation (not the sensor-frame anterior axis, which sees
  /// g·sin(pitch) of gravity). Needs IC, TC (and the foot's mid-stance), and a specific force at
  /// the reference instant within 60° of the standing up axis (else it is not gravity: nullopt).
  std::optional<float> braking_g;
  std::optional<float> loading_rate_g_per_s;    ///< 20–80 % slope of the axial rise to PTA, g/s
  std::optional<float> cumulative_shock_g;      ///< Σ PTA of this and all earlier steps in the batch
  // --- Foot only.
  std::optional<float> strike_angle_deg;  ///< pitch at IC relative to mid-stance, + = toe up (rearfoot)
  std::optional<FootStrikePattern> strike_pattern;
  /// Eversion from IC to maximum eversion before heel rise, deg (≥ 0; 0 when the foot only
  /// inverted): rotation about the anterior (foot long) axis integrated from IC, signed by side
  /// (docs/frames.md). Heel rise = the start of the push-off rotation (the last instant before TC,
  /// after mid-stance, at which the foot was not pitching toe-down), so push-off inversion is never
  /// counted. nullopt when the side is unknown (never guessed).
  std::optional<float> pronation_excursion_deg;
  /// Peak eversion rate between IC and maximum eversion, deg/s (≥ 0); nullopt like the excursion.
  std::optional<float> pronation_velocity_dps;
  // --- Shank only.
  /// UNVALIDATED (issue 10): asin(f·m/|f|) at mid-stance (sign along m). It read −9.7° for a
  /// configured 4° tilt in simulation and has no real-shank reference yet; kept for researchers,
  /// labelled "unvalidated" in the summary quality, and no default risk rule uses it.
  std::optional<float> tibial_frontal_angle_deg;
};

struct StepMetricsSettings {
  float sample_rate_hz = 1000.0f;
  Placement placement = Placement::kFoot;
  /// Which leg: signs eversion (docs/frames.md). Unknown → no pronation.
  BodySide side = BodySide::kUnknown;
  float impact_window_ms = 60.0f;
  /// How far before the PTA the loading rate looks for the start of the rise, ms (a running impact
  /// rises in 10–30 ms; the rise may start before IC).
  float loading_rise_ms = 40.0f;
  /// Early-stance braking window as a fraction of GCT.
  float braking_fraction_of_contact = 0.3f;
  /// Width of the window around mid-stance whose mean specific force gives gravity's direction, ms.
  float gravity_window_ms = 20.0f;
  /// Same-leg IC gaps longer than this are pauses, not strides, s.
  float max_stride_s = 2.5f;
};

class StepMetricsEstimator {
 public:
  /// REQUIRES: `samples` sorted by index_samples (gaps allowed); events from a detector run over
  /// the same samples. Allocates the result.
  static std::vector<StepMetrics> estimate(std::span<const ImuSample> samples, std::span<const GaitCycleEvents> events,
                                           const StepMetricsSettings& settings);
  /// The same into caller storage, without allocating (the streaming pipeline's form): metrics of
  /// the first min(events, out) events; returns how many were written.
  static std::size_t estimate(std::span<const ImuSample> samples, std::span<const GaitCycleEvents> events,
                              const StepMetricsSettings& settings, std::span<StepMetrics> out) noexcept;
};

}  // namespace runload::signal
