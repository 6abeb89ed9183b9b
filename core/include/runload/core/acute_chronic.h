#pragma once
/// Acute:chronic load, uncoupled (Windt & Gabbett 2018) and EWMA (Williams 2017), EVIDENCE §2.3.
/// CONTEXT ONLY: coupling artefacts and a negative association in running (Lolli 2019, Impellizzeri
/// 2020, Frandsen 2025; EVIDENCE §5.2). No risk rule alarms on these values.
#include <optional>

#include "runload/core/load_settings.h"
#include "runload/core/training_history.h"

namespace runload::core {

struct AcuteChronic {
  LoadMeasure measure = LoadMeasure::kDistance;
  int acute_covered_days = 0;    ///< of 7: [as_of − 6, as_of]
  int chronic_covered_days = 0;  ///< of 21: [as_of − 27, as_of − 7], the 3 preceding weeks
  /// Means per covered day, in the measure's unit per day; nullopt below the coverage floors, or when no
  /// session of the window carried the measure (DayLoad::measured; rest-day zeros alone are no load).
  std::optional<double> acute_per_day;
  std::optional<double> chronic_per_day;
  /// acute / chronic (uncoupled: the acute week is not in the chronic mean).
  std::optional<double> uncoupled_ratio;
  /// EWMA_t = λ·L_t + (1 − λ)·EWMA_{t−1}, λ = 2/(N+1). Missing days leave the state unchanged
  /// (worn-day series); nullopt when the last 28 days have fewer than min_covered_days_chronic covered
  /// or no session among them carried the measure.
  std::optional<double> ewma_acute_per_day;
  std::optional<double> ewma_chronic_per_day;
  std::optional<double> ewma_ratio;
};

AcuteChronic estimate_acute_chronic(const TrainingHistory& history, Date as_of, LoadMeasure measure,
                                    const LoadSettings& settings);

}  // namespace runload::core
