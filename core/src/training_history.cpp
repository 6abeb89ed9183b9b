#include "runload/core/training_history.h"

#include <algorithm>

namespace runload::core {

std::vector<Session> sessions_up_to(const TrainingHistory& history, Date as_of) {
  const auto& all = history.sessions;
  // A store reads them in this order already; sorting a sorted copy would still move every session.
  if (std::is_sorted(all.begin(), all.end(), session_before)) {
    const auto end = std::upper_bound(all.begin(), all.end(), as_of, [](Date d, const Session& s) { return d < s.date; });
    return {all.begin(), end};
  }
  std::vector<Session> out;
  out.reserve(history.sessions.size());
  for (const Session& s : history.sessions) {
    if (s.date <= as_of) out.push_back(s);
  }
  std::sort(out.begin(), out.end(), session_before);
  return out;
}

const Shoe* find_shoe(const TrainingHistory& history, std::int64_t shoe_id) noexcept {
  for (const Shoe& shoe : history.shoes) {
    if (shoe.id == shoe_id) return &shoe;
  }
  return nullptr;
}

}  // namespace runload::core
