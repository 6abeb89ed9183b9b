#include "runload/core/training_history.h"

#include <algorithm>

namespace runload::core {

std::vector<Session> sessions_up_to(const TrainingHistory& history, Date as_of) {
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
