#pragma once
// The activity lists that watch platforms export as CSV, read as they come:
//   - Garmin Connect "Activities.csv" (All Activities → Export CSV): `Activity Type`, `Date` (local
//     "YYYY-MM-DD HH:MM:SS"), `Distance` (the account's unit), `Time` (h:mm:ss), and where a run has them
//     `Avg Run Cadence` (steps/min), `Avg Ground Contact Time` (ms), `Avg GCT Balance` ("49.8% L / 50.2% R"),
//     `Avg Vertical Oscillation` (cm), `Avg Vertical Ratio` (%), `Avg Stride Length` (m), `Avg Power` (W);
//     "--" means no value; numbers may carry thousands separators or a decimal comma;
//   - Strava's bulk export "activities.csv": `Activity ID`, `Activity Date` (UTC, "Mar 2, 2021, 6:33:48 PM"),
//     `Activity Type`, `Elapsed Time` / `Moving Time` (s), `Distance` twice (the account's unit, then
//     metres), `Activity Gear` (the shoe), `Perceived Exertion` (1–10).
// Runs (Running, Treadmill/Trail/Track Running; Run, Trail Run, Virtual Run) are runs, walks and hikes
// walks, the rest cross-training.
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "runload/store/history_import.h"

namespace runload::store::csv {

struct Record {
  int line = 0;
  std::vector<std::string> fields;
};

/// The file as a Garmin Connect or Strava export when its header (`names`, lower case) is one; nullopt
/// otherwise. `records` includes the header row.
std::optional<tl::expected<HistoryFile, std::string>> read_watch_export(const std::string& name,
                                                                       const std::vector<std::string>& names,
                                                                       const std::vector<Record>& records,
                                                                       const HistoryReadOptions& options);

}  // namespace runload::store::csv
