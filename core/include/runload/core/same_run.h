#pragma once
/// A watch activity and a runload sensor recording of the same run become one session (issue 12 §1):
/// the distance from the watch when the sensor cannot measure it (a shank sensor), the technique from
/// the sensor, the watch's running dynamics where the sensor has none.
#include <cstdint>

#include "runload/core/session.h"

namespace runload::core {

/// Two sessions are the same run when their starts lie at most this far apart.
inline constexpr std::int64_t kSameRunWindow_s = 600;

/// True when `watch` and `recording` are the same run: the same athlete, both running activities, both
/// start instants known and at most kSameRunWindow_s apart.
bool same_run(const Session& watch, const Session& recording) noexcept;

/// Two imported records of one activity (a watch's file and its platform's activity-list row) are the
/// same run when their distances, where both are known, differ by at most this share of the longer one.
inline constexpr double kSameRunDistanceTolerance = 0.05;

/// same_run, and the distances agree (kSameRunDistanceTolerance) when both are known.
bool same_run_and_distance(const Session& a, const Session& b) noexcept;

/// The one session of both (ids and athlete from `recording`):
/// - start, duration, placements and the sensor's metrics from the recording;
/// - the distance from the watch when the recording has none it measured well: unknown, or no foot
///   sensor worn (a shank sensor only counts steps); the duration and speed then follow the watch too,
///   so the pace is the watch's;
/// - each metric the recording lacks from the watch, with the watch's source (watch, pod, Stryd);
/// - the runner's log (RPE, surface, shoe, notes) from the recording, else from the watch.
Session merge_same_run(const Session& watch, const Session& recording);

}  // namespace runload::core
