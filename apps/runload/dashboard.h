#pragma once
/// The coach dashboard's request handler: access policy, routing, the JSON API and the embedded page.
///
/// Policy, in this order:
///   1. the target must parse (request_target.h): "..", encoded traversal, control bytes → 400;
///   2. a token is presented as `Authorization: Bearer T`, `?token=T`, or the `runload_token` cookie the
///      page gets when opened with `?token=T`. The server's own token (`--token`) sees everything; a user's
///      token (`rl_…`, `runload user add`) sees what the user's role allows (store::Store::visible_athletes):
///      another athlete, or a session of one, is a 404 on every route, and the roster lists only theirs;
///      a revoked or unknown one → 403. With a server token set, a request without a token → 403; without
///      one (loopback bind only) the Host header must name a loopback host (DNS-rebinding guard) → else 403;
///   3. GET reads; POST /api/sessions/{id}/log, /api/athletes/{id}/symptoms and /api/uploads write only with
///      `allow_writes` (which implies a token), for an athlete the caller sees, else 405; any other method → 405.
/// Requests borrow an open store from a pool (store_pool.h), one connection per request in flight, kept
/// between requests. The roster's rows, athlete pages and session pages are kept too (kept_views.h), each
/// under the athlete's store revision, which every request reads first: a write through any process
/// (SQLite WAL: beside a writer such as `runload record`; PostgreSQL: several serve processes share
/// nothing but the database) shows in the next answer. Thread-safety: handle() may be called from
/// several threads at once.
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include <tl/expected.hpp>

#include "http_server.h"
#include "runload/core/date.h"
#include "runload/core/risk_config.h"
#include "runload/store/store.h"
#include "uploads.h"
#include "store_pool.h"
#include "view_cache.h"

namespace runload::apps {

struct DashboardSettings {
  std::string store_path;
  std::string token;          ///< empty = no token (allowed only on a loopback bind without writes)
  bool allow_writes = false;  ///< REQUIRES: !token.empty() when true
  std::optional<core::Date> as_of;  ///< evaluate views as of this day; nullopt = today (per request)
  core::RiskConfig config;
  /// Uploads on (POST /api/uploads; needs allow_writes) and where they go; nullopt = off.
  std::optional<UploadSettings> uploads;
  /// Called when an upload was queued (wakes this process's workers).
  std::function<void()> upload_queued;
};

class Dashboard {
 public:
  explicit Dashboard(DashboardSettings settings);
  /// Answers one request. Never throws for bad input; store failures become a 500.
  HttpResponse handle(const HttpRequest& request) const;

  /// POST /api/uploads?athlete=ID[&utc_offset_s=S] (an athlete user: their own, no `athlete` needed; S dates a
  /// recording in the uploader's time zone, else the server's), body = a runload
  /// recording or a FIT file, streamed to disk by the server (FileBodyRoute): the request it takes;
  /// the refusal before the body is read (token, scope, athlete); and the answer once it is on disk —
  /// 202 with the new upload (`GET /api/uploads/{id}` follows it), 200 with the earlier one when the same
  /// file came before (`duplicate`), 415 when it is neither kind of file (nothing is kept).
  bool takes_upload(const HttpRequest& head) const;
  std::optional<HttpResponse> admit_upload(const HttpRequest& head) const;
  HttpResponse receive_upload(const HttpRequest& head, const std::filesystem::path& file) const;

 private:
  /// Whose run an upload is, and who sends it; or the refusal.
  struct Uploader {
    std::int64_t athlete_id = 0;
    std::string user;
    std::optional<std::int32_t> utc_offset_s;  ///< `?utc_offset_s=`: the uploader's local time − UTC
  };
  tl::expected<Uploader, HttpResponse> uploader(const HttpRequest& head, store::Store& store) const;

  DashboardSettings settings_;
  std::shared_ptr<StorePool> stores_;  ///< shared by the copies of this handler
  std::shared_ptr<ViewCache> views_;   ///< the answers kept per athlete revision (view_cache.h); shared too
};

/// A fresh random token, 32 hex digits (128 bits from std::random_device).
std::string generate_token();

}  // namespace runload::apps
