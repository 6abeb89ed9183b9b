#include "runload/core/training_history.h"

#include <algorithm>
#include <iterator>

namespace runload::core {

SessionsUpTo::SessionsUpTo(const TrainingHistory& history, Date as_of) {
  const auto& all = history.sessions;
  const auto on_or_before = [&](const Session& s) { return s.date <= as_of; };
  if (std::is_sorted(all.begin(), all.end(), session_before)) {
    // Sorted by date first: the sessions up to as_of are a prefix.
    const auto end = std::partition_point(all.begin(), all.end(), on_or_before);
    view_ = std::span<const Session>(all.data(), static_cast<std::size_t>(end - all.begin()));
    return;
  }
  std::copy_if(all.begin(), all.end(), std::back_inserter(sorted_), on_or_before);
  std::sort(sorted_.begin(), sorted_.end(), session_before);
  view_ = sorted_;
}

const Shoe* find_shoe(const TrainingHistory& history, std::int64_t shoe_id) noexcept {
  for (const Shoe& shoe : history.shoes) {
    if (shoe.id == shoe_id) return &shoe;
  }
  return nullptr;
}

}  // namespace runload::core
