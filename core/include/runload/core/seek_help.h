#pragma once
/// The article's "see a professional" state (EVIDENCE §6 seek-help criteria), read from the whole symptom
/// log rather than its latest entry. A red flag — severe pain, swelling or a changed appearance (redness,
/// warmth), instability, difficulty bearing weight, restricted range of motion, pain persisting more than
/// a week despite rest, pain while running on most days of the last ten — stays until the runner records that a
/// professional has seen the knee, or until `clear_after_symptom_free_days` pass with every entry since
/// free of symptoms. Clicking alone is not a red flag (the article: clicking is not always serious).
#include <optional>
#include <string>
#include <vector>

#include "runload/core/training_history.h"

namespace runload::core {

struct SeekHelpSettings {
  double severe_pain_min_0_10 = 7.0;      ///< EVIDENCE §6: severe pain
  double persistent_pain_days = 7.0;      ///< EVIDENCE §6: pain persists more than a week …
  double persistent_min_rest_days = 3.0;  ///< … despite rest (days without running in the episode)
  /// EVIDENCE §6 "> 1 week": pain on at least this many running days of the last
  /// `recurrent_pain_window_days` days is pain lasting about a week while running on (issue #11: 7 of 10).
  double recurrent_pain_days = 7.0;
  double recurrent_pain_window_days = 10.0;
  /// EVIDENCE §6 "> 1 week": a red flag clears by itself only after a week of symptom-free entries.
  double clear_after_symptom_free_days = 7.0;
};

/// One red flag: the rule id of the symptom rule it raises, and what the runner logged.
struct SeekHelpReason {
  std::string rule_id;  ///< "symptoms.swelling", "symptoms.persistent_pain", …
  Date date{};          ///< the (latest) day it was logged
  std::optional<double> value;
  std::optional<double> threshold;
  std::string unit;
  std::string message;
};

struct SeekHelpStatus {
  std::vector<SeekHelpReason> reasons;  ///< active red flags, one per rule (the latest), by date
  std::optional<Date> since;            ///< first red-flag day not cleared yet
  std::optional<Date> cleared_on;       ///< the last day a red flag was cleared, if any
  std::string cleared_by;               ///< "seen by a professional" or "7 symptom-free days"
  bool active() const noexcept { return !reasons.empty(); }
};

/// Red-flag days of the whole log, computed once, then asked for any as-of date.
class SeekHelpLog {
 public:
  SeekHelpLog(const TrainingHistory& history, const SeekHelpSettings& settings);
  /// The state on `as_of`, from entries dated on or before it.
  SeekHelpStatus status(Date as_of) const;

 private:
  struct Day {
    Date date{};
    std::vector<SeekHelpReason> reasons;  ///< red flags raised by the entries of this day (may be empty)
    bool symptoms = false;                ///< any symptom logged that day
    bool seen_professional = false;
  };
  std::vector<Day> days_;  ///< days with an entry, chronological
  SeekHelpSettings settings_;
};

}  // namespace runload::core
