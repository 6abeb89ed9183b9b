#include "runload/signal/step_plausibility.h"

#include <algorithm>
#include <cmath>

namespace runload::signal {
namespace {
constexpr float kFlatTopLevel_mps2 = 4.0f * kStandardGravity_mps2;
constexpr int kFlatTopRun = 3;
}  // namespace

std::string_view to_string(StepFlag f) noexcept {
  switch (f) {
    case kStepCadenceImplausible: return "cadence_implausible";
    case kStepContactImplausible: return "gct_implausible";
    case kStepSpeedImplausible: return "speed_implausible";
    case kStepAccelSaturated: return "accel_saturated";
  }
  return "unknown";
}

std::uint8_t check_stride_plausibility(const StepRecord& r) noexcept {
  std::uint8_t flags = 0;
  if (r.cadence_steps_per_min && (*r.cadence_steps_per_min < 60.0f || *r.cadence_steps_per_min > 250.0f))
    flags |= kStepCadenceImplausible;
  if (r.duty_factor && (*r.duty_factor < 0.15f || *r.duty_factor > 0.80f)) flags |= kStepContactImplausible;
  if (r.speed_mps || r.stride_length_m) {
    const bool walking = r.cadence_steps_per_min && *r.cadence_steps_per_min < kWalkingCadenceLimit_steps_per_min;
    const float max_speed_mps = walking ? 2.2f : 12.0f;
    const float max_length_m = walking ? 2.2f : 5.5f;
    if (r.speed_mps && (*r.speed_mps < 0.3f || *r.speed_mps > max_speed_mps)) flags |= kStepSpeedImplausible;
    if (r.stride_length_m && *r.stride_length_m > max_length_m) flags |= kStepSpeedImplausible;
  }
  return flags;
}

int FlatTopDetector::update(const Vec3f& accel_sensor_mps2) noexcept {
  int newly_flat = 0;
  for (std::size_t axis = 0; axis < 3; ++axis) {
    const float v = accel_sensor_mps2[static_cast<Eigen::Index>(axis)];
    const bool extreme = std::fabs(v) > kFlatTopLevel_mps2;
    run_[axis] = !extreme ? 0 : (v == previous_[static_cast<Eigen::Index>(axis)] ? run_[axis] + 1 : 1);
    if (run_[axis] >= kFlatTopRun) newly_flat = std::max(newly_flat, run_[axis] == kFlatTopRun ? kFlatTopRun : 1);
  }
  previous_ = accel_sensor_mps2;
  return newly_flat;
}

std::uint64_t count_flat_top(std::span<const ImuSample> samples) noexcept {
  FlatTopDetector d;
  std::uint64_t n = 0;
  for (const ImuSample& s : samples) n += static_cast<std::uint64_t>(d.update(s.accel_sensor_mps2));
  return n;
}

}  // namespace runload::signal
