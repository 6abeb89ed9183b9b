#include "same_run_merge.h"

#include <cstdlib>

#include "cli.h"
#include "runload/core/same_run.h"

namespace runload::apps {

std::vector<std::string> merge_same_runs(store::Store& store, std::int64_t athlete_id) {
  std::vector<std::string> out;
  auto sessions = store.sessions(athlete_id);
  const auto is_recording = [](const store::StoredSession& s) {
    return !s.recording_path.empty() && !s.in_progress && !s.import_id;  // a merged recording holds an import_id
  };
  const auto is_watch = [](const store::StoredSession& s) { return s.recording_path.empty() && s.import_id.has_value(); };
  std::vector<bool> taken(sessions.size(), false);
  for (const auto& recording : sessions) {
    if (!is_recording(recording)) continue;
    std::size_t best = sessions.size();
    for (std::size_t i = 0; i < sessions.size(); ++i) {
      const auto& w = sessions[i];
      if (taken[i] || !is_watch(w) || !core::same_run(w.session, recording.session)) continue;
      const auto gap = [&](const store::StoredSession& s) { return std::llabs(*s.session.start_utc_s - *recording.session.start_utc_s); };
      if (best == sessions.size() || gap(w) < gap(sessions[best])) best = i;
    }
    if (best == sessions.size()) continue;
    const auto& watch = sessions[best];
    store::StoredSession merged = recording;
    merged.session = core::merge_same_run(watch.session, recording.session);
    merged.import_id = watch.import_id;
    if (const auto done = store.merge_watch_session(merged, watch.session.id); !done) throw RuntimeError(done.error());
    taken[best] = true;
    const bool from_watch = merged.session.distance_known &&
                            (!recording.session.distance_known || merged.session.distance_m != recording.session.distance_m);
    out.push_back("merged " + watch.source.substr(watch.source.find(':') + 1) + " (session " + std::to_string(watch.session.id) +
                  ") into session " + std::to_string(recording.session.id) + ", its recording of the same run: " +
                  (from_watch ? "distance and time from the watch, technique from the sensor" : "distance and technique from the sensor"));
  }
  return out;
}

}  // namespace runload::apps
