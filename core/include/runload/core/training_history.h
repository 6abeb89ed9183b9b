#pragma once
/// Everything the load maths and the risk rules read about one athlete. Every function takes an `as_of`
/// date and ignores anything after it, so a report can be recomputed for any past day.
#include <cstdint>
#include <optional>
#include <vector>

#include "runload/core/athlete.h"
#include "runload/core/date.h"
#include "runload/core/session.h"
#include "runload/core/shoe.h"
#include "runload/core/symptoms.h"

namespace runload::core {

/// A day the athlete marked as rest: load 0, not missing (EVIDENCE §5.7).
struct RestDay {
  std::int64_t athlete_id = 0;
  Date date{};
};

/// A closed date range [first, last] the store knows completely (an imported file's date range, the span
/// of one source's sessions): days inside it without a session are rest days, not missing days.
struct RecordedPeriod {
  Date first{};
  Date last{};
};

struct TrainingHistory {
  Athlete athlete;
  std::vector<Session> sessions;  ///< any order; functions sort a copy with session_before()
  std::vector<Shoe> shoes;
  std::vector<SymptomEntry> symptoms;
  std::vector<RestDay> rest_days;
  std::vector<RecordedPeriod> recorded_periods;
};

/// Sessions on or before `as_of`, in chronological order (session_before).
std::vector<Session> sessions_up_to(const TrainingHistory& history, Date as_of);

/// The shoe with this id, or nullptr.
const Shoe* find_shoe(const TrainingHistory& history, std::int64_t shoe_id) noexcept;

}  // namespace runload::core
