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
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "runload/signal/gait_event_detector.h"
#include "runload/signal/gait_simulator.h"
#include "runload/signal/imu_sample.h"

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
  std::optional<float> braking_g;               ///< peak deceleration along anterior in early stance (≥ 0)
  std::optional<float> loading_rate_g_per_s;    ///< (PTA − axial at IC) / time to PTA
  std::optional<float> cumulative_shock_g;      ///< Σ PTA of this and all earlier steps in the batch
  // --- Foot only.
  std::optional<float> strike_angle_deg;  ///< pitch at IC relative to mid-stance, + = toe up (rearfoot)
  std::optional<FootStrikePattern> strike_pattern;
  std::optional<float> pronation_excursion_deg;  ///< max |roll| from IC within stance
  std::optional<float> pronation_velocity_dps;   ///< max |roll rate| in the first half of stance
  // --- Shank only.
  std::optional<float> tibial_frontal_angle_deg;  ///< asin(f·m/|f|) at mid-stance (sign along m)
};

struct StepMetricsSettings {
  float sample_rate_hz = 1000.0f;
  Placement placement = Placement::kFoot;
  float impact_window_ms = 60.0f;
  /// Early-stance braking window as a fraction of GCT.
  float braking_fraction_of_contact = 0.3f;
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
