#pragma once
/// Personal baselines and drift (EVIDENCE §5.4, §5.5): rolling robust median/MAD of a runner's own
/// sessions over ~6 weeks, matched by speed when speed is known. Change from one's own baseline, never a
/// population cut-off.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "runload/core/load_settings.h"
#include "runload/core/training_history.h"

namespace runload::core {

enum class GaitMetric : std::uint8_t {
  kCadence = 0, kGct = 1, kPta = 2, kBraking = 3, kPronationExcursion = 4, kTibialAngle = 5, kAsymmetry = 6,
  kFootPeakAccel = 7,  ///< the foot's peak acceleration: its own baseline, never compared with the shank's PTA
  // Running dynamics from a watch, pod or Stryd (FIT import).
  kVerticalOscillation = 8, kVerticalRatio = 9, kStepLength = 10, kPower = 11, kLegSpringStiffness = 12,
};
inline constexpr std::array<GaitMetric, 13> kAllGaitMetrics = {
    GaitMetric::kCadence, GaitMetric::kGct, GaitMetric::kPta, GaitMetric::kBraking,
    GaitMetric::kPronationExcursion, GaitMetric::kTibialAngle, GaitMetric::kAsymmetry, GaitMetric::kFootPeakAccel,
    GaitMetric::kVerticalOscillation, GaitMetric::kVerticalRatio, GaitMetric::kStepLength, GaitMetric::kPower,
    GaitMetric::kLegSpringStiffness};

/// Field name with unit, e.g. "cadence_steps_per_min", "pta_g".
std::string_view to_string(GaitMetric metric) noexcept;
/// The metric in plain words and its unit as a reader sees them, e.g. {"cadence", "steps/min"}.
struct MetricLabel {
  std::string_view label, unit;
};
MetricLabel metric_label(GaitMetric metric) noexcept;
std::optional<double> metric_value(const SessionMetrics& metrics, GaitMetric metric) noexcept;
/// Where the session's value of `metric` came from: its recorded source, else runload's sensor.
/// nullopt when the session does not carry the metric.
std::optional<MetricSource> metric_source(const SessionMetrics& metrics, GaitMetric metric) noexcept;
/// Smallest robust scale used for z-scores (unit of the metric), so a perfectly steady baseline does
/// not turn measurement noise into huge z values.
double metric_min_scale(GaitMetric metric) noexcept;

struct RobustStats {
  double median = 0.0;
  double mad = 0.0;  ///< median absolute deviation (unscaled)
  int count = 0;
};
/// nullopt for an empty input.
std::optional<RobustStats> robust_stats(std::vector<double> values);

struct MetricDrift {
  GaitMetric metric = GaitMetric::kCadence;
  std::int64_t session_id = 0;
  Date date{};
  double value = 0.0;
  int baseline_sessions = 0;
  bool speed_matched = false;  ///< baseline limited to sessions within the speed tolerance
  /// The value's source; the baseline holds only sessions of the same source (a watch's GCT is not a
  /// shank sensor's: EVIDENCE §1.5 placement sensitivity).
  MetricSource source = MetricSource::kRunload;
  std::optional<double> baseline_median;  ///< nullopt below settings.baseline_min_sessions
  std::optional<double> baseline_mad;
  std::optional<double> change_abs;  ///< value − median, metric unit
  std::optional<double> change_pct;  ///< (value − median) / |median| × 100; nullopt if median is 0
  std::optional<double> robust_z;    ///< change_abs / max(1.4826·MAD, metric_min_scale)
};

/// Drift of `sessions[index]` for `metric` against the sessions of the same source in
/// [date − baseline_window_days, session).
/// nullopt when the session does not carry the metric. REQUIRES: chronological sessions.
std::optional<MetricDrift> estimate_metric_drift(std::span<const Session> sessions, std::size_t index,
                                                 GaitMetric metric, const LoadSettings& settings);

/// Drifts of every metric of the latest session on or before `as_of` that carries sensor metrics.
std::vector<MetricDrift> estimate_latest_drifts(const TrainingHistory& history, Date as_of, const LoadSettings& settings);

}  // namespace runload::core
