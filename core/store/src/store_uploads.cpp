// Store: the upload queue a club's server processes share (uploads.h).
#include <sodium.h>

#include <array>
#include <charconv>
#include <fstream>

#include "store_impl.h"

namespace runload::store {

using tl::unexpected;

std::string_view to_string(UploadKind kind) { return kind == UploadKind::kFit ? "fit" : "recording"; }

std::string_view to_string(UploadState state) {
  switch (state) {
    case UploadState::kQueued: return "queued";
    case UploadState::kProcessing: return "processing";
    case UploadState::kDone: return "done";
    case UploadState::kFailed: return "failed";
  }
  return "queued";
}

tl::expected<std::string, std::string> file_content_hash(const std::filesystem::path& path) {
  if (sodium_init() < 0) return unexpected(std::string("libsodium could not be initialised"));
  std::ifstream in(path, std::ios::binary);
  if (!in) return unexpected("cannot read " + path.string());
  crypto_generichash_state state;
  crypto_generichash_init(&state, nullptr, 0, crypto_generichash_BYTES);
  std::array<char, 1 << 16> block{};
  while (in.read(block.data(), block.size()) || in.gcount() > 0) {
    crypto_generichash_update(&state, reinterpret_cast<const unsigned char*>(block.data()),
                              static_cast<unsigned long long>(in.gcount()));
  }
  if (in.bad()) return unexpected("cannot read " + path.string());
  std::array<unsigned char, crypto_generichash_BYTES> hash{};
  crypto_generichash_final(&state, hash.data(), hash.size());
  std::string hex(hash.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), hash.data(), hash.size());
  hex.pop_back();
  return hex;
}

namespace {

constexpr std::string_view kUploadColumns =
    "id, athlete_id, content_hash, kind, file_path, bytes, uploaded_by, created_utc_s, state, error, session_ids, "
    "attempts, finished_utc_s, utc_offset_s";

std::string ids_text(const std::vector<std::int64_t>& ids) {
  std::string text;
  for (const auto id : ids) {
    if (!text.empty()) text += ' ';
    text += std::to_string(id);
  }
  return text;
}

std::vector<std::int64_t> ids_from(std::string_view text) {
  std::vector<std::int64_t> ids;
  while (!text.empty()) {
    std::int64_t id = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
    if (ec != std::errc()) break;
    ids.push_back(id);
    text.remove_prefix(static_cast<std::size_t>(end - text.data()));
    if (!text.empty()) text.remove_prefix(1);
  }
  return ids;
}

UploadState state_from(std::string_view text) {
  for (const auto s : {UploadState::kQueued, UploadState::kProcessing, UploadState::kDone, UploadState::kFailed}) {
    if (text == to_string(s)) return s;
  }
  return UploadState::kFailed;
}

Upload upload_from(const sql::Statement& s) {
  Upload u;
  u.id = s.int64(0);
  u.athlete_id = s.int64(1);
  u.content_hash = s.text(2);
  u.kind = s.text(3) == "fit" ? UploadKind::kFit : UploadKind::kRecording;
  u.file_path = s.text(4);
  u.bytes = s.int64(5);
  u.uploaded_by = s.text(6);
  u.created_utc_s = s.int64(7);
  u.state = state_from(s.text(8));
  u.error = s.text(9);
  u.session_ids = ids_from(s.text(10));
  u.attempts = s.int64(11);
  u.finished_utc_s = s.optional_int64(12);
  if (const auto offset = s.optional_int64(13)) u.utc_offset_s = static_cast<std::int32_t>(*offset);
  return u;
}

std::optional<Upload> upload_by_content(sql::Connection& db, std::int64_t athlete_id, const std::string& hash) {
  sql::Statement s(db, "SELECT " + std::string(kUploadColumns) + " FROM uploads WHERE athlete_id = ? AND content_hash = ?");
  s.bind(1, athlete_id).bind(2, hash);
  return s.next() ? std::optional(upload_from(s)) : std::nullopt;
}

}  // namespace

tl::expected<Store::QueuedUpload, std::string> Store::queue_upload(const Upload& u) {
  auto& db = *impl_->db;
  sql::Statement s(db,
                   "INSERT INTO uploads (athlete_id, content_hash, kind, file_path, bytes, uploaded_by, created_utc_s, "
                   "utc_offset_s, state) VALUES (?,?,?,?,?,?,?,?,'queued') RETURNING id");
  s.bind(1, u.athlete_id)
      .bind(2, u.content_hash)
      .bind(3, std::string(to_string(u.kind)))
      .bind(4, u.file_path)
      .bind(5, u.bytes)
      .bind(6, u.uploaded_by)
      .bind(7, u.created_utc_s)
      .bind(8, u.utc_offset_s ? std::optional<std::int64_t>(*u.utc_offset_s) : std::nullopt);
  if (const auto id = s.run_returning_id()) {
    auto stored = upload(*id);
    if (!stored) return unexpected(std::string("the upload was queued but cannot be read back"));
    return QueuedUpload{*stored, true};
  }
  if (!s.unique_violation()) return unexpected("cannot queue the upload: " + s.error());
  auto existing = upload_by_content(db, u.athlete_id, u.content_hash);
  if (!existing) return unexpected(std::string("the upload exists but cannot be read"));
  return QueuedUpload{*existing, false};
}

std::optional<Upload> Store::upload(std::int64_t id) const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kUploadColumns) + " FROM uploads WHERE id = ?");
  s.bind(1, id);
  return s.next() ? std::optional(upload_from(s)) : std::nullopt;
}

tl::expected<std::optional<Upload>, std::string> Store::claim_upload(const std::string& worker, std::int64_t now_utc_s,
                                                                     std::int64_t lease_s) {
  auto& db = *impl_->db;
  // One statement, so the pick and the claim are atomic; PostgreSQL skips rows another claim holds.
  const std::string_view skip_locked = db.engine() == sql::Engine::kPostgres ? " FOR UPDATE SKIP LOCKED" : "";
  sql::Statement s(db, "UPDATE uploads SET state = 'processing', worker = ?, lease_until_utc_s = ?, "
                       "attempts = attempts + 1 WHERE id = (SELECT id FROM uploads WHERE state = 'queued' OR "
                       "(state = 'processing' AND lease_until_utc_s < ?) ORDER BY id LIMIT 1" +
                           std::string(skip_locked) + ") RETURNING " + std::string(kUploadColumns));
  s.bind(1, worker).bind(2, now_utc_s + lease_s).bind(3, now_utc_s);
  if (s.step()) return upload_from(s);
  if (!s.ok()) return unexpected("cannot claim an upload: " + s.error());
  return std::optional<Upload>{};
}

tl::expected<bool, std::string> Store::renew_upload_lease(std::int64_t id, const std::string& worker,
                                                          std::int64_t until_utc_s) {
  sql::Statement s(*impl_->db,
                   "UPDATE uploads SET lease_until_utc_s = ? WHERE id = ? AND worker = ? AND state = 'processing'");
  s.bind(1, until_utc_s).bind(2, id).bind(3, worker);
  if (!s.run()) return unexpected("cannot renew the lease of upload " + std::to_string(id) + ": " + s.error());
  return s.changes() == 1;
}

tl::expected<bool, std::string> Store::finish_upload(std::int64_t id, const std::string& worker, UploadState state,
                                                     const std::vector<std::int64_t>& session_ids,
                                                     const std::string& error, std::int64_t now_utc_s) {
  sql::Statement s(*impl_->db,
                   "UPDATE uploads SET state = ?, session_ids = ?, error = ?, finished_utc_s = ?, worker = NULL, "
                   "lease_until_utc_s = NULL WHERE id = ? AND worker = ? AND state = 'processing'");
  s.bind(1, std::string(to_string(state))).bind(2, ids_text(session_ids)).bind(3, error).bind(4, now_utc_s);
  s.bind(5, id).bind(6, worker);
  if (!s.run()) return unexpected("cannot finish upload " + std::to_string(id) + ": " + s.error());
  return s.changes() == 1;
}

}  // namespace runload::store
