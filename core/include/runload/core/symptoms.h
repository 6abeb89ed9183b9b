#pragma once
/// The symptom log: what the runner reports about the inner knee. Inputs to the article's seek-help rules
/// (EVIDENCE §6); they never come from the IMU.
#include <cstdint>
#include <optional>
#include <string>

#include "runload/core/date.h"

namespace runload::core {

/// One day's report. Pain is 0–10 (numeric rating scale); nullopt = not asked / not answered.
struct SymptomEntry {
  std::int64_t id = 0;
  std::int64_t athlete_id = 0;
  Date date{};
  std::optional<double> pain_during_0_10;        ///< during running (or the day's activity)
  std::optional<double> pain_after_0_10;         ///< after it, same day
  std::optional<double> pain_next_morning_0_10;  ///< on the morning after `date`
  bool swelling = false;                         ///< swelling or a changed appearance of the knee
  bool instability = false;                      ///< "giving way"
  bool difficulty_bearing_weight = false;
  bool locking_or_clicking = false;  ///< locking / restricted range of motion
  std::string notes;
};

/// Highest pain of the entry's three ratings; nullopt when none was given.
std::optional<double> max_pain_0_10(const SymptomEntry& entry) noexcept;

}  // namespace runload::core
