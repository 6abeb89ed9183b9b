#pragma once
/// A watch activity (FIT, GPX, TCX import) and a runload recording of the same run become one session,
/// whichever of the two is stored first (core/same_run.h). Called after `import` and after `record`.
/// Likewise a platform's activity-list row and the activity file of the same run (after `import`).
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "runload/store/store.h"

namespace runload::apps {

/// Merges every recorded session of `athlete_id` with the imported watch activity of the same run
/// (core::same_run; the nearest start when several): the recording's session stays (its id too), the
/// watch activity's row goes. One line per merge, for stdout. Throws RuntimeError when the store refuses.
std::vector<std::string> merge_same_runs(store::Store& store, std::int64_t athlete_id);

/// Activity-list row identity (store::is_activity_list_id) → the base name of the activity's own file, as
/// the list names it (ImportedSession::activity_file).
using ActivityFiles = std::map<std::string, std::string>;

/// Folds every stored row of a platform's activity list (Strava's activities.csv, Garmin Connect's
/// Activities.csv) into the stored activity file of the same run: the file the row names (`files`), else
/// the one of the same start and distance (core::same_run_and_distance; the nearest start when several).
/// The file's session stays with its laps, start, distance and time; it takes the row's shoe, RPE,
/// surface and notes and what it lacks (core::merge_same_run) and both identities, so a re-import of
/// either is skipped. One line per merge, for stdout. Throws RuntimeError when the store refuses.
std::vector<std::string> merge_listed_activities(store::Store& store, std::int64_t athlete_id, const ActivityFiles& files);

}  // namespace runload::apps
