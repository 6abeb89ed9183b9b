#include "recorded_session.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <set>

#include "cli.h"
#include "same_run_merge.h"

namespace runload::apps {

RecordingLock::RecordingLock(const std::string& path) : fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  if (fd_ < 0) throw RuntimeError("cannot open recording " + path + ": " + std::strerror(errno));
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw RuntimeError("recording " + path + " is being written by another runload");
  }
}

RecordingLock::~RecordingLock() { ::close(fd_); }

bool recording_in_use(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return false;
  const bool in_use = ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK;
  ::close(fd);  // releases the lock if we took it
  return in_use;
}

SessionCheckpoint::SessionCheckpoint(store::Store& store, core::Athlete athlete, std::string recording_path,
                                     SessionLog log)
    : store_(store), athlete_(std::move(athlete)), recording_path_(std::move(recording_path)), log_(std::move(log)) {}

std::optional<std::string> SessionCheckpoint::put(const ReplayResult& replay, const store::LocalStart& start,
                                                  bool in_progress) {
  store::StoredSession stored;
  try {
    stored = stored_session_from_replay(store_, athlete_, replay, recording_path_, log_, start);
  } catch (const std::exception& e) {
    return e.what();
  }
  stored.in_progress = in_progress;
  if (!id_) {
    const auto id = store_.add_session(stored);
    if (!id) return id.error();
    id_ = *id;
    return std::nullopt;
  }
  stored.session.id = *id_;
  if (const auto updated = store_.update_recorded_session(stored); !updated) return updated.error();
  return std::nullopt;
}

std::optional<std::string> SessionCheckpoint::write(const ReplayResult& so_far, const store::LocalStart& start) {
  return put(so_far, start, true);
}

std::int64_t SessionCheckpoint::finalise(const ReplayResult& replay, const store::LocalStart& start) {
  if (const auto error = put(replay, start, false)) throw RuntimeError(*error);
  return *id_;
}

namespace {

store::LocalStart start_of(const core::Session& s) {
  if (s.start_utc_s) return store::local_start(*s.start_utc_s, s.utc_offset_s);
  return {0, s.utc_offset_s.value_or(0), s.date, s.start_time_of_day_s.value_or(0)};
}

/// The session as its recording gives it, when that is longer than what was committed.
std::optional<core::Session> recovered_from_recording(const store::StoredSession& row) {
  std::error_code ec;
  if (row.recording_path.empty() || !std::filesystem::is_regular_file(row.recording_path, ec)) return std::nullopt;
  ReplayOptions options;
  if (!row.session.placements.empty()) options.placement = std::string(signal::to_string(row.session.placements.front()));
  ReplayResult replay;
  try {
    replay = replay_file(row.recording_path, options);
  } catch (const RuntimeError&) {
    return std::nullopt;  // unreadable: what was committed stands
  }
  core::Session s = session_from_replay(replay, row.session.athlete_id, start_of(row.session));
  if (!(s.duration_s > row.session.duration_s && s.duration_s <= kMaxSessionDuration_s && std::isfinite(s.distance_m) &&
        s.distance_m >= 0)) {
    return std::nullopt;
  }
  // The runner's log stays as it was stored.
  s.id = row.session.id;
  s.shoe_id = row.session.shoe_id;
  s.surface = row.session.surface;
  s.rpe = row.session.rpe;
  s.notes = row.session.notes;
  s.activity = row.session.activity;
  return s;
}

}  // namespace

std::vector<std::string> finalise_interrupted_sessions(store::Store& store) {
  std::vector<std::string> out;
  std::set<std::int64_t> athletes;  // whose finalised recordings may be a watch activity's run
  const bool server = store::is_server_store(store.name());
  for (auto row : store.in_progress_sessions()) {
    if (!row.recording_path.empty() && recording_in_use(row.recording_path)) continue;
    // On a club's server the recording may be on another machine, still being written: the machine that
    // has it finalises it.
    std::error_code ec;
    if (server && !row.recording_path.empty() && !std::filesystem::exists(row.recording_path, ec)) continue;
    std::string from = "its last checkpoint";
    if (auto recovered = recovered_from_recording(row)) {
      row.session = std::move(*recovered);
      from = "its recording";
    }
    row.in_progress = false;
    if (const auto updated = store.update_recorded_session(row); !updated) {
      out.push_back("runload: session " + std::to_string(row.session.id) + " of an interrupted recording stays in progress (" +
                    updated.error() + "); the next command that writes to the store tries again");
      continue;
    }
    out.push_back("runload: finalised session " + std::to_string(row.session.id) + " of an interrupted recording (" +
                  (row.recording_path.empty() ? std::string("no recording") : row.recording_path) + ") from " + from +
                  ": " + std::to_string(static_cast<long long>(row.session.duration_s)) + " s");
    athletes.insert(row.session.athlete_id);
  }
  // A watch activity of the same run imported while the recording was in progress merges now, not only at
  // the next import or record.
  for (const auto athlete_id : athletes) {
    try {
      for (const auto& line : merge_same_runs(store, athlete_id)) out.push_back("runload: " + line);
    } catch (const RuntimeError& e) {
      out.push_back(std::string("runload: ") + e.what() + "; the next import or record merges the same run");
    }
  }
  return out;
}

}  // namespace runload::apps
