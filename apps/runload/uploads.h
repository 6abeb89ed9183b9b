#pragma once
/// Uploads to `runload serve`: an athlete's runload recording or FIT file, received whole on disk,
/// kept under its content hash and queued in the store; a bounded pool of workers replays or imports
/// it into sessions. Several serve processes on one database (and one upload folder) share the queue:
/// a worker holds an upload under a lease it renews while it works; when its process dies the lease
/// runs out and another worker, in any process, takes the upload over. Idempotent: the same file twice
/// for one athlete is one upload and one session.
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include <tl/expected.hpp>

#include "runload/store/store.h"

namespace runload::apps {

struct UploadSettings {
  std::string store_location;
  /// Where uploads live: `incoming/` while they arrive, then `<athlete id>/<content hash>.rlrec|.fit`.
  /// Every serve process on one database needs the same folder (a shared file system across hosts).
  std::filesystem::path dir;
  std::uint64_t max_bytes = 1ull << 30;
  int workers = 2;
  /// A worker's hold on an upload, renewed every lease/4 while it works.
  std::chrono::seconds lease{60};
  /// How often an idle worker looks for uploads another process queued, or leases that ran out.
  std::chrono::milliseconds poll{1000};
};

/// The folder uploads are spooled into while they arrive (created if needed).
std::filesystem::path upload_spool_dir(const UploadSettings& settings);

/// Takes a received file (in the spool folder) for `athlete_id`: checks that it is a runload recording or
/// a FIT file by its content, moves it to its content-addressed place and queues it. A recording is dated
/// in the uploader's `utc_offset_s` when given (a FIT file states its own). An upload of the same
/// content for the same athlete is the earlier one (`queued` false). The error is for the uploader (bad
/// content); a failure of the server throws.
tl::expected<store::Store::QueuedUpload, std::string> receive_upload(store::Store& store,
                                                                     const UploadSettings& settings,
                                                                     std::int64_t athlete_id, const std::string& user,
                                                                     std::optional<std::int32_t> utc_offset_s,
                                                                     const std::filesystem::path& received);

/// Turns one claimed upload into sessions: its ids. `keep_alive` is called now and then while it works.
/// Throws RuntimeError with the reason when the file is no session (it is then left as failed).
std::vector<std::int64_t> process_upload(store::Store& store, const store::Upload& upload,
                                         const std::function<void()>& keep_alive);

/// The pool: `settings.workers` threads, each with its own store connection, claiming uploads until
/// stopped (destruction stops and joins them; an upload being processed is finished first).
class UploadWorkers {
 public:
  explicit UploadWorkers(UploadSettings settings);
  ~UploadWorkers();
  UploadWorkers(const UploadWorkers&) = delete;
  UploadWorkers& operator=(const UploadWorkers&) = delete;
  /// An upload was queued: an idle worker looks now rather than at its next poll.
  void wake();

 private:
  void run(std::stop_token stop, int index);

  UploadSettings settings_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  std::uint64_t wakes_ = 0;  ///< guarded by mutex_
  std::vector<std::jthread> threads_;
};

}  // namespace runload::apps
