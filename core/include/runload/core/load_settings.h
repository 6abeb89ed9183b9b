#pragma once
/// Window lengths and coverage floors shared by the load functions. Defaults trace to EVIDENCE.md §2.
#include <cstdint>
#include <string_view>

namespace runload::core {

/// Which daily load a window function reads.
enum class LoadMeasure : std::uint8_t {
  kDistance = 0,            ///< running distance, m (kRun and kWalkRun sessions)
  kSrpe = 1,                ///< session RPE × minutes, AU (all activities; Foster 2001)
  kMechanicalExposure = 2,  ///< mechanical exposure index, g·steps (a proxy; EVIDENCE §5.1)
};

std::string_view to_string(LoadMeasure measure) noexcept;

struct LoadSettings {
  /// Covered (recorded or rest) days a 7-day window needs before it yields a number (EVIDENCE §2.5).
  int min_covered_days_per_week = 5;
  /// Covered days the 21-day chronic window (uncoupled ACWR) and the 28-day EWMA need (haelan #188: 14).
  int min_covered_days_chronic = 14;
  /// Look-back of the single-session spike, days; the session itself is excluded (Frandsen 2025).
  int spike_window_days = 30;
  /// Runs shorter than this are short test sessions (a sensor check, the demo's 20 s run): shown as
  /// such and left out of the spike comparison, as subject and as reference. EVIDENCE §2.4 compares
  /// runs; 1 km is a runload convention (grade V), not an injury threshold.
  double min_spike_run_m = 1000.0;
  /// EWMA spans in days: λ = 2/(N+1) (Williams 2017, EVIDENCE §2.3).
  int ewma_acute_days = 7;
  int ewma_chronic_days = 28;
  /// Impulse-response time constants, days (Banister / Coggan, EVIDENCE §2.2).
  double ctl_time_constant_days = 42.0;
  double atl_time_constant_days = 7.0;
  /// Personal baselines: rolling window, minimum sessions, and speed matching (EVIDENCE §5.5).
  int baseline_window_days = 42;
  int baseline_min_sessions = 5;
  double speed_match_tolerance_mps = 0.25;
  /// Mechanical exposure: per-step impact weight = pta_g^exponent (1 = cumulative shock, EVIDENCE §1.5).
  double impact_exponent = 1.0;
  /// Shoe rotation share look-back, days.
  int rotation_window_days = 42;
  /// Sessions in a shoe's early-life and recent PTA samples (per-shoe impact trend).
  int shoe_trend_sessions = 5;
};

}  // namespace runload::core
