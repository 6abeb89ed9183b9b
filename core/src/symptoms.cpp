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

std::map<Date, SymptomEntry> symptoms_by_day(const std::vector<SymptomEntry>& entries, Date as_of) {
  std::map<Date, SymptomEntry> out;
  const auto worst = [](std::optional<double>& day, const std::optional<double>& entry) {
    if (entry && (!day || *entry > *day)) day = entry;
  };
  for (const SymptomEntry& e : entries) {
    if (e.date > as_of) continue;
    const auto [it, first] = out.try_emplace(e.date, e);
    if (first) continue;
    SymptomEntry& d = it->second;
    d.id = e.id;  // the day's last entry
    worst(d.pain_during_0_10, e.pain_during_0_10);
    worst(d.pain_after_0_10, e.pain_after_0_10);
    worst(d.pain_next_morning_0_10, e.pain_next_morning_0_10);
    d.swelling = d.swelling || e.swelling;
    d.redness_or_warmth = d.redness_or_warmth || e.redness_or_warmth;
    d.instability = d.instability || e.instability;
    d.difficulty_bearing_weight = d.difficulty_bearing_weight || e.difficulty_bearing_weight;
    d.restricted_motion = d.restricted_motion || e.restricted_motion;
    d.stiffness = d.stiffness || e.stiffness;
    d.locking_or_clicking = d.locking_or_clicking || e.locking_or_clicking;
    d.seen_professional = d.seen_professional || e.seen_professional;
    if (!e.notes.empty()) d.notes += (d.notes.empty() ? "" : "; ") + e.notes;
  }
  return out;
}

}  // namespace runload::core
