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
  if (name == "session10") return signal::accuracy_session_schedule();
  return std::nullopt;
}

}  // namespace runload::apps
