#pragma once
/// Named gait schedules shared by `runload sim --schedule` and `runload eval --simulated`.
#include <optional>
#include <string>
#include <vector>

#include "runload/signal/gait_simulator.h"

namespace runload::apps {

/// "run" = stand 5 s, run at `speed_mps` for the rest, stand 5 s; "session10" = the 10-minute
/// accuracy session of issue #3: stand 5 s, run 3.0 → 3.8 → 4.6 m/s (140/140/100 s), walk 30 s at
/// 1.4 m/s, stand 10 s, walk 30 s at 1.2 m/s, run 140 s at 3.4 m/s, stand 5 s (600 s in all).
/// nullopt for an unknown name. `duration_s` sizes "run".
inline std::optional<std::vector<signal::GaitSegment>> schedule_preset(const std::string& name, double duration_s,
                                                                       float speed_mps,
                                                                       std::optional<float> cadence_steps_per_min) {
  using signal::GaitMode;
  if (name == "run") {
    const double run_s = duration_s > 10.0 ? duration_s - 10.0 : duration_s;
    return std::vector<signal::GaitSegment>{{5.0, GaitMode::kStand, 0.0f, {}},
                                            {run_s, GaitMode::kRun, speed_mps, cadence_steps_per_min},
                                            {5.0, GaitMode::kStand, 0.0f, {}}};
  }
  if (name == "session10")
    return std::vector<signal::GaitSegment>{
        {5.0, GaitMode::kStand, 0.0f, {}},  {140.0, GaitMode::kRun, 3.0f, {}}, {140.0, GaitMode::kRun, 3.8f, {}},
        {100.0, GaitMode::kRun, 4.6f, {}}, {30.0, GaitMode::kWalk, 1.4f, {}},  {10.0, GaitMode::kStand, 0.0f, {}},
        {30.0, GaitMode::kWalk, 1.2f, {}}, {140.0, GaitMode::kRun, 3.4f, {}},  {5.0, GaitMode::kStand, 0.0f, {}}};
  return std::nullopt;
}

/// The simulated accuracy session (`runload eval --simulated`): "session10" at 1 kHz with a gyro
/// bias, ±32 g / ±4000 dps ranges and an arbitrary mounting, as in tests/signal/session_pipeline_test.cpp.
inline signal::GaitSimulatorSettings eval_session_settings(signal::Placement placement) {
  signal::GaitSimulatorSettings s;
  s.sample_rate_hz = 1000.0f;
  s.placement = placement;
  s.seed = placement == signal::Placement::kFoot ? 7u : 11u;
  s.gyro_bias_radps = signal::Vec3f(0.01f, -0.02f, 0.015f);
  s.accel_range_g = 32.0f;
  s.gyro_range_dps = 4000.0f;
  s.q_sensor_from_body =
      Eigen::Quaternionf(Eigen::AngleAxisf(2.1f, signal::Vec3f(0.3f, -0.8f, 0.5f).normalized()));
  s.schedule = *schedule_preset("session10", 600.0, 3.0f, std::nullopt);
  return s;
}

}  // namespace runload::apps
