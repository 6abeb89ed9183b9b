#pragma once
/// Single-session spike (Frandsen et al., BJSM 2025;59:1203; EVIDENCE §2.4, §3.1 grade A): a run's
/// distance against the longest run in the previous 30 days, the session itself excluded.
#include <cstdint>
#include <optional>
#include <span>
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
  /// Runs of unknown distance in the window: the longest previous run is then unknown, so ratio and
  /// spike_pct stay nullopt (a lower bound would overstate the spike).
  int previous_unknown_distance_runs = 0;
};

/// True for a run the spike compares: is_run(), its distance known, and at least `min_run_m` long (LoadSettings::min_spike_run_m).
bool is_spike_run(const Session& session, double min_run_m) noexcept;

/// Spike of `sessions[index]`; runs shorter than `min_run_m` are not in the window.
/// REQUIRES: `sessions` chronological (session_before); index in range.
SessionSpike estimate_session_spike(std::span<const Session> sessions, std::size_t index, int window_days,
                                    double min_run_m);

/// Spikes of every spike run (is_spike_run) dated in [from, as_of], chronological.
std::vector<SessionSpike> estimate_session_spikes(const TrainingHistory& history, Date from, Date as_of, int window_days,
                                                  double min_run_m);

}  // namespace runload::core
