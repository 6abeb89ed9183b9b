#pragma once
/// Files athletes upload to a club's server (a runload recording or a FIT file), queued in the store so
/// that any server process on the same database can process them: a worker claims one with a lease, keeps
/// the lease while it works, and marks it done (with the sessions it made) or failed (with why). A worker
/// that dies leaves its lease to expire; another then takes the upload over.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <tl/expected.hpp>

namespace runload::store {

enum class UploadKind { kRecording, kFit };
std::string_view to_string(UploadKind kind);

enum class UploadState { kQueued, kProcessing, kDone, kFailed };
std::string_view to_string(UploadState state);

struct Upload {
  std::int64_t id = 0;
  std::int64_t athlete_id = 0;
  std::string content_hash;  ///< of the file's bytes (file_content_hash): the same file twice is one upload
  UploadKind kind = UploadKind::kRecording;
  std::string file_path;     ///< where the server keeps it
  std::int64_t bytes = 0;
  std::string uploaded_by;   ///< the user's name, or "owner" for the server's token
  /// The uploader's local time − UTC (their client says), s; nullopt: the server's time zone dates the run.
  std::optional<std::int32_t> utc_offset_s;
  std::int64_t created_utc_s = 0;
  UploadState state = UploadState::kQueued;
  std::string error;                       ///< why it failed
  std::vector<std::int64_t> session_ids;   ///< what it became, once done
  std::int64_t attempts = 0;               ///< claims so far
  std::optional<std::int64_t> finished_utc_s;
};

/// The hex BLAKE2b-256 digest of a file's bytes, read in blocks; or why it cannot be read.
tl::expected<std::string, std::string> file_content_hash(const std::filesystem::path& path);

}  // namespace runload::store
