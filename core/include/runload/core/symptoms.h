#pragma once
/// The symptom log: what the runner reports about the inner knee. Inputs to the article's seek-help rules
/// (EVIDENCE §6); they never come from the IMU.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runload/core/date.h"

namespace runload::core {

/// One day's report, logged after a session or on any day (a rest day too). Pain is 0–10 (numeric
/// rating scale); nullopt = not asked / not answered. The yes/no inputs are the article's (EVIDENCE §6).
struct SymptomEntry {
  std::int64_t id = 0;
  std::int64_t athlete_id = 0;
  Date date{};
  std::optional<double> pain_during_0_10;        ///< during running (or the day's activity)
  std::optional<double> pain_after_0_10;         ///< after it, same day
  std::optional<double> pain_next_morning_0_10;  ///< on the morning after `date`
  bool swelling = false;                         ///< swelling or a changed appearance of the knee
  bool redness_or_warmth = false;                ///< a changed appearance: redness or warmth
  bool instability = false;                      ///< "giving way"
  bool difficulty_bearing_weight = false;
  bool restricted_motion = false;    ///< cannot bend or straighten the knee fully (restricted range of motion)
  bool stiffness = false;            ///< a stiff knee (a symptom, not a seek-help criterion on its own)
  bool locking_or_clicking = false;  ///< clicking is not always serious; only restricted motion is a stop flag
  /// The runner records that a health professional has seen to the knee: clears earlier seek-help flags.
  bool seen_professional = false;
  std::string notes;
};

/// Highest pain of the entry's three ratings; nullopt when none was given.
std::optional<double> max_pain_0_10(const SymptomEntry& entry) noexcept;

/// True when the entry reports anything: a pain rating above 0 or any yes/no symptom
/// (seen_professional is not a symptom).
bool has_symptoms(const SymptomEntry& entry) noexcept;

/// Each day's entries (up to `as_of`) as one: every rating the worst (highest) of the day, every yes/no
/// symptom reported when any entry reported it. A runner who logs pain during a run and later, in a
/// separate entry, pain after it is judged on the worse of the two — as a physiotherapist asks "how bad
/// did it get today?" — never only on whichever entry came last.
std::map<Date, SymptomEntry> symptoms_by_day(const std::vector<SymptomEntry>& entries, Date as_of);

}  // namespace runload::core
