#include "same_run_merge.h"

#include <cstdlib>
#include <limits>

#include "cli.h"
#include "runload/core/same_run.h"
#include "runload/store/history_import.h"

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

std::vector<std::string> merge_listed_activities(store::Store& store, std::int64_t athlete_id, const ActivityFiles& files) {
  std::vector<std::string> out;
  const auto sessions = store.sessions(athlete_id);
  const auto first_id = [](const store::StoredSession& s) { return s.import_id->substr(0, s.import_id->find(' ')); };
  const auto is_listed = [&](const store::StoredSession& s) {
    return s.import_id && s.recording_path.empty() && store::is_activity_list_id(*s.import_id);
  };
  // An activity's file (or a recording merged with one) that no list row has joined yet.
  const auto is_file = [&](const store::StoredSession& s) {
    return s.import_id && !s.in_progress && !store::is_activity_list_id(first_id(s)) &&
           s.import_id->find(' ') == std::string::npos;
  };
  std::vector<bool> taken(sessions.size(), false);
  for (const auto& listed : sessions) {
    if (!is_listed(listed)) continue;
    const auto named = files.find(*listed.import_id);
    const auto gap = [&](const store::StoredSession& s) {
      return s.session.start_utc_s && listed.session.start_utc_s ? std::llabs(*s.session.start_utc_s - *listed.session.start_utc_s)
                                                                   : std::numeric_limits<long long>::max();
    };
    const auto nearest = [&](auto&& fits) {
      std::size_t best = sessions.size();
      for (std::size_t i = 0; i < sessions.size(); ++i) {
        if (taken[i] || !is_file(sessions[i]) || !fits(sessions[i])) continue;
        if (best == sessions.size() || gap(sessions[i]) < gap(sessions[best])) best = i;
      }
      return best;
    };
    std::size_t best = sessions.size();
    if (named != files.end()) best = nearest([&](const store::StoredSession& s) { return s.source == "import:" + named->second; });
    if (best == sessions.size()) {
      best = nearest([&](const store::StoredSession& s) { return core::same_run_and_distance(s.session, listed.session); });
    }
    if (best == sessions.size()) continue;
    const auto& file = sessions[best];
    store::StoredSession merged = file;
    merged.session = core::merge_same_run(listed.session, file.session);
    if (file.session.distance_known && file.session.distance_m > 0.0) {  // the file measured the run: its distance and time
      merged.session.distance_m = file.session.distance_m;
      merged.session.duration_s = file.session.duration_s;
      merged.session.metrics.speed_mps = file.session.metrics.speed_mps;
    }
    merged.import_id = *file.import_id + " " + *listed.import_id;
    if (const auto done = store.merge_watch_session(merged, listed.session.id); !done) throw RuntimeError(done.error());
    taken[best] = true;
    out.push_back("one session of " + file.source.substr(file.source.find(':') + 1) + " and its row in " +
                  listed.source.substr(listed.source.find(':') + 1) + " (session " + std::to_string(file.session.id) +
                  "): the file's laps and dynamics, the row's shoe and RPE");
  }
  return out;
}

}  // namespace runload::apps
