#include "kept_views.h"

#include <functional>
#include <utility>
#include <vector>

namespace runload::apps {

using nlohmann::json;
using Kind = ViewKey::Kind;

namespace {

// Each function reads the revision before it reads anything the answer is built from (view_cache.h).

/// What a history holds, roughly: its records and their text (the cache's bound, not a measurement).
std::size_t history_bytes(const core::TrainingHistory& h) {
  std::size_t bytes = sizeof(h) + h.sessions.size() * sizeof(core::Session) + h.shoes.size() * sizeof(core::Shoe) +
                      h.symptoms.size() * sizeof(core::SymptomEntry) + h.rest_days.size() * sizeof(core::RestDay) +
                      h.recorded_periods.size() * sizeof(core::RecordedPeriod);
  for (const auto& x : h.sessions) bytes += x.notes.size();
  for (const auto& x : h.symptoms) bytes += x.notes.size();
  return bytes;
}

ViewKey history_key(std::int64_t athlete_id, std::int64_t revision) {
  return view_key(Kind::kHistory, athlete_id, revision, core::Date{});  // the same on every day
}

/// Athlete `athlete_id`'s history at `revision`, kept; null when there is no such athlete.
std::shared_ptr<const core::TrainingHistory> kept_history(ViewCache& cache, const store::Store& s,
                                                          std::int64_t athlete_id, std::int64_t revision) {
  const auto key = history_key(athlete_id, revision);
  if (auto kept = cache.find<core::TrainingHistory>(key)) return kept;
  auto h = s.history(athlete_id);
  if (!h) return nullptr;
  const std::size_t bytes = history_bytes(*h);
  return cache.keep(key, std::move(*h), bytes);
}

/// The key of a roster built from `basis` (athlete ids and revisions) as of `as_of`: the ids and the
/// revisions hashed apart, so that one athlete's write changes only the second.
ViewKey roster_key(const std::vector<std::pair<std::int64_t, std::int64_t>>& basis, core::Date as_of) {
  std::size_t ids = basis.size();
  std::size_t revisions = basis.size();
  const auto mix = [](std::size_t& seed, std::int64_t v) {  // boost::hash_combine's mixing step
    seed ^= std::hash<std::int64_t>{}(v) + 0x9e3779b97f4a7c15ULL + (seed << 6) + (seed >> 2);
  };
  for (const auto& [id, revision] : basis) {
    mix(ids, id);
    mix(revisions, revision);
  }
  return view_key(Kind::kRoster, static_cast<std::int64_t>(ids), static_cast<std::int64_t>(revisions), as_of);
}

}  // namespace

std::shared_ptr<const std::string> kept_roster(ViewCache& cache, const store::Store& s, const ViewOptions& o) {
  std::vector<std::int64_t> ids;
  if (o.athletes) {
    ids = *o.athletes;
  } else {
    for (const auto& a : s.athletes()) ids.push_back(a.id);
  }
  const auto revisions = s.athlete_revisions(ids);
  std::vector<std::pair<std::int64_t, std::int64_t>> basis;
  basis.reserve(ids.size());
  for (const std::int64_t id : ids) basis.emplace_back(id, revisions.at(id));
  const auto key = roster_key(basis, o.as_of);
  if (const auto kept = cache.find<KeptRoster>(key); kept && kept->basis == basis) {
    return std::shared_ptr<const std::string>(kept, &kept->body);
  }

  std::vector<json> rows;
  rows.reserve(basis.size());
  for (const auto& [id, revision] : basis) {
    const auto row_key = view_key(Kind::kRosterRow, id, revision, o.as_of);
    if (const auto row = cache.find<json>(row_key)) {
      rows.push_back(*row);
      continue;
    }
    // A kept history is used, but one read for a row alone is not kept: a roster of thousands would push
    // every page out of the cache.
    auto h = cache.find<core::TrainingHistory>(history_key(id, revision));
    if (!h) {
      auto read = s.history(id);
      if (!read) continue;  // deleted meanwhile
      h = std::make_shared<const core::TrainingHistory>(std::move(*read));
    }
    rows.push_back(roster_row_json(*h, o));
    constexpr std::size_t kRowBytes = 2048;  // a row's JSON text is about 1 kB: counted so, not measured
    cache.keep(row_key, rows.back(), kRowBytes);
  }
  std::string body = roster_json(std::move(rows), o.as_of).dump() + "\n";
  const std::size_t bytes = body.size() + basis.size() * sizeof(basis[0]);
  const auto kept = cache.keep(key, KeptRoster{std::move(basis), std::move(body)}, bytes);
  return std::shared_ptr<const std::string>(kept, &kept->body);
}

std::shared_ptr<const std::string> kept_athlete_page(ViewCache& cache, const store::Store& s, std::int64_t athlete_id,
                                                     const ViewOptions& o) {
  const auto key = view_key(Kind::kAthletePage, athlete_id, s.athlete_revision(athlete_id), o.as_of);
  if (auto kept = cache.find<std::string>(key)) return kept;
  const auto athlete = s.athlete(athlete_id);
  if (!athlete) return nullptr;
  auto body = athlete_view_json(s, *athlete, o).dump() + "\n";
  const std::size_t bytes = body.size();
  return cache.keep(key, std::move(body), bytes);
}

std::shared_ptr<const std::string> kept_session_page(ViewCache& cache, const store::Store& s,
                                                     const store::StoredSession& stored, std::int64_t revision,
                                                     const ViewOptions& o) {
  const auto key = view_key(Kind::kSessionPage, stored.session.id, revision, o.as_of);
  if (auto kept = cache.find<std::string>(key)) return kept;
  const auto h = kept_history(cache, s, stored.session.athlete_id, revision);
  if (!h) return nullptr;
  auto body = session_view_json(stored, *h, o).dump() + "\n";
  const std::size_t bytes = body.size();
  return cache.keep(key, std::move(body), bytes);
}

}  // namespace runload::apps
