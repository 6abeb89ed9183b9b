#pragma once
/// Everything the load maths and the risk rules read about one athlete. Every function takes an `as_of`
/// date and ignores anything after it, so a report can be recomputed for any past day.
#include <cstdint>
#include <optional>
#include <span>
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

/// Sessions on or before `as_of`, in chronological order (session_before): a view into the history when its
/// sessions are already in that order (as a store reads them), else a sorted copy of its own. Every risk
/// rule asks for it; copying ≈ 700 sessions each time was most of a session page's cost.
/// Not copyable (the view may point into its own copy); valid while the history is.
class SessionsUpTo {
 public:
  SessionsUpTo(const TrainingHistory& history, Date as_of);
  SessionsUpTo(const SessionsUpTo&) = delete;
  SessionsUpTo& operator=(const SessionsUpTo&) = delete;
  SessionsUpTo(SessionsUpTo&&) noexcept = default;  // a moved vector keeps its buffer: the view stays valid
  SessionsUpTo& operator=(SessionsUpTo&&) noexcept = default;

  std::span<const Session> view() const noexcept { return view_; }  ///< a std::span also takes it as a range
  auto begin() const noexcept { return view_.begin(); }
  auto end() const noexcept { return view_.end(); }
  auto rbegin() const noexcept { return view_.rbegin(); }
  auto rend() const noexcept { return view_.rend(); }
  std::size_t size() const noexcept { return view_.size(); }
  bool empty() const noexcept { return view_.empty(); }
  const Session& operator[](std::size_t i) const noexcept { return view_[i]; }
  const Session& front() const noexcept { return view_.front(); }
  const Session& back() const noexcept { return view_.back(); }

 private:
  std::vector<Session> sorted_;  ///< only when the history was not in order
  std::span<const Session> view_;
};

inline SessionsUpTo sessions_up_to(const TrainingHistory& history, Date as_of) { return {history, as_of}; }

/// The shoe with this id, or nullptr.
const Shoe* find_shoe(const TrainingHistory& history, std::int64_t shoe_id) noexcept;

}  // namespace runload::core
