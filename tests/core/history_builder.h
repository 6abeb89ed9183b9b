#pragma once
// Synthetic training histories for core tests. Day indices count from kDay0 (a Monday).
#include <cstdint>
#include <optional>

#include "runload/core/date.h"
#include "runload/core/training_history.h"

namespace runload::core::testing {

inline const Date kDay0 = Date{std::chrono::year{2025} / 1 / 6};
inline Date day(int index) { return kDay0 + std::chrono::days{index}; }
inline int index_of(Date d) { return days_between(kDay0, d); }

/// Pace 330 s/km → 3.03 m/s; duration follows from distance so sRPE = rpe × km × 5.5.
inline constexpr double kPaceSPerKm = 330.0;

class HistoryBuilder {
 public:
  HistoryBuilder() { history_.athlete = Athlete{1, "Test Runner", 70.0, 1.75, ExperienceLevel::kRecreational, false}; }

  /// Declares days [first, last] completely recorded: days without sessions are rest.
  HistoryBuilder& recorded(int first, int last) {
    history_.recorded_periods.push_back(RecordedPeriod{day(first), day(last)});
    return *this;
  }
  Session& run(int d, double km, std::optional<double> rpe = 4.0) {
    Session s;
    s.id = next_id_++;
    s.athlete_id = history_.athlete.id;
    s.date = day(d);
    s.distance_m = km * 1000.0;
    s.duration_s = km * kPaceSPerKm;
    s.rpe = rpe;
    history_.sessions.push_back(s);
    return history_.sessions.back();
  }
  Shoe& shoe(std::int64_t id, double budget_km, double initial_km = 0.0) {
    Shoe s;
    s.id = id;
    s.athlete_id = history_.athlete.id;
    s.name = "shoe" + std::to_string(id);
    s.budget_km = budget_km;
    s.initial_km = initial_km;
    history_.shoes.push_back(s);
    return history_.shoes.back();
  }
  SymptomEntry& symptom(int d) {
    SymptomEntry e;
    e.id = next_id_++;
    e.athlete_id = history_.athlete.id;
    e.date = day(d);
    history_.symptoms.push_back(e);
    return history_.symptoms.back();
  }
  HistoryBuilder& rest(int d) {
    history_.rest_days.push_back(RestDay{history_.athlete.id, day(d)});
    return *this;
  }
  TrainingHistory& history() { return history_; }
  const TrainingHistory& history() const { return history_; }

 private:
  TrainingHistory history_;
  std::int64_t next_id_ = 1;
};

}  // namespace runload::core::testing
