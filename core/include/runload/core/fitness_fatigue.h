#pragma once
/// Fitness / fatigue / form (ATL, CTL, TSB) from session-RPE load with the exact exponential update
/// α = 1 − e^(−1/τ) (Banister 1975; Coggan; EVIDENCE §2.2). Context, not a risk rule.
#include <optional>

#include "runload/core/load_settings.h"
#include "runload/core/training_history.h"

namespace runload::core {

struct FitnessFatigue {
  Date as_of{};
  int covered_days_42 = 0;  ///< days with a known sRPE load (rest days count, as 0) in the last 42 days
  /// Today's values after today's update, AU/day. Every calendar day is a step of both filters: a rest
  /// day is load 0 and decays them (EVIDENCE §8); a day of unknown load (outside every known span, or a
  /// session without RPE) counts as a typical day, today's CTL. nullopt when fewer than 21 of the last
  /// 42 days have a known load, or none of them a session with an RPE (a watch-only runner's rest days).
  std::optional<double> ctl_au;
  std::optional<double> atl_au;
  std::optional<double> tsb_au;           ///< CTL − ATL (today's values; TrainingPeaks shows yesterday's)
  std::optional<double> ramp_au_per_week; ///< CTL_t − CTL_{t−7} (WKO)
  /// How the filters started: starting from 0 biases TSB negative for about three time constants
  /// (EVIDENCE §8), so both start at the mean daily load of the first `seed_days` known days.
  bool seeded = false;
  std::optional<Date> start;  ///< first day with a known load in the last 365 days
  int seed_days = 0;          ///< known days averaged for the seed: whole weeks, up to the CTL time constant
  double seed_au = 0.0;       ///< the seed, AU/day
};

FitnessFatigue estimate_fitness_fatigue(const TrainingHistory& history, Date as_of, const LoadSettings& settings);

/// Exponential smoothing factor for a time constant in days: 1 − e^(−1/τ).
double impulse_response_alpha(double time_constant_days) noexcept;

/// sRPE load today (AU) that gives form `target_tsb_au` after today's update, from yesterday's CTL and
/// ATL: L = ((1 − α_CTL)·CTL − (1 − α_ATL)·ATL − F) / (α_ATL − α_CTL) (exact form, EVIDENCE §2.2).
/// May be negative: no load today can reach the target.
double load_for_form_au(double ctl_yesterday_au, double atl_yesterday_au, double target_tsb_au,
                        const LoadSettings& settings) noexcept;

}  // namespace runload::core
