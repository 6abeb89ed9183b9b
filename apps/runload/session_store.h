#pragma once
/// Turns a replayed recording into a stored session: distance, duration and the summary metrics
/// the load and risk maths use, taken from the sensor that measures each one best (foot: cadence,
/// contact time, distance, strike, pronation; shank: peak tibial acceleration, tibial angle).
#include <cstdint>
#include <optional>
#include <string>

#include "replay_session.h"
#include "runload/store/local_time.h"
#include "runload/store/store.h"

namespace runload::apps {

/// The longest session there is: the longest recording `record --duration` takes (10 days).
inline constexpr double kMaxSessionDuration_s = 864'000.0;

struct SessionLog {
  std::optional<std::string> shoe;     ///< shoe name (must exist for the athlete)
  std::optional<core::Surface> surface;
  std::optional<double> rpe;
  std::string source = "record";
};

/// The core session of `replay` for `athlete`, dated by its local start (`start`).
core::Session session_from_replay(const ReplayResult& replay, std::int64_t athlete_id, const store::LocalStart& start);

/// The stored form of `replay` for `athlete` with its recording path and the runner's log (shoe resolved
/// by name): RuntimeError when it is no plausible session (no metric from a non-finite or absurd
/// duration) or the shoe does not exist.
store::StoredSession stored_session_from_replay(const store::Store& store, const core::Athlete& athlete,
                                                const ReplayResult& replay, const std::string& recording_path,
                                                const SessionLog& log, const store::LocalStart& start);

/// Stores it with its recording path; returns the new session id. Throws RuntimeError.
std::int64_t store_replayed_session(store::Store& store, const core::Athlete& athlete, const ReplayResult& replay,
                                    const std::string& recording_path, const SessionLog& log,
                                    const store::LocalStart& start);

/// The local start of a session that ends now after `duration_s` (system clock and time zone): a run
/// across midnight keeps the day it started.
store::LocalStart local_start_ending_now(double duration_s);

/// Today's local date and the local time of day, s.
std::pair<core::Date, std::int32_t> local_now();

}  // namespace runload::apps
