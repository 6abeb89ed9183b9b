#pragma once
/// Plausibility checks that can fail, per stride, so that a metric's quality is "ok" only when its
/// values are physically possible for the gait they were measured in (issue 10 item 5):
///
/// - cadence: 60–250 steps/min (slow walking … sprinting);
/// - contact time: 15–80 % of the stride (duty factor; EVIDENCE §8: running ≈ 0.25–0.40, slow
///   running with tight turns up to 0.54, walking > 0.5 with double support, ≈ 0.6–0.7);
/// - speed: walking strides (cadence < 133 steps/min — walking ≈ 100–125, vigorous walking ≥ 130,
///   Tudor-Locke 2011) 0.3–2.2 m/s, and stride length ≤ 2.2 m; running strides 0.3–12 m/s and
///   ≤ 5.5 m (sprint strides reach ≈ 5 m);
/// - saturation when the sensor's range is unknown: three or more consecutive samples at exactly
///   the same value beyond 4 g on one axis (a flat top: no real impact repeats a float sample).
/// Pure functions, no allocation.
#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "runload/signal/imu_sample.h"
#include "runload/signal/session_summary.h"

namespace runload::signal {

/// Why a stride's values are implausible (bit mask, StepRecord::flags).
enum StepFlag : std::uint8_t {
  kStepCadenceImplausible = 1u << 0,
  kStepContactImplausible = 1u << 1,
  kStepSpeedImplausible = 1u << 2,
  kStepAccelSaturated = 1u << 3,
};

/// "cadence_implausible", "gct_implausible", "speed_implausible", "accel_saturated".
std::string_view to_string(StepFlag f) noexcept;
inline constexpr StepFlag kAllStepFlags[] = {kStepCadenceImplausible, kStepContactImplausible, kStepSpeedImplausible,
                                             kStepAccelSaturated};

/// The cadence (steps/min) below which a stride is taken as walking.
inline constexpr float kWalkingCadenceLimit_steps_per_min = 133.0f;

/// Flags of one stride from its own values (cadence, contact, speed and length).
std::uint8_t check_stride_plausibility(const StepRecord& r) noexcept;

/// Streaming flat-top (saturation) detection over an accelerometer stream.
class FlatTopDetector {
 public:
  /// One sample; returns how many samples this one shows to be flat-topped: 3 when a run of
  /// identical values beyond 4 g reaches three samples on some axis, 1 for each further sample of
  /// the run, else 0.
  int update(const Vec3f& accel_sensor_mps2) noexcept;

 private:
  Vec3f previous_ = Vec3f::Zero();
  std::array<int, 3> run_{};  // identical values beyond 4 g in a row, per axis
};

/// Flat-topped samples in `samples` (e.g. the impact window of one step, where saturation happens).
std::uint64_t count_flat_top(std::span<const ImuSample> samples) noexcept;

}  // namespace runload::signal
