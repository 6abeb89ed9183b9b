#pragma once
/// The coach dashboard's request handler: access policy, routing, the JSON API and the embedded page.
///
/// Policy, in this order:
///   1. the target must parse (request_target.h): "..", encoded traversal, control bytes → 400;
///   2. with a token set, every request must present it (`Authorization: Bearer T`, `?token=T`, or the
///      `runload_token` cookie the page gets when opened with `?token=T`) → else 403; without a token
///      (loopback bind only) the Host header must name a loopback host (DNS-rebinding guard) → else 403;
///   3. GET reads; POST /api/sessions/{id}/log writes only with `allow_writes` (which implies a token),
///      else 405; any other method → 405.
/// Each request opens the store afresh (WAL: readers run beside a writer such as `runload record`).
#include <optional>
#include <string>

#include "http_server.h"
#include "runload/core/date.h"
#include "runload/core/risk_config.h"

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
};

/// A fresh random token, 32 hex digits (128 bits from std::random_device).
std::string generate_token();

}  // namespace runload::apps
