#pragma once
/// A recorded session is in the store while it is recorded (issue 14 §2.2): `record --athlete` writes the
/// session so far at least once a second (one short transaction, marked in progress), and finalises it at
/// a normal end. A recording that ended abnormally (kill -9, power loss) leaves its session in progress;
/// the next command that writes to the store finalises it from what was committed, or from the `.rlrec`
/// when that holds more (it is flushed every 0.2 s). A recording still being written is recognised by the
/// lock its writer holds on the `.rlrec` (flock, released by the kernel when the process dies).
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "session_store.h"

namespace runload::apps {

/// An exclusive flock on a recording file, held while the recording is written.
class RecordingLock {
 public:
  /// Locks `path` (which exists); RuntimeError when it cannot be opened or another process holds it.
  explicit RecordingLock(const std::string& path);
  RecordingLock(const RecordingLock&) = delete;
  RecordingLock& operator=(const RecordingLock&) = delete;
  ~RecordingLock();

 private:
  int fd_ = -1;
};

/// True when another process holds the recording's lock (it is still being recorded).
bool recording_in_use(const std::string& path);

/// The session of one running recording in the store.
class SessionCheckpoint {
 public:
  /// `log.shoe` must exist for the athlete (checked before the recording starts).
  SessionCheckpoint(store::Store& store, core::Athlete athlete, std::string recording_path, SessionLog log);

  /// Writes the session so far, marked in progress (the first write creates it). Returns the error when
  /// it could not (the store was busy, or the session is not plausible yet); the next write tries again.
  std::optional<std::string> write(const ReplayResult& so_far, const store::LocalStart& start);
  /// Writes the finished session (no longer in progress); its id. RuntimeError when the store refuses.
  std::int64_t finalise(const ReplayResult& replay, const store::LocalStart& start);
  /// The stored session's id once a write succeeded.
  std::optional<std::int64_t> id() const { return id_; }

 private:
  std::optional<std::string> put(const ReplayResult& replay, const store::LocalStart& start, bool in_progress);

  store::Store& store_;
  core::Athlete athlete_;
  std::string recording_path_;
  SessionLog log_;
  std::optional<std::int64_t> id_;
};

/// Finalises every session left in progress whose recording is not being written any more: from its
/// recording when that holds a longer session than was committed, else as committed; then merges a watch
/// activity of the same run imported meanwhile (merge_same_runs). One line per session finalised (or left
/// for later when the store refused the write) and per merge, for stderr.
std::vector<std::string> finalise_interrupted_sessions(store::Store& store);

}  // namespace runload::apps
