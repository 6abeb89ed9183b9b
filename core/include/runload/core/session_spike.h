#pragma once
/// Single-session spike (Frandsen et al., BJSM 2025;59:1203; EVIDENCE §2.4, §3.1 grade A): a run's
/// distance against the longest run in the previous 30 days, the session itself excluded.
#include <cstdint>
#include <optional>
#include <vector>

#include "runload/core/training_history.h"

namespace runload::core {

struct SessionSpike {
  std::int64_t session_id = 0;
  Date date{};
  double distance_m = 0.0;
  /// Longest run in [date − window_days, session); nullopt = no run in the window ("insufficient history").
  std::optional<double> longest_previous_m;
  /// distance / longest_previous; nullopt with the above or when the longest run was 0 m.
  std::optional<double> ratio;
  /// (ratio − 1) × 100, the spike as EVIDENCE §2.4 defines it.
  std::optional<double> spike_pct;
  int window_days = 30;
};

/// Spike of `sessions[index]`. REQUIRES: `sessions` chronological (session_before); index in range.
SessionSpike estimate_session_spike(const std::vector<Session>& sessions, std::size_t index, int window_days);

/// Spikes of every running session (kRun, kWalkRun) dated in [from, as_of], chronological.
std::vector<SessionSpike> estimate_session_spikes(const TrainingHistory& history, Date from, Date as_of, int window_days);

}  // namespace runload::core
