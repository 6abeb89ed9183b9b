#pragma once
/// Past training from files, so the load model has context from day one:
///   - a generic run-history CSV: header row (any case) with `date` (ISO 8601), `distance_m` (or `distance_km`),
///     `duration_s` (or `duration_min`; either also as h:mm:ss / mm:ss), and optional `rpe` (0–10), `pain` (0–10, inner-knee
///     pain during the run), `shoe`, `surface`;
///   - the activity CSVs that Garmin Connect ("Activities.csv") and Strava (bulk export "activities.csv")
///     write, read as they come (csv_exports.h);
///   - GPX tracks (distance from the track points, duration from their times) and TCX activities
///     (laps' DistanceMeters and TotalTimeSeconds), read with pugixml. Their start instant is kept in UTC
///     with the local offset; the session's day is the local date at the start (local_time.h);
///   - FIT activity files (fit_activity.h): one session per session message, with its laps; running
///     sessions and laps carry cadence, ground contact time and its balance (also as asymmetry), vertical
///     oscillation and ratio, step length, power and Stryd's leg-spring stiffness, each with its source
///     (watch, pod, Stryd), plus speed and steps; other sports are cross-training (walking: walks);
///     transitions are skipped.
/// Readers check everything before anything is stored: a bad file gives one error naming the line
/// (or element) and imports nothing. A FIT file cut short or broken mid-way keeps the session summaries
/// decoded before the fault and says what was dropped (HistoryFile::notes); a CRC mismatch refuses it.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

#include "runload/core/session.h"

namespace runload::store {

/// One imported session with what the store must resolve (shoe by name) or log (pain).
struct ImportedSession {
  core::Session session;  ///< athlete_id and shoe_id are filled in by the store
  std::optional<std::string> shoe_name;
  std::optional<double> pain_0_10;
  int line = 0;  ///< source line (CSV) for messages
  std::vector<core::SessionLap> laps;  ///< FIT laps with their running dynamics
  /// The activity's stable identity: "fit:<serial>:<time created>:<n>" for a FIT file that has both,
  /// "csv:<hash of date, distance, duration>:<k>" for a CSV row (k counts identical rows), else
  /// "<format>:<hash of the file>:<n>". A re-import of the same activity is skipped (Store::import_history).
  std::optional<std::string> import_id;
  /// The activity's own file in the same export, as a platform's activity list names it (Strava's
  /// `Filename` column, "activities/123.fit.gz") by its base name without ".gz": "123.fit".
  std::optional<std::string> activity_file;
};

/// True for the identity of a row of a platform's activity list (Strava's activities.csv, Garmin
/// Connect's Activities.csv): the same run's FIT, GPX or TCX file, when imported too, becomes one session
/// with it (its laps and dynamics, the row's shoe and RPE; apps/runload/same_run_merge.h).
bool is_activity_list_id(const std::string& import_id);

struct HistoryFile {
  std::string source;  ///< "import:<file name>"
  std::vector<ImportedSession> sessions;
  std::vector<std::string> notes;  ///< what was skipped or dropped, one line each, for the import summary
};

/// Largest history file accepted (a 20-year daily log is under 2 MB).
inline constexpr std::uintmax_t kMaxHistoryFileBytes = 64ull * 1024 * 1024;
/// What one imported session may be, whatever the file format (a week-long ultra fits both).
inline constexpr double kMaxHistoryDistance_km = 1000.0;
inline constexpr double kMaxHistoryDuration_min = 7 * 24 * 60;

/// What a file does not say and the runner does.
struct HistoryReadOptions {
  /// Distances of a Garmin Connect or Strava CSV export are in miles (the account's unit setting);
  /// kilometres otherwise. Strava's second "Distance" column (metres) is used when present.
  bool export_distance_in_miles = false;
};

tl::expected<HistoryFile, std::string> read_history_csv(const std::filesystem::path& path,
                                                        const HistoryReadOptions& options = {});
tl::expected<HistoryFile, std::string> read_gpx(const std::filesystem::path& path);
tl::expected<HistoryFile, std::string> read_tcx(const std::filesystem::path& path);
tl::expected<HistoryFile, std::string> read_fit(const std::filesystem::path& path);
/// Chooses the reader from the extension (.csv, .gpx, .tcx, .fit; any case); every session it returns has
/// an import_id.
tl::expected<HistoryFile, std::string> read_history_file(const std::filesystem::path& path,
                                                         const HistoryReadOptions& options = {});
/// True for the extensions read_history_file reads.
bool has_history_extension(const std::filesystem::path& path);

}  // namespace runload::store
