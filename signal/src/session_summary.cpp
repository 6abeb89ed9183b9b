#include "runload/signal/session_summary.h"

#include "runload/signal/step_plausibility.h"

#include <algorithm>
#include <cmath>

namespace runload::signal {
namespace {

using Field = std::optional<float> StepRecord::*;

std::vector<float> values(std::span<const StepRecord> steps, Field f) {
  std::vector<float> v;
  v.reserve(steps.size());
  for (const StepRecord& s : steps)
    if ((s.*f) && std::isfinite(*(s.*f))) v.push_back(*(s.*f));
  return v;
}

std::optional<float> mean(const std::vector<float>& v) {
  if (v.empty()) return std::nullopt;
  double sum = 0.0;  // double: long accumulations
  for (float x : v) sum += static_cast<double>(x);
  return static_cast<float>(sum / static_cast<double>(v.size()));
}

std::optional<float> mean_of(std::span<const StepRecord> steps, Field f) { return mean(values(steps, f)); }

std::optional<float> cv_pct(const std::vector<float>& v) {
  const auto m = mean(v);
  if (!m || v.size() < 2 || *m == 0.0f) return std::nullopt;
  double ss = 0.0;
  for (float x : v) ss += (static_cast<double>(x) - static_cast<double>(*m)) * (static_cast<double>(x) - static_cast<double>(*m));
  return static_cast<float>(std::sqrt(ss / static_cast<double>(v.size() - 1)) / static_cast<double>(*m) * 100.0);
}

/// Nearest-rank percentile (p in 0..100).
std::optional<float> percentile(std::vector<float> v, double p) {
  if (v.empty()) return std::nullopt;
  std::sort(v.begin(), v.end());
  const auto rank = static_cast<std::size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())));
  return v[std::clamp<std::size_t>(rank, 1, v.size()) - 1];
}

/// Mean |x[k+1] − x[k]| / mean(x) × 100 over consecutive strides (both present).
std::optional<float> successive_variability_pct(std::span<const StepRecord> steps, Field f) {
  double diff = 0.0, sum = 0.0;
  std::size_t n = 0;
  for (std::size_t k = 1; k < steps.size(); ++k) {
    const auto& a = steps[k - 1].*f;
    const auto& b = steps[k].*f;
    if (!a || !b || !steps[k - 1].stride_time_s || !steps[k].stride_time_s) continue;
    diff += std::fabs(static_cast<double>(*b) - static_cast<double>(*a));
    sum += static_cast<double>(*a);
    ++n;
  }
  if (n == 0 || sum <= 0.0) return std::nullopt;
  return static_cast<float>(diff / sum * 100.0);
}

/// RMS of successive differences (same unit as the field); optionally relative to the mean (%).
std::optional<double> rmssd(std::span<const StepRecord> steps, Field f, bool relative) {
  double ss = 0.0, sum = 0.0;
  std::size_t n = 0;
  for (std::size_t k = 1; k < steps.size(); ++k) {
    const auto& a = steps[k - 1].*f;
    const auto& b = steps[k].*f;
    if (!a || !b || !steps[k - 1].stride_time_s) continue;
    const double d = static_cast<double>(*b) - static_cast<double>(*a);
    ss += d * d;
    sum += static_cast<double>(*a);
    ++n;
  }
  if (n == 0) return std::nullopt;
  const double r = std::sqrt(ss / static_cast<double>(n));
  if (!relative) return r;
  const double m = sum / static_cast<double>(n);
  return m > 0.0 ? std::optional<double>(r / m * 100.0) : std::nullopt;
}

void add_reason(MetricQuality& q, std::string_view reason) {
  q.reasons.push_back(reason);
  if (q.status == MetricStatus::kOk) q.status = MetricStatus::kDegraded;
}

/// A metric is degraded when more than this share of its strides fails its plausibility check.
constexpr double kMaxImplausibleFraction = 0.05;

void check_plausibility(SummaryQuality& s, std::span<const StepRecord> steps, const SessionQuality& q) {
  std::uint64_t with_cadence = 0, with_contact = 0, with_speed = 0, with_ic = 0;
  for (const StepRecord& r : steps) {
    with_cadence += r.cadence_steps_per_min ? 1u : 0u;
    with_contact += r.duty_factor ? 1u : 0u;
    with_speed += r.speed_mps || r.stride_length_m ? 1u : 0u;
    with_ic += r.ic_index_samples ? 1u : 0u;
    s.implausible_cadence_strides += (r.flags & kStepCadenceImplausible) ? 1u : 0u;
    s.implausible_contact_strides += (r.flags & kStepContactImplausible) ? 1u : 0u;
    s.implausible_speed_strides += (r.flags & kStepSpeedImplausible) ? 1u : 0u;
    s.saturated_steps += (r.flags & kStepAccelSaturated) ? 1u : 0u;
  }
  const auto too_many = [](std::uint64_t bad, std::uint64_t of) {
    return of > 0 && static_cast<double>(bad) > kMaxImplausibleFraction * static_cast<double>(of);
  };
  if (too_many(s.implausible_cadence_strides, with_cadence)) add_reason(s.cadence, "implausible_strides");
  if (too_many(s.implausible_contact_strides, with_contact)) add_reason(s.contact_time, "implausible_strides");
  if (s.distance.status != MetricStatus::kUnavailable && too_many(s.implausible_speed_strides, with_speed))
    add_reason(s.distance, "implausible_stride_speed");
  if (s.distance.status != MetricStatus::kUnavailable && too_many(q.zupt_merged_strides, with_ic))
    add_reason(s.distance, "zupt_merged_strides");
  if (q.samples > 0) s.accel_flat_top_fraction = static_cast<double>(q.accel_flat_top_samples) / static_cast<double>(q.samples);
  if (s.saturated_steps > 0) add_reason(s.impact, "accel_saturated");
}

void fill_quality(SessionSummary& out, std::span<const StepRecord> steps, const SessionQuality& q,
                  const SessionSummarySettings& settings) {
  SummaryQuality& s = out.quality;
  s.sample_rate_hz = q.sample_rate_hz;
  s.samples = q.samples;
  s.lost_samples = q.lost_samples;
  const double expected = static_cast<double>(q.samples + q.lost_samples);
  s.lost_fraction = expected > 0.0 ? static_cast<double>(q.lost_samples) / expected : 0.0;
  s.nonfinite_samples = q.nonfinite_samples;
  if (q.accel_range_g > 0.0f && q.samples > 0)
    s.accel_clipped_fraction = static_cast<double>(q.accel_clipped_samples) / static_cast<double>(q.samples);
  if (q.gyro_range_dps > 0.0f && q.samples > 0)
    s.gyro_clipped_fraction = static_cast<double>(q.gyro_clipped_samples) / static_cast<double>(q.samples);
  s.impact_rate_ok = q.sample_rate_hz >= settings.min_impact_rate_hz;
  if (out.placement == Placement::kFoot && out.strides > 0)
    s.zupt_confidence = std::min(1.0, static_cast<double>(q.zupt_matched_strides) / static_cast<double>(out.strides));

  const bool have_steps = out.strides > 0;
  for (MetricQuality* m : {&s.cadence, &s.contact_time, &s.impact, &s.technique})
    m->status = have_steps ? MetricStatus::kOk : MetricStatus::kUnavailable;
  const double max_clip = static_cast<double>(settings.max_clipped_fraction);
  if (s.lost_fraction > 0.01) {
    for (MetricQuality* m : {&s.cadence, &s.contact_time, &s.impact, &s.technique}) add_reason(*m, "lost_samples");
  }
  if (s.accel_clipped_fraction && *s.accel_clipped_fraction > max_clip) add_reason(s.impact, "accel_clipping");
  if (s.gyro_clipped_fraction && *s.gyro_clipped_fraction > max_clip) {
    add_reason(s.contact_time, "gyro_clipping");
    add_reason(s.technique, "gyro_clipping");
  }
  if (!s.impact_rate_ok) add_reason(s.impact, "sample_rate_below_500hz");
  if (!out.distance_m) {
    s.distance.status = MetricStatus::kUnavailable;
    s.distance.reasons.push_back(out.placement == Placement::kShank ? "shank_needs_step_length_or_distance" : "no_strides");
  } else {
    s.distance.status = MetricStatus::kOk;
    if (s.zupt_confidence && *s.zupt_confidence < 0.9 && out.distance_source == DistanceSource::kZupt)
      add_reason(s.distance, "zupt_low_confidence");
    if (out.distance_source == DistanceSource::kStepLength) add_reason(s.distance, "fixed_step_length");
    if (s.gyro_clipped_fraction && *s.gyro_clipped_fraction > max_clip && out.distance_source == DistanceSource::kZupt)
      add_reason(s.distance, "gyro_clipping");
  }
  if (have_steps) check_plausibility(s, steps, q);
}

/// Without a gyroscope there is no toe-off (contact time, flight, duty factor), no gyro-derived
/// technique and no ZUPT distance: those are unavailable with the reason, never guessed.
void label_accel_only(SummaryQuality& q, const SessionSummary& out) {
  if (out.event_method != EventMethod::kAccelImpact) return;
  q.contact_time = {MetricStatus::kUnavailable, {"accel_only_no_toe_off"}};
  q.technique = {MetricStatus::kUnavailable, {"no_gyroscope"}};
  if (q.distance.status == MetricStatus::kUnavailable && out.placement == Placement::kFoot)
    q.distance.reasons = {"no_gyroscope"};
}

/// Metrics whose method has no real-data reference yet are labelled, whatever the signal quality.
void label_unvalidated(SummaryQuality& q, const SessionSummary& out) {
  // Shank IC/TC: the gyro method (mid-swing peak, troughs around it — Aminian 2002, Salarian 2004,
  // Purcell 2005; in running bias +17 ms, limits of agreement ±100–150 ms, PMC10255839) has not
  // been scored on real shank data with a reference here, so shank contact time is unvalidated.
  if (out.placement == Placement::kShank && q.contact_time.status != MetricStatus::kUnavailable) {
    q.contact_time.status = MetricStatus::kUnvalidated;
    q.contact_time.reasons.push_back("no_real_shank_reference");
  }
  if (out.tibial_frontal_angle_deg) {
    q.tibial_frontal_angle.status = MetricStatus::kUnvalidated;
    q.tibial_frontal_angle.reasons.push_back("no_real_shank_reference");
  } else {
    q.tibial_frontal_angle.status = MetricStatus::kUnavailable;
    q.tibial_frontal_angle.reasons.push_back(out.placement == Placement::kShank ? "no_strides" : "shank_only");
  }
}

void fill_splits(SessionSummary& out, std::span<const StepRecord> steps, double scale, double split_m) {
  if (!out.distance_m || *out.distance_m <= 0.0 || split_m <= 0.0) return;
  double split_start_m = 0.0, split_start_s = steps.empty() ? 0.0 : steps.front().time_s;
  std::size_t first = 0;
  const auto close = [&](std::size_t end, double end_m, double end_s) {
    DistanceSplit d;
    d.number = static_cast<int>(out.splits.size()) + 1;
    d.distance_m = end_m - split_start_m;
    d.duration_s = end_s - split_start_s;
    d.pace_s_per_km = d.distance_m > 0.0 ? d.duration_s / d.distance_m * 1000.0 : 0.0;
    const auto part = steps.subspan(first, end - first);
    d.cadence_steps_per_min = mean_of(part, &StepRecord::cadence_steps_per_min);
    d.contact_time_ms = mean_of(part, &StepRecord::contact_time_ms);
    d.pta_g = mean_of(part, &StepRecord::pta_g);
    out.splits.push_back(d);
    split_start_m = end_m;
    split_start_s = end_s;
    first = end;
  };
  for (std::size_t k = 0; k < steps.size(); ++k) {
    // distance_m is reached at the end of the stride (next IC); interpolate the crossing time.
    const double d_m = steps[k].distance_m * scale;
    const double prev_m = k > 0 ? steps[k - 1].distance_m * scale : 0.0;
    const double t0 = steps[k].time_s;
    const double t1 = t0 + static_cast<double>(steps[k].stride_time_s.value_or(0.0f));
    while (d_m >= split_start_m + split_m) {
      const double target = split_start_m + split_m;
      const double f = d_m > prev_m ? (target - prev_m) / (d_m - prev_m) : 1.0;
      close(k + 1, target, t0 + f * (t1 - t0));
    }
  }
  const double total_m = *out.distance_m;
  if (total_m - split_start_m > 1.0 && first < steps.size()) {
    const auto& last = steps.back();
    close(steps.size(), total_m, last.time_s + static_cast<double>(last.stride_time_s.value_or(0.0f)));
  }
}

void fill_drift(SessionSummary& out, std::span<const StepRecord> steps, float fraction) {
  std::vector<const StepRecord*> moving;
  for (const auto& s : steps)
    if (s.stride_time_s) moving.push_back(&s);
  if (moving.size() < 10) return;
  const double t0 = moving.front()->time_s, t1 = moving.back()->time_s;
  const double span = t1 - t0;
  const auto window_mean = [&](Field f, bool first) {
    double sum = 0.0;
    std::size_t n = 0;
    for (const auto* s : moving) {
      const bool in = first ? s->time_s <= t0 + static_cast<double>(fraction) * span
                            : s->time_s >= t1 - static_cast<double>(fraction) * span;
      if (in && (s->*f)) sum += static_cast<double>(*(s->*f)), ++n;
    }
    return n > 0 ? std::optional<double>(sum / static_cast<double>(n)) : std::nullopt;
  };
  const auto rel = [&](Field f, bool drop) -> std::optional<float> {
    const auto a = window_mean(f, true), b = window_mean(f, false);
    if (!a || !b || *a == 0.0) return std::nullopt;
    return static_cast<float>((drop ? *a - *b : *b - *a) / *a * 100.0);
  };
  out.cadence_drop_pct = rel(&StepRecord::cadence_steps_per_min, true);
  out.pta_rise_pct = rel(&StepRecord::pta_g, false);
  out.contact_time_rise_pct = rel(&StepRecord::contact_time_ms, false);
}

void fill_metrics(SessionSummary& out, std::span<const StepRecord> steps) {
  for (const auto& s : steps) {
    if (s.ic_index_samples) ++out.strides;
    if (s.stride_time_s) out.moving_time_s += static_cast<double>(*s.stride_time_s);
  }
  out.steps = 2 * out.strides;
  const auto cadence = values(steps, &StepRecord::cadence_steps_per_min);
  out.cadence_steps_per_min = mean(cadence);
  if (out.cadence_steps_per_min) out.cadence_strides_per_min = *out.cadence_steps_per_min / 2.0f;
  out.cadence_cv_pct = cv_pct(cadence);
  out.contact_time_ms = mean_of(steps, &StepRecord::contact_time_ms);
  out.flight_time_ms = mean_of(steps, &StepRecord::flight_time_ms);
  out.duty_factor = mean_of(steps, &StepRecord::duty_factor);
  const auto pta = values(steps, &StepRecord::pta_g);
  out.pta_g_mean = mean(pta);
  out.pta_g_p95 = percentile(pta, 95.0);
  if (!pta.empty()) {
    double sum = 0.0;
    for (float x : pta) sum += static_cast<double>(x);
    out.cumulative_pta_g = static_cast<float>(sum);
  }
  out.braking_g = mean_of(steps, &StepRecord::braking_g);
  out.loading_rate_g_per_s = mean_of(steps, &StepRecord::loading_rate_g_per_s);
  out.peak_resultant_g = mean_of(steps, &StepRecord::peak_resultant_g);
  out.strike_angle_deg = mean_of(steps, &StepRecord::strike_angle_deg);
  std::size_t classified = 0, rearfoot = 0;
  for (const auto& s : steps)
    if (s.strike_pattern) ++classified, rearfoot += *s.strike_pattern == FootStrikePattern::kRearfoot ? 1u : 0u;
  if (classified > 0) out.rearfoot_fraction = static_cast<float>(rearfoot) / static_cast<float>(classified);
  out.pronation_excursion_deg = mean_of(steps, &StepRecord::pronation_excursion_deg);
  out.pronation_velocity_dps = mean_of(steps, &StepRecord::pronation_velocity_dps);
  out.tibial_frontal_angle_deg = mean_of(steps, &StepRecord::tibial_frontal_angle_deg);
  out.stride_length_m = mean_of(steps, &StepRecord::stride_length_m);
  // Speed over strides that have both a length and a time (Σ length / Σ time).
  double length_sum_m = 0.0, time_sum_s = 0.0;
  for (const auto& s : steps)
    if (s.stride_length_m && s.stride_time_s)
      length_sum_m += static_cast<double>(*s.stride_length_m), time_sum_s += static_cast<double>(*s.stride_time_s);
  if (time_sum_s > 0.0) out.speed_mps = static_cast<float>(length_sum_m / time_sum_s);
  out.stride_time_variability_pct = successive_variability_pct(steps, &StepRecord::stride_time_s);
  out.contact_time_variability_pct = successive_variability_pct(steps, &StepRecord::contact_time_ms);
  if (out.placement == Placement::kFoot) {
    const auto a = rmssd(steps, &StepRecord::strike_angle_deg, false);
    const auto b = rmssd(steps, &StepRecord::pronation_excursion_deg, false);
    if (a && b) {
      out.surface_unevenness_index = static_cast<float>(std::sqrt((*a * *a + *b * *b) / 2.0));
      out.surface_unevenness_basis = "rmssd_strike_and_pronation_deg";
    }
  } else if (const auto c = rmssd(steps, &StepRecord::pta_g, true)) {
    out.surface_unevenness_index = static_cast<float>(*c);
    out.surface_unevenness_basis = "rmssd_pta_pct";
  }
}

}  // namespace

std::string_view to_string(DistanceSource s) noexcept {
  switch (s) {
    case DistanceSource::kZupt: return "zupt";
    case DistanceSource::kStepLength: return "step_length";
    case DistanceSource::kUser: return "user";
    case DistanceSource::kNone: break;
  }
  return "none";
}

std::string_view to_string(EventMethod m) noexcept {
  return m == EventMethod::kAccelImpact ? "accel_impact" : "gyro_sagittal_rate";
}

std::string_view to_string(MetricStatus s) noexcept {
  switch (s) {
    case MetricStatus::kOk: return "ok";
    case MetricStatus::kDegraded: return "degraded";
    case MetricStatus::kUnvalidated: return "unvalidated";
    case MetricStatus::kUnavailable: break;
  }
  return "unavailable";
}

SessionSummary summarise_session(std::span<const StepRecord> steps, const SessionTotals& totals,
                                 const SessionSummarySettings& settings) {
  SessionSummary out;
  out.placement = totals.placement;
  out.event_method = totals.event_method;
  const SessionQuality& q = totals.quality;
  if (q.samples > 0) {
    const double period_s = q.sample_rate_hz > 0.0f ? 1.0 / static_cast<double>(q.sample_rate_hz) : 0.0;
    out.duration_s = q.last_time_s - q.first_time_s + period_s;
  }
  out.distance_source = totals.distance_source;
  out.distance_m = totals.distance_m;
  double scale = 1.0;  // per-step distances → session distance
  if (settings.user_distance_m && std::isfinite(*settings.user_distance_m) && *settings.user_distance_m >= 0.0) {
    const double estimate = steps.empty() ? 0.0 : steps.back().distance_m;
    scale = estimate > 0.0 ? *settings.user_distance_m / estimate : 0.0;
    out.distance_m = settings.user_distance_m;
    out.distance_source = DistanceSource::kUser;
  } else if (out.distance_m && !steps.empty() && steps.back().distance_m > 0.0) {
    scale = *out.distance_m / steps.back().distance_m;
  }
  fill_metrics(out, steps);
  if (out.distance_source == DistanceSource::kUser && scale == 0.0 && out.moving_time_s > 0.0) {
    // No per-step distances (shank without a step length): spread the user's distance by time.
    out.speed_mps = static_cast<float>(*out.distance_m / out.moving_time_s);
  }
  fill_splits(out, steps, scale, static_cast<double>(settings.split_length_m));
  fill_drift(out, steps, settings.drift_fraction);
  fill_quality(out, steps, q, settings);
  label_accel_only(out.quality, out);
  label_unvalidated(out.quality, out);
  return out;
}

SessionSummary summarise_bilateral(std::span<const StepRecord> left, const SessionTotals& left_totals,
                                   std::span<const StepRecord> right, const SessionTotals& right_totals,
                                   const SessionSummarySettings& settings) {
  // Pool both legs (time order) for the per-stance means; distance from the leg that has one.
  std::vector<StepRecord> all(left.begin(), left.end());
  all.insert(all.end(), right.begin(), right.end());
  std::stable_sort(all.begin(), all.end(), [](const StepRecord& a, const StepRecord& b) { return a.time_s < b.time_s; });
  const SessionTotals& main = left_totals.distance_m ? left_totals : right_totals;
  SessionTotals pooled = main;
  pooled.event_method = std::max(left_totals.event_method, right_totals.event_method);  // accel-only if either is
  pooled.quality.samples = left_totals.quality.samples + right_totals.quality.samples;
  pooled.quality.lost_samples = left_totals.quality.lost_samples + right_totals.quality.lost_samples;
  pooled.quality.nonfinite_samples = left_totals.quality.nonfinite_samples + right_totals.quality.nonfinite_samples;
  pooled.quality.accel_clipped_samples = left_totals.quality.accel_clipped_samples + right_totals.quality.accel_clipped_samples;
  pooled.quality.gyro_clipped_samples = left_totals.quality.gyro_clipped_samples + right_totals.quality.gyro_clipped_samples;
  pooled.quality.accel_flat_top_samples = left_totals.quality.accel_flat_top_samples + right_totals.quality.accel_flat_top_samples;
  pooled.quality.zupt_merged_strides = left_totals.quality.zupt_merged_strides + right_totals.quality.zupt_merged_strides;
  pooled.quality.first_time_s = std::min(left_totals.quality.first_time_s, right_totals.quality.first_time_s);
  pooled.quality.last_time_s = std::max(left_totals.quality.last_time_s, right_totals.quality.last_time_s);
  const std::span<const StepRecord> main_steps = &main == &left_totals ? left : right;
  SessionSummary out = summarise_session(main_steps, pooled, settings);
  const SessionSummary both = summarise_session(all, pooled, settings);
  out.strides = both.strides;
  out.steps = both.strides;  // each stance of either leg is one whole-body step
  out.steps_basis = "two_sensors";
  out.contact_time_ms = both.contact_time_ms;
  out.pta_g_mean = both.pta_g_mean;
  out.pta_g_p95 = both.pta_g_p95;
  out.cumulative_pta_g = both.cumulative_pta_g;
  out.quality = both.quality;

  BilateralSummary b;
  double lr_sum = 0.0, rl_sum = 0.0;
  std::size_t lr = 0, rl = 0;
  for (std::size_t k = 1; k < all.size(); ++k) {
    const StepRecord& a = all[k - 1];
    const StepRecord& c = all[k];
    if (!a.ic_index_samples || !c.ic_index_samples || a.side == c.side || a.side == BodySide::kUnknown) continue;
    const double dt_s = c.time_s - a.time_s;
    if (dt_s <= 0.0 || dt_s > 1.25) continue;  // a pause, not a step
    (a.side == BodySide::kLeft ? lr_sum : rl_sum) += dt_s;
    ++(a.side == BodySide::kLeft ? lr : rl);
  }
  b.steps = lr + rl;
  if (b.steps > 0) {
    const double mean_s = (lr_sum + rl_sum) / static_cast<double>(b.steps);
    b.step_time_ms_mean = static_cast<float>(mean_s * 1000.0);
    b.cadence_steps_per_min = static_cast<float>(60.0 / mean_s);
    out.cadence_steps_per_min = b.cadence_steps_per_min;
    out.cadence_strides_per_min = *b.cadence_steps_per_min / 2.0f;
  }
  const auto si = [](std::optional<float> l, std::optional<float> r) -> std::optional<float> {
    if (!l || !r || *l + *r == 0.0f) return std::nullopt;
    return (*l - *r) / (0.5f * (*l + *r)) * 100.0f;
  };
  if (lr > 0 && rl > 0)
    b.step_time_symmetry_pct = si(static_cast<float>(lr_sum / static_cast<double>(lr)), static_cast<float>(rl_sum / static_cast<double>(rl)));
  b.contact_time_symmetry_pct = si(mean_of(left, &StepRecord::contact_time_ms), mean_of(right, &StepRecord::contact_time_ms));
  b.pta_symmetry_pct = si(mean_of(left, &StepRecord::pta_g), mean_of(right, &StepRecord::pta_g));
  out.bilateral = b;
  return out;
}

SessionSummary summarise_truth(std::span<const GaitStrideTruth> truth, Placement placement, double duration_s) {
  std::vector<StepRecord> steps;
  steps.reserve(truth.size());
  double distance_m = 0.0;
  for (const auto& t : truth) {
    StepRecord r;
    r.time_s = t.ic_time_s.value_or(t.tc_time_s.value_or(0.0));
    if (t.ic_index_samples) r.ic_index_samples = t.ic_index_samples;
    if (t.tc_index_samples) r.tc_index_samples = t.tc_index_samples;
    if (t.ic_time_s && t.tc_time_s) {
      r.stride_time_s = t.stride_time_s;
      r.cadence_steps_per_min = t.cadence_steps_per_min;
      r.contact_time_ms = t.contact_time_ms;
      r.flight_time_ms = t.flight_time_ms;
      r.duty_factor = t.duty_factor;
    }
    if (t.ic_time_s) {
      r.pta_g = t.pta_axial_g;
      if (placement == Placement::kFoot) {
        r.strike_angle_deg = t.strike_angle_deg;
        r.strike_pattern = t.strike_pattern;
        r.pronation_excursion_deg = t.pronation_excursion_deg;
        r.pronation_velocity_dps = t.pronation_velocity_dps;
      } else {
        r.tibial_frontal_angle_deg = t.tibial_frontal_angle_deg;
      }
    }
    if (t.tc_time_s && t.stride_length_m > 0.0f) {
      r.stride_length_m = t.stride_length_m;
      distance_m += static_cast<double>(t.stride_length_m);
      if (t.stride_time_s > 0.0f) r.speed_mps = t.speed_mps;
    }
    r.distance_m = distance_m;
    steps.push_back(r);
  }
  SessionTotals totals;
  totals.placement = placement;
  totals.distance_source = DistanceSource::kZupt;  // the simulated foot's true travel
  totals.distance_m = distance_m;
  totals.quality.samples = 1;
  totals.quality.first_time_s = 0.0;
  totals.quality.last_time_s = duration_s;
  SessionSummary s = summarise_session(steps, totals);
  s.duration_s = duration_s;
  return s;
}

}  // namespace runload::signal
