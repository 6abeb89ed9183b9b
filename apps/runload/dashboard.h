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
///   3. GET reads; POST /api/sessions/{id}/log and /api/athletes/{id}/symptoms write only with
///      `allow_writes` (which implies a token), for an athlete the caller sees, else 405; any other method → 405.
/// Requests borrow an open store from a pool (store_pool.h), one connection per request in flight, kept
/// between requests; nothing else is kept, so every answer is read from the store (SQLite WAL: readers
/// run beside a writer such as `runload record`; PostgreSQL: several serve processes share nothing but
/// the database). Thread-safety: handle() may be called from several threads at once.
#include <memory>
#include <optional>
#include <string>

#include "http_server.h"
#include "runload/core/date.h"
#include "runload/core/risk_config.h"
#include "store_pool.h"

namespace runload::apps {

struct DashboardSettings {
  std::string store_path;
  std::string token;          ///< empty = no token (allowed only on a loopback bind without writes)
  bool allow_writes = false;  ///< REQUIRES: !token.empty() when true
  std::optional<core::Date> as_of;  ///< evaluate views as of this day; nullopt = today (per request)
  core::RiskConfig config;
};

class Dashboard {
 public:
  explicit Dashboard(DashboardSettings settings);
  /// Answers one request. Never throws for bad input; store failures become a 500.
  HttpResponse handle(const HttpRequest& request) const;

 private:
  DashboardSettings settings_;
  std::shared_ptr<StorePool> stores_;  ///< shared by the copies of this handler
};

/// A fresh random token, 32 hex digits (128 bits from std::random_device).
std::string generate_token();

}  // namespace runload::apps
