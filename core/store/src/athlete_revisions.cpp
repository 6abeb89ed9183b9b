// Each athlete's revision: bumped by every write to what their pages show, read by servers that keep answers.
#include <chrono>
#include <map>

#include "store_impl.h"

namespace runload::store {

std::string bump_athlete_revision(sql::Connection& db, std::int64_t athlete_id) {
  const auto now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  sql::Statement s(db,
                   "INSERT INTO athlete_revisions (athlete_id, revision) VALUES (?, ?) ON CONFLICT (athlete_id) "
                   "DO UPDATE SET revision = athlete_revisions.revision + 1");
  s.bind(1, athlete_id).bind(2, std::int64_t{now_us});
  if (!s.run()) return "cannot bump the revision of athlete " + std::to_string(athlete_id) + ": " + s.error();
  return {};
}

std::int64_t Store::athlete_revision(std::int64_t athlete_id) const {
  sql::Statement s(*impl_->db, "SELECT revision FROM athlete_revisions WHERE athlete_id = ?");
  s.bind(1, athlete_id);
  return s.next() ? s.int64(0) : 0;
}

std::map<std::int64_t, std::int64_t> Store::athlete_revisions(const std::vector<std::int64_t>& ids) const {
  std::map<std::int64_t, std::int64_t> out;
  if (ids.empty()) return out;
  std::string list;
  for (const std::int64_t id : ids) {
    if (!list.empty()) list += ',';
    list += std::to_string(id);  // integers: nothing to quote
  }
  sql::Statement s(*impl_->db, "SELECT athlete_id, revision FROM athlete_revisions WHERE athlete_id IN (" + list + ")");
  while (s.next()) out[s.int64(0)] = s.int64(1);
  for (const std::int64_t id : ids) out.try_emplace(id, 0);
  return out;
}

}  // namespace runload::store
