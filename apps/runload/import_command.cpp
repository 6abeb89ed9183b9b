// runload import — past training in: history files (CSV, GPX, TCX, FIT), a folder or a zip export of them,
// or a runload recording. An activity imported before is skipped (store.h, ImportedSession::import_id).
#include <fmt/format.h>
#include <stdlib.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "cli.h"
#include "progress_bar.h"
#include "same_run_merge.h"
#include "runload/bridge/recording_file.h"
#include "runload/store/history_archive.h"
#include "session_store.h"
#include "store_options.h"
#include "terminal_text.h"

namespace runload::apps {

namespace {

struct ImportOptions {
  std::string store, file, athlete;
  store::HistoryReadOptions read;
};

/// The activity files that `file`'s list rows name, added to `files`.
void note_activity_files(const store::HistoryFile& file, ActivityFiles& files) {
  for (const auto& row : file.sessions) {
    if (row.import_id && row.activity_file) files[*row.import_id] = *row.activity_file;
  }
}

/// Imports one file, all or nothing; prints what was skipped or dropped. The error names the file.
tl::expected<store::Store::ImportCounts, std::string> import_file(store::Store& s, std::int64_t athlete_id,
                                                                  const std::filesystem::path& path,
                                                                  const store::HistoryReadOptions& read,
                                                                  ActivityFiles& files) {
  const auto file = store::read_history_file(path, read);
  if (!file) return tl::unexpected(file.error());
  auto counts = s.import_history(athlete_id, *file);
  if (!counts) return tl::unexpected(counts.error());
  for (const auto& note : file->notes) std::cout << "  " << note << "\n";
  note_activity_files(*file, files);
  return counts;
}

/// "1 session", "3 sessions".
std::string sessions_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " session" : " sessions"); }

/// "; 2 already imported, skipped" when a re-import found activities it had stored before.
std::string skipped_text(std::size_t skipped) {
  return skipped == 0 ? std::string() : "; " + std::to_string(skipped) + " already imported, skipped";
}

/// The shoes an import created, with the budget they were given (change it with `shoe add`'s options).
void print_new_shoes(const store::Store& s, std::int64_t athlete_id, const std::vector<std::string>& names) {
  if (names.empty()) return;
  for (const auto& shoe : s.shoes(athlete_id)) {
    if (std::find(names.begin(), names.end(), shoe.name) == names.end()) continue;
    std::cout << fmt::format("  new shoe '{}': budget {:.0f} km\n", terminal_safe(shoe.name), shoe.budget_km);
  }
}

/// A platform's list row and the activity file of the same run, then a watch activity and a recording
/// of the same run, now stored, become one session each.
void print_same_run_merges(store::Store& s, std::int64_t athlete_id, const ActivityFiles& files = {}) {
  for (const auto& line : merge_listed_activities(s, athlete_id, files)) std::cout << "  " << line << "\n";
  for (const auto& line : merge_same_runs(s, athlete_id)) std::cout << "  " << line << "\n";
}

/// A runload recording (`.rlrec`, e.g. left by a recording that was killed) becomes one session,
/// dated by the instant the recording was created.
void import_recording(store::Store& s, const core::Athlete& a, const std::string& path) {
  const auto reader = bridge::RecordingReader::open(path);
  if (!reader) throw RuntimeError(reader.error());
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const auto& stored : s.sessions(a.id)) {
    if (!stored.recording_path.empty() && fs::equivalent(stored.recording_path, path, ec)) {
      throw RuntimeError(path + " is already stored as session " + std::to_string(stored.session.id));
    }
  }
  const auto created_s = static_cast<std::int64_t>(reader->header().created_unix_ns() / 1'000'000'000u);
  const ReplayResult replay = replay_file(path, {});
  if (replay.sensors.empty() || !(replay.summary.duration_s > 0)) throw RuntimeError(path + " holds no samples to store");
  const auto start = created_s > 0 ? store::local_start(created_s) : local_start_ending_now(replay.summary.duration_s);
  const std::int64_t id = store_replayed_session(s, a, replay, path, SessionLog{}, start);
  std::cout << "imported 1 session (" << id << ") for " << a.name << " from " << path << "\n";
  print_same_run_merges(s, a.id);
}

/// Sums over the files of a folder or zip export.
struct BatchCounts {
  std::size_t sessions = 0, skipped = 0, refused = 0;
  std::vector<std::string> new_shoes;
  ActivityFiles activity_files;
};

/// Imports each file on its own, so one bad file does not keep the others out (a refusal names the file);
/// a progress bar on a terminal.
BatchCounts import_files(store::Store& s, std::int64_t athlete_id, const std::vector<std::filesystem::path>& files,
                         const store::HistoryReadOptions& read) {
  BatchCounts counts;
  ProgressBar bar(files.size(), "files");
  for (std::size_t i = 0; i < files.size(); ++i) {
    bar.update(i);
    const auto file = store::read_history_file(files[i], read);
    tl::expected<store::Store::ImportCounts, std::string> n = tl::unexpected(file ? std::string() : file.error());
    if (file) n = s.import_history(athlete_id, *file);
    bar.clear();
    if (n) {
      for (const auto& note : file->notes) std::cout << "  " << note << "\n";
      counts.sessions += n->imported;
      counts.skipped += n->skipped;
      counts.new_shoes.insert(counts.new_shoes.end(), n->new_shoes.begin(), n->new_shoes.end());
      note_activity_files(*file, counts.activity_files);
    } else {
      ++counts.refused;
      std::cerr << "refused " << n.error() << "\n";
    }
  }
  bar.update(files.size());
  return counts;
}

/// A temporary folder, removed with what is in it.
class TempFolder {
 public:
  TempFolder() {
    std::string pattern = (std::filesystem::temp_directory_path() / "runload-import-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw RuntimeError("cannot create a temporary folder to unpack into");
    path_ = pattern;
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempFolder(const TempFolder&) = delete;
  TempFolder& operator=(const TempFolder&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

void run_import(const ImportOptions& o) {
  auto s = open_store(o.store);
  const auto a = require_athlete(s, o.athlete);
  namespace fs = std::filesystem;
  if (fs::path(o.file).extension() == ".rlrec") return import_recording(s, a, o.file);
  std::vector<fs::path> files;
  std::optional<TempFolder> unpacked;
  if (fs::is_directory(o.file)) {
    unpacked.emplace();
    auto found = store::find_history_files(o.file, unpacked->path());
    for (const auto& note : found.notes) std::cout << "  " << note << "\n";
    files = std::move(found.files);
    if (files.empty()) throw RuntimeError(o.file + ": no .csv, .gpx, .tcx or .fit files in this folder or its subfolders");
  } else if (store::is_zip_path(o.file)) {
    unpacked.emplace();
    auto archive = store::unpack_history_files(o.file, unpacked->path());
    if (!archive) throw RuntimeError(archive.error());
    for (const auto& note : archive->notes) std::cout << "  " << note << "\n";
    files = std::move(archive->files);
    if (files.empty()) throw RuntimeError(o.file + ": no .csv, .gpx, .tcx or .fit files in this zip");
  } else {
    ActivityFiles activity_files;
    const auto n = import_file(s, a.id, o.file, o.read, activity_files);
    if (!n) throw RuntimeError(n.error());
    print_new_shoes(s, a.id, n->new_shoes);
    std::cout << "imported " << sessions_text(n->imported) << " for " << a.name << " from " << o.file
              << skipped_text(n->skipped) << "\n";
    print_same_run_merges(s, a.id, activity_files);
    return;
  }
  const BatchCounts n = import_files(s, a.id, files, o.read);
  print_new_shoes(s, a.id, n.new_shoes);
  std::cout << "imported " << sessions_text(n.sessions) << " for " << a.name << " from " << files.size() - n.refused << " of "
            << files.size() << " files in " << o.file << skipped_text(n.skipped) << "\n";
  print_same_run_merges(s, a.id, n.activity_files);
  if (n.refused == files.size()) throw RuntimeError("no file of " + o.file + " could be imported");
}

}  // namespace

void add_import_command(CLI::App& app) {
  {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* cmd = app.add_subcommand("import", "Import past training (history CSV, GPX, TCX or FIT; a file, a folder or a zip export) or a runload recording (.rlrec)");
    cmd->footer("Example: runload import history.csv --athlete Ana\n"
                "         runload import ~/watch-export/ --athlete Ana   (an unzipped export: subfolders, .gz and zips too)\n"
                "         runload import export.zip --athlete Ana       (Garmin or Strava bulk export, .gz and inner zips too)\n"
                "         runload import Activities.csv --athlete Ana    (Garmin Connect or Strava export as it comes)\n"
                "CSV header (any case): date,distance_m,duration_s[,rpe][,pain][,shoe][,surface], or distance_km\n"
                "and duration_min for a log kept by hand; durations also as h:mm:ss / mm:ss. An activity imported before is skipped.");
    add_store_option(cmd, o->store);
    cmd->add_option("file", o->file, "History file (.csv, .gpx, .tcx, .fit), a folder or zip of them, or a recording (.rlrec)")
        ->required()
        ->check(CLI::ExistingPath);
    cmd->add_option("--athlete", o->athlete, "Athlete name")->required();
    cmd->add_flag("--miles", o->read.export_distance_in_miles,
                  "A Garmin Connect or Strava CSV export's distances are in miles (the account's unit)");
    cmd->callback([o] { run_import(*o); });
  }
}

}  // namespace runload::apps
