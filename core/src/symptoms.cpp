#include "runload/core/symptoms.h"

namespace runload::core {

std::optional<double> max_pain_0_10(const SymptomEntry& entry) noexcept {
  std::optional<double> out;
  for (const auto& p : {entry.pain_during_0_10, entry.pain_after_0_10, entry.pain_next_morning_0_10}) {
    if (p && (!out || *p > *out)) out = p;
  }
  return out;
}

}  // namespace runload::core
