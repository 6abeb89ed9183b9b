#include "uploads.h"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <fstream>
#include <set>
#include <sstream>

#include "cli.h"
#include "replay_session.h"
#include "runload/bridge/recording_file.h"
#include "runload/store/local_time.h"
#include "same_run_merge.h"
#include "session_store.h"
#include "store_options.h"

namespace runload::apps {

namespace fs = std::filesystem;

namespace {

/// The worker's lease ran out and another worker holds the upload now: leave it to that one.
struct LeaseLost : std::runtime_error {
  LeaseLost() : std::runtime_error("another worker took the upload over") {}
};

/// An upload that failed this often without an answer (its worker died or the store failed) is given up.
constexpr std::int64_t kMaxAttempts = 3;

std::int64_t now_utc_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

/// A FIT file by its header: size byte 12 or 14, ".FIT" at offset 8.
bool has_fit_header(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::array<char, 12> head{};
  if (!in.read(head.data(), head.size())) return false;
  return (head[0] == 12 || head[0] == 14) && std::memcmp(head.data() + 8, ".FIT", 4) == 0;
}

/// What the file is, by content, or why it is neither.
tl::expected<store::UploadKind, std::string> upload_kind(const fs::path& path) {
  if (has_fit_header(path)) return store::UploadKind::kFit;
  if (bridge::is_recording_file(path)) {
    const auto reader = bridge::RecordingReader::open(path.string());
    if (!reader) return tl::unexpected("not a readable runload recording: " + reader.error());
    return store::UploadKind::kRecording;
  }
  return tl::unexpected(std::string("send a runload recording (.rlrec) or a FIT file (.fit)"));
}

/// The stored sessions an upload became: a recording's by its kept path, a FIT file's by the identities
/// of its activities (a session merged with another holds both, space-separated).
std::vector<std::int64_t> sessions_of(const store::Store& s, const store::Upload& upload,
                                      const std::set<std::string>& import_ids) {
  std::vector<std::int64_t> ids;
  for (const auto& stored : s.sessions(upload.athlete_id)) {
    bool ours = upload.kind == store::UploadKind::kRecording ? stored.recording_path == upload.file_path : false;
    if (upload.kind == store::UploadKind::kFit && stored.import_id) {
      std::istringstream words(*stored.import_id);
      for (std::string id; words >> id;) ours = ours || import_ids.contains(id);
    }
    if (ours) ids.push_back(stored.session.id);
  }
  return ids;
}

std::vector<std::int64_t> process_recording(store::Store& s, const core::Athlete& athlete, const store::Upload& upload,
                                            const std::function<void()>& keep_alive) {
  // Stored before (a worker that died between storing and marking the upload done): that session.
  if (auto ids = sessions_of(s, upload, {}); !ids.empty()) return ids;
  const auto reader = bridge::RecordingReader::open(upload.file_path);
  if (!reader) throw RuntimeError(reader.error());
  const auto created_s = static_cast<std::int64_t>(reader->header().created_unix_ns() / 1'000'000'000u);
  ReplayOptions options;
  options.progress = [&](double) { keep_alive(); };
  const ReplayResult replay = replay_file(upload.file_path, options);
  if (replay.sensors.empty() || !(replay.summary.duration_s > 0)) throw RuntimeError("the recording holds no samples");
  const auto start = created_s > 0 ? store::local_start(created_s, upload.utc_offset_s)
                                   : local_start_ending_now(replay.summary.duration_s);
  SessionLog log;
  log.source = "upload";
  store_replayed_session(s, athlete, replay, upload.file_path, log, start);
  merge_same_runs(s, athlete.id);
  return sessions_of(s, upload, {});
}

std::vector<std::int64_t> process_fit(store::Store& s, const store::Upload& upload) {
  const auto file = store::read_history_file(upload.file_path);
  if (!file) throw RuntimeError(file.error());
  if (file->sessions.empty()) throw RuntimeError("the FIT file holds no activity");
  if (auto n = s.import_history(upload.athlete_id, *file); !n) throw RuntimeError(n.error());
  merge_same_runs(s, upload.athlete_id);
  std::set<std::string> import_ids;
  for (const auto& row : file->sessions) {
    if (row.import_id) import_ids.insert(*row.import_id);
  }
  return sessions_of(s, upload, import_ids);
}

/// "host:pid:n": which worker holds an upload (the store shows it while it is processed).
std::string worker_name(int index) {
  std::array<char, 256> host{};
  if (::gethostname(host.data(), host.size() - 1) != 0) std::strcpy(host.data(), "host");
  return std::string(host.data()) + ":" + std::to_string(::getpid()) + ":" + std::to_string(index);
}

}  // namespace

fs::path upload_spool_dir(const UploadSettings& settings) {
  const fs::path dir = settings.dir / "incoming";
  fs::create_directories(dir);
  return dir;
}

tl::expected<store::Store::QueuedUpload, std::string> receive_upload(store::Store& s, const UploadSettings& settings,
                                                                     std::int64_t athlete_id, const std::string& user,
                                                                     std::optional<std::int32_t> utc_offset_s,
                                                                     const fs::path& received) {
  const auto kind = upload_kind(received);
  if (!kind) return tl::unexpected(kind.error());
  const auto hash = store::file_content_hash(received);
  if (!hash) throw RuntimeError(hash.error());
  store::Upload upload;
  upload.athlete_id = athlete_id;
  upload.content_hash = *hash;
  upload.kind = *kind;
  upload.bytes = static_cast<std::int64_t>(fs::file_size(received));
  upload.uploaded_by = user;
  upload.utc_offset_s = utc_offset_s;
  upload.created_utc_s = now_utc_s();
  const fs::path kept = settings.dir / std::to_string(athlete_id) /
                        (*hash + (*kind == store::UploadKind::kFit ? ".fit" : ".rlrec"));
  upload.file_path = kept.string();
  fs::create_directories(kept.parent_path());
  // Same content, same name: a second copy (another process receiving the same file) replaces it whole.
  const bool existed = fs::exists(kept);
  fs::rename(received, kept);
  auto queued = s.queue_upload(upload);
  if (!queued) {
    std::error_code ec;
    if (!existed) fs::remove(kept, ec);
    throw RuntimeError(queued.error());
  }
  return queued;
}

std::vector<std::int64_t> process_upload(store::Store& s, const store::Upload& upload,
                                         const std::function<void()>& keep_alive) {
  const auto athlete = s.athlete(upload.athlete_id);
  if (!athlete) throw RuntimeError("the athlete no longer exists");
  auto ids = upload.kind == store::UploadKind::kFit ? process_fit(s, upload)
                                                      : process_recording(s, *athlete, upload, keep_alive);
  if (ids.empty()) throw RuntimeError("no session came of it");
  return ids;
}

UploadWorkers::UploadWorkers(UploadSettings settings) : settings_(std::move(settings)) {
  for (int i = 0; i < settings_.workers; ++i) {
    threads_.emplace_back([this, i](std::stop_token stop) { run(stop, i); });
  }
}

UploadWorkers::~UploadWorkers() {
  for (auto& t : threads_) t.request_stop();
  wake_.notify_all();
  threads_.clear();  // joins
}

void UploadWorkers::wake() {
  {
    const std::lock_guard lock(mutex_);
    ++wakes_;
  }
  wake_.notify_one();
}

void UploadWorkers::run(std::stop_token stop, int index) {
  const std::string worker = worker_name(index);
  std::optional<store::Store> s;
  std::uint64_t seen = 0;
  while (!stop.stop_requested()) {
    try {
      if (!s) s.emplace(open_store(settings_.store_location));
      const auto claimed = s->claim_upload(worker, now_utc_s(), settings_.lease.count());
      if (!claimed) throw RuntimeError(claimed.error());
      if (!*claimed) {  // nothing to do: wait for a wake-up or the next poll
        std::unique_lock lock(mutex_);
        wake_.wait_for(lock, stop, settings_.poll, [&] { return wakes_ != seen; });
        seen = wakes_;
        continue;
      }
      const store::Upload& upload = **claimed;
      auto renewed = std::chrono::steady_clock::now();
      const auto keep_alive = [&] {
        const auto now = std::chrono::steady_clock::now();
        if (now - renewed < settings_.lease / 4) return;
        renewed = now;
        const auto held = s->renew_upload_lease(upload.id, worker, now_utc_s() + settings_.lease.count());
        if (held && !*held) throw LeaseLost();
      };
      std::vector<std::int64_t> ids;
      std::string error;
      try {
        if (upload.attempts > kMaxAttempts) {
          error = "given up after " + std::to_string(kMaxAttempts) + " attempts (the server's log says why)";
        } else {
          ids = process_upload(*s, upload, keep_alive);
        }
      } catch (const LeaseLost& e) {
        spdlog::warn("upload {}: {}", upload.id, e.what());
        continue;
      } catch (const RuntimeError& e) {
        error = e.what();
      }
      if (!error.empty()) {
        // A file that is no session is not kept: nothing of it is left but the answer.
        std::error_code ec;
        fs::remove(upload.file_path, ec);
      }
      const auto state = error.empty() ? store::UploadState::kDone : store::UploadState::kFailed;
      const auto finished = s->finish_upload(upload.id, worker, state, ids, error, now_utc_s());
      if (!finished) throw RuntimeError(finished.error());
      spdlog::info("upload {}: {}{}", upload.id, store::to_string(state), error.empty() ? "" : " (" + error + ")");
    } catch (const std::exception& e) {
      // The store is unreachable or refused: log, reconnect, try again after a pause.
      spdlog::error("upload worker {}: {}", worker, e.what());
      s.reset();
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, stop, settings_.poll, [] { return false; });
    }
  }
}

}  // namespace runload::apps
