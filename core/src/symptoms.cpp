#include "runload/core/symptoms.h"

namespace runload::core {

std::optional<double> max_pain_0_10(const SymptomEntry& entry) noexcept {
  std::optional<double> out;
  for (const auto& p : {entry.pain_during_0_10, entry.pain_after_0_10, entry.pain_next_morning_0_10}) {
    if (p && (!out || *p > *out)) out = p;
  }
  return out;
}

bool has_symptoms(const SymptomEntry& e) noexcept {
  const auto pain = max_pain_0_10(e);
  return (pain && *pain > 0.0) || e.swelling || e.redness_or_warmth || e.instability || e.difficulty_bearing_weight ||
         e.restricted_motion || e.stiffness || e.locking_or_clicking;
}

}  // namespace runload::core
