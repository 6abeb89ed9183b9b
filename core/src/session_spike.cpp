#include "runload/core/session_spike.h"

namespace runload::core {

bool is_spike_run(const Session& session, double min_run_m) noexcept {
  return is_run(session) && session.distance_known && session.distance_m >= min_run_m;
}

SessionSpike estimate_session_spike(std::span<const Session> sessions, std::size_t index, int window_days,
                                    double min_run_m) {
  const Session& s = sessions[index];
  SessionSpike spike;
  spike.session_id = s.id;
  spike.date = s.date;
  spike.distance_m = s.distance_m;
  spike.window_days = window_days;
  const Date window_start = s.date - std::chrono::days{window_days};
  for (std::size_t i = index; i-- > 0;) {
    const Session& r = sessions[i];
    if (r.date < window_start) break;  // chronological: everything further back is outside too
    if (is_run_of_unknown_distance(r)) ++spike.previous_unknown_distance_runs;
    if (!is_spike_run(r, min_run_m)) continue;
    if (!spike.longest_previous_m || r.distance_m > *spike.longest_previous_m) spike.longest_previous_m = r.distance_m;
  }
  if (spike.longest_previous_m && *spike.longest_previous_m > 0.0 && spike.previous_unknown_distance_runs == 0) {
    spike.ratio = s.distance_m / *spike.longest_previous_m;
    spike.spike_pct = (*spike.ratio - 1.0) * 100.0;
  }
  return spike;
}

std::vector<SessionSpike> estimate_session_spikes(const TrainingHistory& history, Date from, Date as_of, int window_days,
                                                  double min_run_m) {
  const auto sessions = sessions_up_to(history, as_of);
  std::vector<SessionSpike> out;
  for (std::size_t i = 0; i < sessions.size(); ++i) {
    if (sessions[i].date < from || !is_spike_run(sessions[i], min_run_m)) continue;
    out.push_back(estimate_session_spike(sessions, i, window_days, min_run_m));
  }
  return out;
}

}  // namespace runload::core
