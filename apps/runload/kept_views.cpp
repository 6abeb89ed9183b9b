#include "kept_views.h"

#include <vector>

namespace runload::apps {

using nlohmann::json;
using Kind = ViewKey::Kind;

// Each function reads the revision before it reads anything the answer is built from (view_cache.h).

json kept_roster(ViewCache& cache, const store::Store& s, const ViewOptions& o) {
  std::vector<std::int64_t> ids;
  for (const auto& a : s.athletes()) {
    if (o.shows(a.id)) ids.push_back(a.id);
  }
  const auto revisions = s.athlete_revisions(ids);
  std::vector<json> rows;
  rows.reserve(ids.size());
  for (const std::int64_t id : ids) {
    const auto key = view_key(Kind::kRosterRow, id, revisions.at(id), o.as_of);
    if (const auto kept = cache.find_row(key)) {
      rows.push_back(*kept);
      continue;
    }
    const auto athlete = s.athlete(id);  // read again after its revision
    if (!athlete) continue;              // deleted meanwhile
    rows.push_back(roster_row_json(s, *athlete, o));
    cache.keep_row(key, rows.back());
  }
  return roster_json(std::move(rows), o.as_of);
}

std::shared_ptr<const std::string> kept_athlete_page(ViewCache& cache, const store::Store& s, std::int64_t athlete_id,
                                                     const ViewOptions& o) {
  const auto key = view_key(Kind::kAthletePage, athlete_id, s.athlete_revision(athlete_id), o.as_of);
  if (auto kept = cache.find_page(key)) return kept;
  const auto athlete = s.athlete(athlete_id);
  if (!athlete) return nullptr;
  return cache.keep_page(key, athlete_view_json(s, *athlete, o).dump() + "\n");
}

std::shared_ptr<const std::string> kept_session_page(ViewCache& cache, const store::Store& s, std::int64_t session_id,
                                                     std::int64_t athlete_id, const ViewOptions& o) {
  const auto key = view_key(Kind::kSessionPage, session_id, s.athlete_revision(athlete_id), o.as_of);
  if (auto kept = cache.find_page(key)) return kept;
  const auto view = session_view_json(s, session_id, o);
  if (!view) return nullptr;
  return cache.keep_page(key, view->dump() + "\n");
}

}  // namespace runload::apps
