#include "runload/signal/gait_event_detector.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace runload::signal {
namespace {

float valid_rate(float fs) noexcept { return fs > 0.0f && std::isfinite(fs) ? fs : 1000.0f; }

ButterworthSettings lowpass(float fs, float cutoff_hz) noexcept {
  ButterworthSettings s;
  s.sample_rate_hz = fs;
  s.cutoff_hz = std::min(cutoff_hz, 0.4f * fs);
  s.response = FilterResponse::kLowPass;
  s.order = 2;
  return s;
}

PitchAxisEstimatorSettings axis_settings(float fs) noexcept {
  PitchAxisEstimatorSettings s;
  s.sample_rate_hz = fs;
  return s;
}

}  // namespace

float impact_jerk_scale(float sample_rate_hz, float reference_rate_hz) noexcept {
  if (!(sample_rate_hz > 0.0f) || !(reference_rate_hz > 0.0f) || sample_rate_hz >= reference_rate_hz)
    return 1.0f;
  constexpr double kWindow_s = 0.01;  // the test's window (before rounding) = the fastest landing's rise
  // The share of a landing's rise a stream at `fs` shows within its window (see the header).
  const auto shown = [](double fs) {
    const double window_s = std::max(1.0, std::round(kWindow_s * fs)) / fs;
    const double rise_s = std::sqrt(kWindow_s * kWindow_s + 1.0 / (fs * fs));
    return std::min(1.0, window_s / rise_s);
  };
  return static_cast<float>(std::min(1.0, shown(sample_rate_hz) / shown(reference_rate_hz)));
}

GaitEventDetectorSettings foot_event_detector_settings(float sample_rate_hz) noexcept {
  GaitEventDetectorSettings s;
  s.sample_rate_hz = sample_rate_hz;
  s.placement = Placement::kFoot;
  return s;
}

GaitEventDetectorSettings shank_event_detector_settings(float sample_rate_hz) noexcept {
  GaitEventDetectorSettings s;
  s.sample_rate_hz = sample_rate_hz;
  s.placement = Placement::kShank;
  s.impact_jerk_g = 0.0f;  // the shank's IC method is the gyro's (see the class comment)
  s.foot_flat_dps = 0.0f;  // a shank rotates through all of stance: no foot-flat
  s.pivot_step_yaw_deg = 0.0f;  // pivot steps are found between foot-flat periods
  s.quiet_swing_impact_lookback_ms = 0.0f;  // no foot-flat either
  s.axis_wait_s = 0.0f;  // the kinematic sign vote needs rests between swings, which a shank rarely has
  s.rested_trough_min_rest_ms = 0.0f;  // nor a rest between swing and landing
  s.rest_separates_swings = false;  // nor between two swings
  return s;
}

GaitEventDetector::GaitEventDetector(const GaitEventDetectorSettings& settings)
    : settings_(settings),
      gyro_lp_(lowpass(valid_rate(settings.sample_rate_hz), settings.swing_lowpass_hz)),
      axes_(axis_settings(valid_rate(settings.sample_rate_hz))) {
  settings_.sample_rate_hz = valid_rate(settings_.sample_rate_hz);
  settings_.max_stride_s = std::clamp(settings_.max_stride_s, 0.5f, 10.0f);
  settings_.min_stride_s = std::clamp(settings_.min_stride_s, 0.05f, settings_.max_stride_s);
  settings_.axis_lag_s = std::clamp(settings_.axis_lag_s, 0.0f, 5.0f);
  settings_.axis_wait_s = std::clamp(settings_.axis_wait_s, 0.0f, 5.0f);
  history_.resize(std::bit_ceil(static_cast<std::size_t>(samples_from_s(settings_.max_stride_s + 1.0f + std::max(settings_.axis_lag_s, settings_.axis_wait_s))) + 1));
  mask_ = history_.size() - 1;
  lag_samples_ = samples_from_s(settings_.axis_lag_s);
  wait_samples_ = samples_from_s(settings_.axis_wait_s);
  wait_on_ = wait_samples_ > lag_samples_;
  max_stride_samples_ = samples_from_s(settings_.max_stride_s);
  min_stride_samples_ = samples_from_s(settings_.min_stride_s);
  min_stop_samples_ = std::min(max_stride_samples_, samples_from_s(settings_.min_stop_after_s));
  pivot_on_ = settings_.pivot_step_yaw_deg > 0.0f && settings_.pivot_step_jerk_g > 0.0f && settings_.landing_still_dps > 0.0f;
  still_window_ = std::max<Seq>(1, samples_from_s(0.03f));
  min_still_samples_ = std::max<Seq>(1, samples_from_s(0.05f));
  jerk_lag_ = std::max<Seq>(1, samples_from_s(0.01f));
  const float impact_scale = impact_jerk_scale(settings_.sample_rate_hz, settings_.impact_jerk_rate_hz);
  const float impact_threshold_mps2 = settings_.impact_jerk_g * kStandardGravity_mps2 * impact_scale;
  impact_threshold_sq_ = impact_threshold_mps2 * impact_threshold_mps2;
  pivot_still_ = landing_still_window();
  set_peak_ema(0.0f);
}

FootFlatWindow GaitEventDetector::landing_still_window() const noexcept {
  return FootFlatWindow(still_window_, settings_.landing_still_dps * kDegToRad);
}

void GaitEventDetector::set_peak_ema(float peak_radps) noexcept {
  peak_ema_radps_ = peak_radps;
  swing_threshold_radps_ = std::max(settings_.min_swing_peak_dps * kDegToRad, settings_.relative_swing_threshold * peak_ema_radps_);
}

void GaitEventDetector::reset() noexcept {
  next_seq_ = 0;
  gyro_lp_ = ButterworthFilterVec3(lowpass(settings_.sample_rate_hz, settings_.swing_lowpass_hz));
  axes_.reset();
  set_peak_ema(0.0f);
  stride_ema_s_ = 1.0f;
  in_swing_ = false;
  trough_since_swing_radps_ = 0.0f;
  rested_since_swing_ = false;
  swing_max_radps_ = 0.0f;
  swing_max_seq_ = 0;
  last_ms_.reset();
  last_ms_closed_ = true;
  last_ic_index_.reset();
  processed_seq_ = 0;
  started_ = false;
  pivot_still_.reset();
  still_run_ = 0;
  had_still_ = false;
  in_segment_ = false;
  segment_swing_ = false;
  pivot_ic_.reset();
  pivot_waits_for_cycle_ = false;
}

GaitEventDetector::Seq GaitEventDetector::samples_from_s(float s) const noexcept {
  return static_cast<Seq>(std::max(0.0f, std::round(s * settings_.sample_rate_hz)));
}

float GaitEventDetector::pitch_rate(Seq s) const noexcept {
  return axes_.pitch_axis_sensor().dot(at(s).gyro_sensor_radps);
}

template <class Stop>
std::optional<GaitEventDetector::Seq> GaitEventDetector::find_held(Seq begin, Seq end, Stop&& stop) const noexcept {
  while (begin < end) {
    const std::size_t first_slot = static_cast<std::size_t>(begin) & mask_;
    const Seq run_end = std::min<Seq>(end, begin + (mask_ + 1 - first_slot));  // up to the ring's end
    const Entry* entry = &history_[first_slot];
    for (Seq s = begin; s < run_end; ++s, ++entry)
      if (stop(s, *entry)) return s;
    begin = run_end;
  }
  return std::nullopt;
}

std::optional<GaitEventDetector::Seq> GaitEventDetector::argmin_pitch(Seq begin, Seq end) const noexcept {
  // Only held samples: [oldest, next_seq_). The first one is the minimum so far, then only a lower
  // value moves it (the earliest of equal minima wins).
  const Seq first = std::max(begin, oldest_held()), last = std::min(end, next_seq_);
  if (first >= last) return std::nullopt;
  const Vec3f& axis = axes_.pitch_axis_sensor();
  Seq best = first;
  float best_value = pitch_rate(first);
  find_held(first + 1, last, [&](Seq s, const Entry& e) {
    const float w = axis.dot(e.gyro_sensor_radps);  // pitch_rate(s)
    if (w < best_value) {
      best = s;
      best_value = w;
    }
    return false;
  });
  return best;
}

std::optional<GaitEventDetector::Seq> GaitEventDetector::first_trough(Seq begin, Seq end) const noexcept {
  // The landing: the FIRST clear trough after mid-swing (Salarian 2004, Falbriard 2018), i.e. the
  // first local minimum reaching `first_trough_fraction` of the deepest value in the window; in a
  // turn a later pivot trough can be deeper than the landing.
  const auto deepest = argmin_pitch(begin, end);
  if (!deepest || settings_.first_trough_fraction >= 1.0f) return deepest;
  const float level = settings_.first_trough_fraction * pitch_rate(*deepest);
  // A local minimum at s < deepest needs s − 1 and s + 1 held; s + 1 ≤ deepest is whenever s − 1 is.
  // Each rate is computed once and carried along as the window (before, w, after) slides.
  const Seq from = std::max(begin + 1, oldest_held() + 1);
  if (from >= *deepest) return deepest;
  const Vec3f& axis = axes_.pitch_axis_sensor();
  float before = pitch_rate(from - 1), w = pitch_rate(from);
  const auto after_trough = find_held(from + 1, *deepest + 1, [&](Seq, const Entry& e) {
    const float after = axis.dot(e.gyro_sensor_radps);  // pitch_rate of the sample after w's
    if (w < level && w <= before && w <= after) return true;
    before = w;
    w = after;
    return false;
  });
  return after_trough ? std::optional<Seq>(*after_trough - 1) : deepest;
}

std::optional<GaitEventDetector::Seq> GaitEventDetector::landing(Seq ms, Seq end) const noexcept {
  const auto trough = first_trough(ms, end);
  if (!trough || settings_.weak_landing_trough_dps <= 0.0f ||
      pitch_rate(*trough) < -settings_.weak_landing_trough_dps * kDegToRad)
    return trough && rested_before_trough(ms, *trough) ? std::nullopt : trough;
  // A pivot landing (turn): no clear heel-strike trough; the foot lands when its (mostly yaw)
  // rotation stops, i.e. at the onset of foot-flat.
  const float still = settings_.landing_still_dps * kDegToRad;
  if (settings_.quiet_swing_impact_lookback_ms > 0.0f) {
    // At rest within 30 ms of the "mid-swing": that lobe was the foot rocking flat after it
    // landed; the landing is the impact before it. With no impact at all, the foot did not land
    // from a step: the standing foot rocked, and there is no IC.
    for (Seq s = ms; s < ms + still_window_ && s <= *trough; ++s) {
      if (!held(s) || at(s).gyro_sensor_radps.norm() >= still) continue;
      const Seq lookback = samples_from_s(settings_.quiet_swing_impact_lookback_ms / 1000.0f);
      const auto [impact, jerk_mps2] = largest_jerk(ms > lookback ? ms - lookback : 0, ms);
      if (jerk_mps2 >= settings_.pivot_step_jerk_g * kStandardGravity_mps2 && clear_of_last_ic(impact)) return impact;
      if (jerk_mps2 < settings_.quiet_swing_min_impact_g * kStandardGravity_mps2) return std::nullopt;
      break;
    }
  }
  for (Seq s = ms; s < *trough; ++s)
    if (held(s) && at(s).gyro_sensor_radps.norm() < still) return s;
  return trough;
}

bool GaitEventDetector::rested_before_trough(Seq ms, Seq trough) const noexcept {
  if (settings_.rested_trough_min_rest_ms <= 0.0f || settings_.landing_still_dps <= 0.0f) return false;
  // Foot-flat (raw gyro norm, 30-ms mean, below landing_still_dps) for at least the minimum rest,
  // somewhere between the mid-swing and the trough.
  const Seq min_rest = std::max<Seq>(1, samples_from_s(settings_.rested_trough_min_rest_ms / 1000.0f));
  if (trough < ms + min_rest + still_window_) return false;  // a running stride: no time to rest
  FootFlatWindow still = landing_still_window();
  Seq run = 0;
  bool rested = false;
  for (Seq s = ms; s < trough && !rested; ++s) {
    if (!held(s)) {
      still.reset();
      run = 0;
      continue;
    }
    run = still.update(gyro_norms_back_from(s)) ? run + 1 : 0;
    rested = run >= min_rest;
  }
  if (!rested) return false;
  // A foot that lands, before the rest or after hovering still, shows the landing impact.
  const Seq after = samples_from_s(settings_.rested_trough_impact_after_ms / 1000.0f);
  const float impact_mps2 = settings_.pivot_step_jerk_g * kStandardGravity_mps2;
  return largest_jerk(ms, trough + after).second < impact_mps2;
}

std::pair<GaitEventDetector::Seq, float> GaitEventDetector::largest_jerk(Seq begin, Seq end) const noexcept {
  // The earliest of equal maxima; (begin, 0) when no sample pair is held.
  Seq best = begin;
  float best_sq = 0.0f;
  for (Seq s = std::max(begin, jerk_lag_); s <= end; ++s) {
    if (!held(s) || !held(s - jerk_lag_)) continue;
    const float change_sq = jerk_sq(s);
    if (change_sq > best_sq) {
      best_sq = change_sq;
      best = s;
    }
  }
  return {best, std::sqrt(best_sq)};
}

GaitEventDetector::Seq GaitEventDetector::refine_ic(Seq trough) const noexcept {
  if (!settings_.ic_from_swing_end) return trough;
  // Landing starts where the forward swing rotation ends (last + → − crossing before the trough);
  // IC is placed midway between that crossing and the landing trough.
  const Seq limit = samples_from_s(0.15f);
  Seq zero_crossing = trough;
  while (trough - zero_crossing < limit && held(zero_crossing - 1) && zero_crossing > 0 &&
         pitch_rate(zero_crossing - 1) < 0.0f)
    --zero_crossing;
  return zero_crossing + (trough - zero_crossing) / 2;
}

std::optional<GaitEventDetector::Seq> GaitEventDetector::impact_onset(Seq begin, Seq end) const noexcept {
  if (settings_.impact_jerk_g <= 0.0f) return std::nullopt;
  // The landing impact: the first sample after mid-swing whose specific force differs from that
  // 10 ms earlier by more than impact_jerk_g (a step no swing acceleration makes), scaled to the
  // stream's band limit below impact_jerk_rate_hz.
  for (Seq s = begin + jerk_lag_; s < end; ++s) {
    if (!held(s) || !held(s - jerk_lag_)) continue;
    if (jerk_sq(s) <= impact_threshold_sq_) continue;
    // IC = the impact's peak, within impact_peak_ms of its onset.
    Seq peak = s;
    float peak_sq = at(s).accel_sensor_mps2.squaredNorm();
    const Seq peak_end = s + samples_from_s(settings_.impact_peak_ms / 1000.0f);
    for (Seq p = s + 1; p <= peak_end && held(p); ++p)
      if (at(p).accel_sensor_mps2.squaredNorm() > peak_sq) peak_sq = at(p).accel_sensor_mps2.squaredNorm(), peak = p;
    return peak;
  }
  return std::nullopt;
}

std::optional<GaitEventDetector::Seq> GaitEventDetector::foot_flat(Seq begin, Seq end) const noexcept {
  // The first sample where the raw gyro norm, averaged over the 30 ms before it, is below
  // foot_flat_dps (compared as a sum, without square roots of the window's mean).
  FootFlatWindow flat(still_window_, settings_.foot_flat_dps * kDegToRad);
  for (Seq s = begin; s < end && held(s); ++s)
    if (flat.update(gyro_norms_back_from(s))) return s;
  return std::nullopt;
}

std::optional<GaitEventDetector::Seq> GaitEventDetector::running_landing(Seq impact, Seq end) const noexcept {
  // A landing within min_stride_s of the previous one is the same landing (a relocated IC can
  // reach into the next cycle's window).
  if (settings_.foot_flat_dps <= 0.0f) return impact;
  // The landing is the first impact (from this one on, before `end`) that foot-flat follows.
  const Seq after = samples_from_s(settings_.foot_flat_after_ic_ms / 1000.0f);
  const Seq skip = samples_from_s(settings_.impact_peak_ms / 1000.0f) + 1;
  for (std::optional<Seq> candidate = impact; candidate; candidate = impact_onset(*candidate + skip, end))
    if (clear_of_last_ic(*candidate) && foot_flat(*candidate, *candidate + after + 1)) return *candidate;
  // No foot-flat anywhere in the cycle (fast running rolls through stance): the first impact.
  return clear_of_last_ic(impact) ? std::optional<Seq>(impact) : std::nullopt;
}

GaitEventDetector::Seq GaitEventDetector::refine_tc(Seq trough, Seq end) const noexcept {
  if (settings_.tc_recovery_fraction <= 0.0f) return trough;
  // Toe-off: the push-off rotation has eased to `tc_recovery_fraction` of its peak.
  const float level = settings_.tc_recovery_fraction * pitch_rate(trough);
  Seq s = trough;
  while (s + 1 < end && held(s + 1) && pitch_rate(s) < level) ++s;
  return s;
}

GaitCycleEvents GaitEventDetector::make_events(std::optional<Seq> ic, std::optional<Seq> tc, std::optional<Seq> prev_ms,
                                               std::optional<Seq> ms, bool refine) noexcept {
  GaitCycleEvents e;
  e.pitch_axis_sensor = axes_.pitch_axis_sensor();
  e.up_axis_sensor = axes_.up_axis_sensor();
  const auto shifted = [&](Seq s, float offset_ms, std::optional<std::uint64_t>& index, std::optional<DeviceTime>& t) {
    const auto shift = static_cast<std::int64_t>(std::lround(offset_ms * settings_.sample_rate_hz / 1000.0f));
    index = static_cast<std::uint64_t>(static_cast<std::int64_t>(at(s).index_samples) + shift);
    t = at(s).t_device + DeviceClock::duration{static_cast<std::int64_t>(std::lround(offset_ms * 1000.0f))};
  };
  if (ic && refine) {
    const Seq gyro_ic = refine_ic(*ic);
    // Running by this cycle's duration when it is complete (the usual stride starts at 1 s and
    // needs a few strides to follow the first running ones), else by the usual stride.
    const float stride_s = prev_ms && ms ? static_cast<float>(*ms - *prev_ms) / settings_.sample_rate_hz : stride_ema_s_;
    const bool running = stride_s < settings_.running_stride_s;
    const auto onset = prev_ms && running ? impact_onset(*prev_ms, gyro_ic + samples_from_s(settings_.impact_search_after_ms / 1000.0f) + 1) : std::nullopt;
    // A landing after this cycle's closing mid-swing is the next cycle's.
    ic = running ? running_landing(onset ? *onset : gyro_ic, ms.value_or(gyro_ic + samples_from_s(stride_ema_s_))) : gyro_ic;
  }
  if (ic) {
    last_ic_index_ = at(*ic).index_samples;
    shifted(*ic, settings_.ic_offset_ms, e.ic_index_samples, e.ic_time);
    // Peak axial specific force in the impact window.
    const Seq end = *ic + samples_from_s(settings_.pta_window_ms / 1000.0f) + 1;
    float peak_mps2 = -1e30f;
    for (Seq s = *ic; s < end && held(s); ++s) peak_mps2 = std::max(peak_mps2, e.up_axis_sensor.dot(at(s).accel_sensor_mps2));
    if (peak_mps2 > -1e29f) e.pta_axial_g = peak_mps2 / kStandardGravity_mps2;
  }
  if (tc) {
    tc = refine_tc(*tc, ms.value_or(*tc + samples_from_s(0.2f)));
    shifted(*tc, settings_.tc_offset_ms, e.tc_index_samples, e.tc_time);
  }
  if (ic && tc && *tc > *ic + 2) {
    // Mid-stance: the quietest instant in the central 80 % of stance.
    const Seq margin = (*tc - *ic) / 10;
    Seq best = *ic + margin;
    float best_norm = 1e30f;
    for (Seq s = *ic + margin; s < *tc - margin; ++s) {
      const float n = at(s).gyro_lp_sensor_radps.norm();
      if (n < best_norm) {
        best_norm = n;
        best = s;
      }
    }
    e.mid_stance_index_samples = at(best).index_samples;
  }
  if (prev_ms) e.previous_mid_swing_index_samples = at(*prev_ms).index_samples;
  if (ms) e.mid_swing_index_samples = at(*ms).index_samples;
  return e;
}

std::optional<GaitCycleEvents> GaitEventDetector::update(const ImuSample& sample) noexcept {
  if (!all_finite(sample.accel_sensor_mps2, sample.gyro_sensor_radps)) return std::nullopt;
  return update_finite(sample);
}

std::optional<GaitCycleEvents> GaitEventDetector::update_finite(const ImuSample& sample) noexcept {
  // The sample is finite (checked by the caller) and so is the low-pass output, always.
  const Vec3f& gyro_lp = gyro_lp_.update(sample.gyro_sensor_radps);
  axes_.update_finite(sample.gyro_sensor_radps, gyro_lp, sample.accel_sensor_mps2);
  const Seq newest = next_seq_++;
  slot(newest) = Entry{sample.index_samples, sample.t_device, sample.gyro_sensor_radps, gyro_lp, sample.accel_sensor_mps2};
  if (!axes_.ready()) return std::nullopt;
  // Events run `axis_lag_s` behind the input, so the first swings (seen while the axis was still
  // being learnt) are analysed with the learnt axis, and the landing after a mid-swing is in the
  // history when that mid-swing is confirmed.
  if (newest < lag_samples_) return std::nullopt;
  const Seq due = newest - lag_samples_;
  if (!started_) [[unlikely]] {
    started_ = true;
    processed_seq_ = due;
  }
  // The usual case: the one sample `axis_lag_s` back is due. Otherwise the start waits for the sign.
  if (processed_seq_ == due && (!wait_on_ | axes_.sign_settled())) [[likely]] {
    processed_seq_ = due + 1;
    return process(due);
  }
  return process_backlog(newest);
}

std::optional<GaitCycleEvents> GaitEventDetector::process_backlog(Seq newest) noexcept {
  // While the sign vote is undecided and uncontested the delay grows up to axis_wait_s; after that
  // (or once it decides) the backlog is analysed two samples per update, at most one event each.
  Seq limit = newest - lag_samples_ + 1;
  if (wait_on_ && !axes_.sign_settled()) limit = std::min(limit, newest >= wait_samples_ ? newest - wait_samples_ + 1 : Seq{0});
  for (int k = 0; k < 2 && processed_seq_ < limit; ++k)
    if (auto e = process(processed_seq_++)) return e;
  return std::nullopt;
}

std::optional<GaitCycleEvents> GaitEventDetector::flush() noexcept {
  // End of the data: analyse the lagged tail as if more (still) samples followed.
  if (!axes_.ready()) return std::nullopt;
  processed_seq_ = std::max(processed_seq_, oldest_held());
  while (processed_seq_ < next_seq_) {
    if (auto e = process(processed_seq_++)) return e;
  }
  if (last_ms_ && !last_ms_closed_) {
    last_ms_closed_ = true;
    const auto ic = landing(*last_ms_, std::min(next_seq_, *last_ms_ + event_window()));
    if (ic) {
      std::optional<GaitCycleEvents> e = make_events(ic, std::nullopt, last_ms_, std::nullopt);
      drop_pivot_near(e);
      return e;
    }
  }
  pivot_waits_for_cycle_ = false;
  return take_pivot();
}

std::optional<std::uint64_t> GaitEventDetector::settled_index_samples() const noexcept {
  if (next_seq_ == 0) return std::nullopt;
  Seq s = processed_seq_;
  if (last_ms_ && !last_ms_closed_) s = std::min(s, *last_ms_);
  // A pivot step may still be found in the open motion segment (walking, no swing in it so far),
  // or is waiting to be reported.
  if (in_segment_ && !segment_swing_ && stride_ema_s_ >= settings_.running_stride_s &&
      segment_pitch_max_radps_ < settings_.pivot_step_max_pitch_dps * kDegToRad &&
      processed_seq_ - std::min(processed_seq_, segment_begin_) <= max_stride_samples_)
    s = std::min(s, segment_begin_);
  if (pivot_ic_) s = std::min(s, *pivot_ic_);
  if (s >= next_seq_) return at(next_seq_ - 1).index_samples + 1;
  return at(std::max(s, oldest_held())).index_samples;
}

GaitEventDetector::Seq GaitEventDetector::event_window() const noexcept {
  return std::min(samples_from_s(settings_.event_search_fraction * stride_ema_s_), samples_from_s(settings_.max_stride_s));
}

std::optional<GaitCycleEvents> GaitEventDetector::process(Seq seq) noexcept {
  const float w = axes_.pitch_axis_sensor().dot(at(seq).gyro_lp_sensor_radps);
  if (pivot_on_) track_pivot(seq, w);
  std::optional<GaitCycleEvents> out = process_cycle(seq, w);
  if (pivot_ic_) [[unlikely]] {
    if (out) drop_pivot_near(out);
    else return take_pivot();
  }
  return out;
}

std::optional<GaitCycleEvents> GaitEventDetector::process_cycle(Seq seq, float w) noexcept {
  // Gait stopped (no swing for 1.6 usual strides): report the last landing (IC only) after the last
  // MS. A later swing restarts with a push-off (TC only); the events are the same as in a stance
  // cycle, only the contact time of that stance is not reported.
  // (min_stop_samples_ bounds the limit from below: the exact one is only computed past that bound.)
  if (last_ms_ && !last_ms_closed_ && seq - *last_ms_ > min_stop_samples_) [[unlikely]] {
    if (!next_swing_open(seq))
      if (auto last_landing = close_stopped_gait(seq)) return last_landing;
  }

  // Mid-swing: the peak of each positive lobe of the low-passed pitch rate.
  const float threshold = swing_threshold_radps_;
  if (!in_swing_) {
    trough_since_swing_radps_ = std::min(trough_since_swing_radps_, w);
    // A foot-flat period (the pivot tracker's: walking foot only) is a landing as well.
    rested_since_swing_ |= settings_.rest_separates_swings && still_run_ >= min_still_samples_;
    if (w > threshold) {
      in_swing_ = true;
      swing_max_radps_ = w;
      swing_max_seq_ = seq;
    }
    return std::nullopt;
  }
  if (w > swing_max_radps_) {
    swing_max_radps_ = w;
    swing_max_seq_ = seq;
  }
  if (w > 0.5f * threshold) return std::nullopt;
  in_swing_ = false;
  return end_swing();
}

bool GaitEventDetector::next_swing_open(Seq seq) const noexcept {
  // A foot in swing has not stopped: it is about to land. When the next swing lobe is already open
  // (above the swing threshold, after a landing or a rest since the last swing: a new swing, not a
  // second lobe of the last one), the stop waits for that lobe to end and the cycle is closed as a
  // whole one — up to open_swing_max_strides usual strides (a longer cycle holds a pause) and
  // max_stride_s, the longest cycle end_swing() accepts.
  if (!settings_.stop_waits_for_open_swing || !in_swing_) return false;
  const Seq longest = std::min(max_stride_samples_, samples_from_s(settings_.open_swing_max_strides * stride_ema_s_));
  if (seq - *last_ms_ > longest) return false;
  return trough_since_swing_radps_ < -settings_.min_landing_trough_dps * kDegToRad || rested_since_swing_;
}

std::optional<GaitCycleEvents> GaitEventDetector::close_stopped_gait(Seq seq) noexcept {
  // Never below the longest plausible walking stride: after running, the first walking strides are
  // longer than 1.6 running strides and must not read as a stop (the usual stride adapts only
  // through full cycles).
  const Seq stop_after = std::min(max_stride_samples_, samples_from_s(std::max(settings_.stop_after_strides * stride_ema_s_, settings_.min_stop_after_s)));
  if (seq - *last_ms_ <= stop_after) return std::nullopt;
  last_ms_closed_ = true;
  const auto ic = landing(*last_ms_, *last_ms_ + event_window());
  if (ic) return make_events(ic, std::nullopt, last_ms_, std::nullopt);
  return std::nullopt;
}

std::optional<GaitCycleEvents> GaitEventDetector::end_swing() noexcept {
  const Seq ms = swing_max_seq_;
  // Between two swings the foot lands and pushes off: the pitch rate goes clearly negative, or (a
  // foot set down flat, without a heel strike, in slow turn and closing steps) the foot rests. A lobe
  // with neither since the previous one is the same swing (a dip inside one swing), and no
  // stride is shorter than min_stride_s. (A refractory period proportional to the usual stride would
  // drop the short, small steps of turns and of the final shuffle when the subject stops.)
  const bool landed = trough_since_swing_radps_ < -settings_.min_landing_trough_dps * kDegToRad || rested_since_swing_;
  trough_since_swing_radps_ = 0.0f;
  rested_since_swing_ = false;
  if (last_ms_ && (ms - *last_ms_ < min_stride_samples_ || !landed)) return std::nullopt;
  set_peak_ema(peak_ema_radps_ <= 0.0f ? swing_max_radps_ : 0.8f * peak_ema_radps_ + 0.2f * swing_max_radps_);
  if (in_segment_ && ms >= segment_begin_) segment_swing_ = true;

  std::optional<GaitCycleEvents> out;
  if (last_ms_ && !last_ms_closed_ && ms - *last_ms_ <= max_stride_samples_) {
    // A full cycle: IC = the landing trough just after the previous MS, TC = the push-off trough
    // just before this MS (Falbriard 2018), each searched in the half cycle on its side but no
    // further than `event_search_fraction` of the usual stride from its MS (long turn cycles hold
    // pivot troughs in between).
    const Seq mid = *last_ms_ + (ms - *last_ms_) / 2;
    const Seq window = event_window();
    const Seq ic_end = std::min(mid, *last_ms_ + window);
    const Seq tc_begin = std::max(mid, ms > window ? ms - window : 0);
    out = make_events(landing(*last_ms_, ic_end), argmin_pitch(tc_begin, ms), last_ms_, ms);
    const float stride_s = static_cast<float>(ms - *last_ms_) / settings_.sample_rate_hz;
    stride_ema_s_ = 0.8f * stride_ema_s_ + 0.2f * stride_s;
  } else {
    // Gait (re)started: the push-off before this first swing (TC only).
    const Seq window = event_window();
    const Seq begin = ms > window ? ms - window : 0;
    out = make_events(std::nullopt, argmin_pitch(begin, ms), std::nullopt, ms);
  }
  last_ms_ = ms;
  last_ms_closed_ = false;
  return out;
}

std::vector<GaitCycleEvents> GaitEventDetector::detect(std::span<const ImuSample> samples, float sampling_rate_hz,
                                                       const GaitEventDetectorSettings& settings) {
  GaitEventDetectorSettings s = settings;
  s.sample_rate_hz = sampling_rate_hz;
  GaitEventDetector detector(s);
  std::vector<GaitCycleEvents> out;
  for (const ImuSample& sample : samples)
    if (auto e = detector.update(sample)) out.push_back(*e);
  while (auto e = detector.flush()) out.push_back(*e);
  return out;
}

}  // namespace runload::signal
