#pragma once
/// The dashboard's three busiest answers (the roster, an athlete's page, a session's page) as web_views
/// builds them, taken from a ViewCache while the athlete's store revision still holds, else built and
/// kept. Who may see what is checked by the caller on every request, before these are asked.
///
/// Thread-safety: `cache` is shared; `store` is one connection, used by the calling thread only.
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "runload/store/store.h"
#include "view_cache.h"
#include "web_views.h"

namespace runload::apps {

/// The response body of roster_json(store, options). The revisions of every visible athlete are read in one
/// query; the assembled roster is kept under all of them, and each athlete's row under their own, so a
/// write to one athlete rebuilds that athlete's row and the assembly only.
std::shared_ptr<const std::string> kept_roster(ViewCache& cache, const store::Store& store, const ViewOptions& options);

/// The response body (JSON and a newline) of athlete_view_json for `athlete_id`; null when no such athlete.
std::shared_ptr<const std::string> kept_athlete_page(ViewCache& cache, const store::Store& store,
                                                     std::int64_t athlete_id, const ViewOptions& options);

/// The response body of session_view_json for `stored`, read with its athlete's `revision`
/// (store::Store::session_and_revision); null when the athlete is gone. Built from the athlete's history kept
/// per revision, which the athlete's other session pages and roster row share.
std::shared_ptr<const std::string> kept_session_page(ViewCache& cache, const store::Store& store,
                                                     const store::StoredSession& stored, std::int64_t revision,
                                                     const ViewOptions& options);

}  // namespace runload::apps
