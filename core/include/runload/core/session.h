#pragma once
/// One training session: what the runner did and, when a sensor was worn, its summary metrics.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runload/core/date.h"
#include "runload/signal/sensor_placement.h"

namespace runload::core {

/// What kind of activity. Distance-based running load counts kRun and kWalkRun; all kinds carry sRPE.
enum class ActivityKind : std::uint8_t { kRun = 0, kWalkRun = 1, kWalk = 2, kCrossTraining = 3 };

/// Surface tag. kTrail and kGrass are treated as uneven (EVIDENCE §3.3, Voloshina & Ferris 2015).
enum class Surface : std::uint8_t { kUnknown = 0, kRoad = 1, kTrack = 2, kTreadmill = 3, kTrail = 4, kGrass = 5, kMixed = 6 };

std::string_view to_string(ActivityKind kind) noexcept;
std::optional<ActivityKind> activity_kind_from_string(std::string_view text) noexcept;
std::string_view to_string(Surface surface) noexcept;
std::optional<Surface> surface_from_string(std::string_view text) noexcept;
/// True for surfaces counted as uneven terrain.
bool is_uneven(Surface surface) noexcept;
/// True for activities whose distance counts as running distance (kRun, kWalkRun).
bool counts_as_running(ActivityKind kind) noexcept;

/// Where a running-dynamics value came from: runload's own sensor, the watch (wrist), an external pod
/// or strap (HRM-Run/Tri/Pro, RD Pod, TICKR X, footpod), or a Stryd (pod or its Connect IQ fields).
enum class MetricSource : std::uint8_t { kRunload = 0, kWatch = 1, kPod = 2, kStryd = 3 };
std::string_view to_string(MetricSource source) noexcept;
std::optional<MetricSource> metric_source_from_string(std::string_view text) noexcept;

/// The running dynamics a watch, pod or Stryd reports (FIT import), each with its own source.
enum class Dynamic : std::uint8_t {
  kCadence = 0, kGct = 1, kGctBalance = 2, kVerticalOscillation = 3, kVerticalRatio = 4, kStepLength = 5, kPower = 6,
  kLegSpringStiffness = 7,
};
inline constexpr std::size_t kDynamicCount = 8;
/// Short name, e.g. "gct", "leg_spring_stiffness".
std::string_view to_string(Dynamic dynamic) noexcept;

/// Source per dynamic; nullopt = not known (runload's own sensor when the value came from a recording).
struct MetricSources {
  std::array<std::optional<MetricSource>, kDynamicCount> by_dynamic{};
  std::optional<MetricSource> get(Dynamic d) const noexcept { return by_dynamic[static_cast<std::size_t>(d)]; }
  void set(Dynamic d, MetricSource s) noexcept { by_dynamic[static_cast<std::size_t>(d)] = s; }
  bool empty() const noexcept;
  bool operator==(const MetricSources&) const = default;
};
/// "cadence:watch,gct:pod" (the store's text form) and back; unknown items are skipped.
std::string to_text(const MetricSources& sources);
MetricSources metric_sources_from_text(std::string_view text);

/// Session summary metrics from `signal`. Every field is optional: nullopt = not measured.
/// Cadence is steps/min (both feet); a one-foot sensor's strides/min is converted at the edge.
struct SessionMetrics {
  std::optional<double> cadence_steps_per_min;
  std::optional<double> gct_ms;                   ///< ground contact time, mean
  /// Peak tibial (axial) acceleration, mean of per-step peaks: from a SHANK sensor only (EVIDENCE §1.5).
  std::optional<double> pta_g;
  /// Peak acceleration at the foot (shoe sensor), mean of per-step peaks: not tibial, never mixed with
  /// pta_g (a placement change must not read as an impact change; EVIDENCE §1.5 placement sensitivity).
  std::optional<double> foot_peak_accel_g;
  std::optional<double> braking_g;                ///< peak anteroposterior deceleration, mean
  std::optional<double> loading_rate_g_per_s;     ///< wearable loading-rate proxy (Δacc/Δt to the peak)
  std::optional<double> pronation_excursion_deg;  ///< roll change IC → max eversion
  std::optional<double> tibial_angle_deg;         ///< frontal-plane tibial angle proxy at IC (shank sensor)
  std::optional<double> asymmetry_pct;            ///< symmetry index of GCT, percent
  std::optional<double> speed_mps;                ///< mean running speed
  std::optional<double> step_count;               ///< steps in the session (both feet)
  /// Mechanical exposure index (a proxy, EVIDENCE §5.1): Σ over steps of the weighted per-step impact,
  /// in g·steps. nullopt = derive from pta_g × steps when both are known (see mechanical_exposure.h).
  std::optional<double> mechanical_exposure_g_steps;
  // Running dynamics that only a watch, pod or Stryd reports (FIT import; EVIDENCE §1.4, §1.6).
  std::optional<double> gct_balance_left_pct;           ///< left foot's share of GCT, % (50 = even)
  std::optional<double> vertical_oscillation_mm;
  std::optional<double> vertical_ratio_pct;             ///< VO / step length × 100
  std::optional<double> step_length_mm;
  std::optional<double> power_w;                        ///< running power
  std::optional<double> leg_spring_stiffness_kn_per_m;  ///< Stryd's spring-mass estimate
  MetricSources sources;  ///< where cadence, GCT and the dynamics above came from (empty: runload's sensor)
  bool operator==(const SessionMetrics&) const = default;
};

/// One lap of a session (FIT import): its totals and running dynamics.
struct SessionLap {
  int index = 0;  ///< 1-based, in the file's order
  std::optional<std::int64_t> start_utc_s;
  double duration_s = 0.0;  ///< timer time
  double distance_m = 0.0;
  SessionMetrics metrics;
  bool operator==(const SessionLap&) const = default;
};

struct Session {
  std::int64_t id = 0;  ///< store row id; also the tie-break for sessions on the same day
  std::int64_t athlete_id = 0;
  Date date{};  ///< the local calendar date at the START (a run across midnight keeps its start's day)
  std::optional<std::int32_t> start_time_of_day_s;  ///< local start, seconds after midnight
  std::optional<std::int64_t> start_utc_s;   ///< start instant, s since the Unix epoch (UTC); nullopt = unknown
  std::optional<std::int32_t> utc_offset_s;  ///< local time − UTC at the start, s; nullopt = unknown
  double duration_s = 0.0;
  double distance_m = 0.0;  ///< meaningful only when distance_known
  /// False when nothing measured the distance (a shank-only recording): unknown, never 0 km. The load
  /// maths leave such a run out of every distance sum and say so; `log --distance` makes it known.
  bool distance_known = true;
  ActivityKind activity = ActivityKind::kRun;
  std::vector<signal::Placement> placements;  ///< sensors worn; empty = imported history without a sensor
  SessionMetrics metrics;
  std::optional<std::int64_t> shoe_id;
  Surface surface = Surface::kUnknown;
  std::optional<double> rpe;  ///< session RPE on the CR-10 scale, 0–10
  std::string notes;
};

/// True for a run that happened: a running activity with a distance above 0 or an unknown distance (a 0 km
/// history row is not a run).
bool is_run(const Session& session) noexcept;

/// The distance when it is known (any activity), else nullopt.
std::optional<double> known_distance_m(const Session& session) noexcept;

/// True for a run (is_run) whose distance nothing measured.
bool is_run_of_unknown_distance(const Session& session) noexcept;

/// Session-RPE load in arbitrary units: RPE × minutes (Foster 2001, EVIDENCE §2.1); nullopt without RPE.
std::optional<double> srpe_load_au(const Session& session) noexcept;

/// Chronological order: date, then start time (unknown first), then id. Used by every load function.
bool session_before(const Session& a, const Session& b) noexcept;

}  // namespace runload::core
