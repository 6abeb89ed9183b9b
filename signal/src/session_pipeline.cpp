#include "runload/signal/session_pipeline.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

namespace runload::signal {
namespace {

float valid_rate(float hz) noexcept { return std::isfinite(hz) && hz > 0.0f ? hz : 1000.0f; }

GyroBiasEstimatorSettings bias_settings(float fs) noexcept {
  GyroBiasEstimatorSettings s;
  s.sample_rate_hz = fs;
  return s;
}

ZuptStrapdownSettings zupt_settings(float fs) noexcept {
  ZuptStrapdownSettings s;
  s.sample_rate_hz = fs;
  return s;
}

GaitEventDetectorSettings detector_settings(const SessionPipelineSettings& s, float fs) noexcept {
  return s.placement == Placement::kShank ? shank_event_detector_settings(fs) : foot_event_detector_settings(fs);
}

AccelImpactDetectorSettings accel_detector_settings(float fs) noexcept {
  AccelImpactDetectorSettings s;
  s.sample_rate_hz = fs;
  return s;
}

bool finite(const ImuSample& s) noexcept { return all_finite(s.accel_sensor_mps2, s.gyro_sensor_radps); }

}  // namespace

ZeroVelocityDetectorSettings pipeline_zero_velocity_settings(float sample_rate_hz) noexcept {
  const float fs = valid_rate(sample_rate_hz);
  ZeroVelocityDetectorSettings s;
  s.sample_rate_hz = fs;
  s.window_s = std::max(0.03f, 2.5f / fs);  // ≥ 3 samples
  s.gamma = 3.0e4f;
  return s;
}

SessionPipeline::SessionPipeline(const SessionPipelineSettings& settings)
    : settings_(settings),
      foot_(settings.placement != Placement::kShank),
      bias_(bias_settings(valid_rate(settings.sample_rate_hz))),
      detector_(detector_settings(settings, valid_rate(settings.sample_rate_hz))),
      gyro_presence_(valid_rate(settings.sample_rate_hz)),
      accel_detector_(accel_detector_settings(valid_rate(settings.sample_rate_hz))),
      zero_velocity_(pipeline_zero_velocity_settings(settings.sample_rate_hz)),
      zupt_(zupt_settings(valid_rate(settings.sample_rate_hz))) {
  settings_.sample_rate_hz = valid_rate(settings_.sample_rate_hz);
  if (settings_.ignore_gyroscope) method_decided_ = accel_only_ = true;  // shank_gyro_ stays false
  settings_.placement = foot_ ? Placement::kFoot : Placement::kShank;
  const float fs = settings_.sample_rate_hz;
  metrics_settings_.sample_rate_hz = fs;
  metrics_settings_.placement = settings_.placement;
  metrics_settings_.side = settings_.side;  // signs eversion; unknown side: no pronation
  const float history_s = std::clamp(std::isfinite(settings_.history_s) ? settings_.history_s : 30.0f, 16.0f, 120.0f);
  const auto capacity = static_cast<std::size_t>(std::lround(history_s * fs)) + 1;
  history_.reserve(capacity);
  if (foot_) statistic_.reserve(capacity);  // the shank has no zero-velocity stage
  // After a compaction the newest 12 s stay (7 s on the shank, which has no lagging strapdown): the
  // held-back stance is at most ~2 strides + the detector's lag old, and the foot's strapdown lags
  // the input by at most 10 s. Compacting moves keep / (capacity − keep) samples per sample.
  const float keep_s = foot_ ? 12.0f : 7.0f;
  keep_samples_ = std::max<std::size_t>(1, std::min(capacity * 3 / 4, static_cast<std::size_t>(std::lround(keep_s * fs))));
  force_lag_samples_ = static_cast<std::uint64_t>(std::lround(10.0f * fs));
  impact_window_samples_ = static_cast<std::uint64_t>(std::lround(metrics_settings_.impact_window_ms * fs / 1000.0f));
  quality_.sample_rate_hz = fs;
  quality_.accel_range_g = std::isfinite(settings_.accel_range_g) ? std::max(0.0f, settings_.accel_range_g) : 0.0f;
  quality_.gyro_range_dps = std::isfinite(settings_.gyro_range_dps) ? std::max(0.0f, settings_.gyro_range_dps) : 0.0f;
  accel_clip_mps2_ = 0.95f * quality_.accel_range_g * kStandardGravity_mps2;
  gyro_clip_radps_ = 0.95f * quality_.gyro_range_dps * std::numbers::pi_v<float> / 180.0f;
  check_clipping_ = accel_clip_mps2_ > 0.0f || gyro_clip_radps_ > 0.0f;
}

double SessionPipeline::seconds(DeviceTime t) const noexcept {
  return static_cast<double>(to_us(t) - to_us(first_time_)) * 1e-6;
}

void SessionPipeline::count_quality(const ImuSample& s) noexcept {
  ++quality_.samples;
  last_time_ = s.t_device;  // converted to seconds in totals()
  if (have_first_ && s.index_samples > last_index_ && s.index_samples - 1 == last_index_) [[likely]] {
    last_index_ = s.index_samples;
  } else if (!have_first_) {
    have_first_ = true;
    first_time_ = s.t_device;
    quality_.first_time_s = static_cast<double>(to_us(s.t_device)) * 1e-6;
    last_index_ = s.index_samples;
  } else {
    if (s.index_samples > last_index_ + 1) quality_.lost_samples += s.index_samples - last_index_ - 1;
    if (s.index_samples > last_index_) last_index_ = s.index_samples;
  }
  if (check_clipping_) [[unlikely]] count_clipping(s);
}

void SessionPipeline::count_clipping(const ImuSample& s) noexcept {
  if (accel_clip_mps2_ > 0.0f && s.accel_sensor_mps2.cwiseAbs().maxCoeff() >= accel_clip_mps2_)
    ++quality_.accel_clipped_samples;
  if (gyro_clip_radps_ > 0.0f && s.gyro_sensor_radps.cwiseAbs().maxCoeff() >= gyro_clip_radps_)
    ++quality_.gyro_clipped_samples;
}

void SessionPipeline::compact_history() noexcept {
  // Keep the newest samples; the held-back stance must stay inside the kept part, else it is
  // emitted now without its stride (a pause longer than the history). The strapdown is brought
  // up to the kept part first (with what is known of those samples' stance).
  const std::size_t drop = history_.size() - keep_samples_;
  while (zupt_on() && strapdown_position_ < drop) feed_strapdown();
  const std::uint64_t first_kept = history_[drop].index_samples;
  if (pending_ && pending_->ic_index_samples && *pending_->ic_index_samples < first_kept) {
    const GaitCycleEvents stance = *pending_;
    pending_.reset();
    emit(stance, nullptr);
  }
  std::move(history_.begin() + static_cast<std::ptrdiff_t>(drop), history_.end(), history_.begin());
  history_.resize(keep_samples_);
  if (foot_) {
    std::move(statistic_.begin() + static_cast<std::ptrdiff_t>(drop), statistic_.end(), statistic_.begin());
    statistic_.resize(keep_samples_);
    strapdown_position_ -= drop;
  }
}

std::size_t SessionPipeline::position(std::uint64_t index) const noexcept {
  const auto it = std::lower_bound(history_.begin(), history_.end(), index,
                                   [](const ImuSample& s, std::uint64_t i) { return s.index_samples < i; });
  return static_cast<std::size_t>(it - history_.begin());
}

bool SessionPipeline::in_stance_valley(std::uint64_t index) noexcept {
  // Valleys are registered in time order and the strapdown moves forward: drop the passed ones.
  while (valley_count_ > 0 && valleys_[valley_first_].second <= index) {
    valley_first_ = (valley_first_ + 1) % valleys_.size();
    --valley_count_;
  }
  for (std::size_t k = 0; k < valley_count_; ++k) {
    const auto& [begin, end] = valleys_[(valley_first_ + k) % valleys_.size()];
    if (index >= begin && index < end) return true;
  }
  return false;
}

void SessionPipeline::feed_strapdown() noexcept {
  const ImuSample& s = history_[strapdown_position_];
  const float t = statistic_[strapdown_position_];
  ++strapdown_position_;
  const bool stance = t < zero_velocity_.settings().gamma || in_stance_valley(s.index_samples);
  if (stance) ++quality_.stance_samples;
  const ZuptStrapdownOutput& z = zupt_.update(s, stance);
  if (z.stride) zupt_strides_[zupt_count_++ % zupt_strides_.size()] = *z.stride;
}

void SessionPipeline::advance_strapdown(std::uint64_t horizon_index) noexcept {
  if (history_.empty()) return;
  const std::uint64_t newest = history_.back().index_samples;
  const std::uint64_t forced = newest > force_lag_samples_ ? newest - force_lag_samples_ : 0;
  horizon_index = std::max(horizon_index, forced);
  while (strapdown_position_ < history_.size() && history_[strapdown_position_].index_samples < horizon_index) feed_strapdown();
}

void SessionPipeline::register_stance_valley(const GaitCycleEvents& events) noexcept {
  // The stance lies between the two mid-swings that bound it; a last landing before a stop has no
  // next mid-swing: search up to half a second after its IC.
  if (!events.previous_mid_swing_index_samples) return;
  const std::uint64_t begin_index = *events.previous_mid_swing_index_samples;
  std::uint64_t end_index = 0;
  if (events.mid_swing_index_samples) {
    end_index = *events.mid_swing_index_samples;
  } else if (events.ic_index_samples) {
    end_index = *events.ic_index_samples + static_cast<std::uint64_t>(std::lround(0.5f * settings_.sample_rate_hz));
  } else {
    return;
  }
  // Only samples the strapdown has not seen yet and whose statistic is known.
  const std::size_t known = history_.size() > zero_velocity_.delay_samples() ? history_.size() - zero_velocity_.delay_samples() : 0;
  const std::size_t begin = std::max(position(begin_index), strapdown_position_);
  const std::size_t end = std::min(position(end_index), known);
  if (begin >= end) return;
  const auto valley = find_stance_valley(std::span<const float>(statistic_).subspan(begin, end - begin), valley_settings_);
  if (!valley) return;
  if (valley_count_ == valleys_.size()) {  // cannot happen: the strapdown passes valleys within ~10 s
    valley_first_ = (valley_first_ + 1) % valleys_.size();
    --valley_count_;
  }
  const std::uint64_t first = history_[begin + valley->begin].index_samples;
  const std::uint64_t last = history_[begin + valley->end - 1].index_samples;
  valleys_[(valley_first_ + valley_count_) % valleys_.size()] = {first, last + 1};
  ++valley_count_;
}

std::span<const StepRecord> SessionPipeline::update(const ImuSample& sample) noexcept {
  out_size_ = 0;
  count_quality(sample);
  if (!finite(sample)) [[unlikely]] {
    ++quality_.nonfinite_samples;
    return {};
  }
  if (history_.size() == history_.capacity()) [[unlikely]] compact_history();
  history_.push_back(sample);  // within the reserved capacity: no allocation
  if (shank_gyro_) [[likely]] {
    // feed_detector()'s shank path with one test instead of four. The sample is the caller's (not
    // the copy just stored: reading that back waits on the stores).
    if (const auto events = detector_.update_finite(sample)) on_events(*events);
    return {out_.data(), out_size_};
  }
  if (foot_) prepare_foot_sample(history_.back());
  if (method_decided_) [[likely]] {
    feed_detector(foot_ ? history_.back() : sample);
  } else if (const auto gyro_present = gyro_presence_.update(sample)) {
    decide_event_method(*gyro_present);
  }
  return {out_.data(), out_size_};
}

void SessionPipeline::prepare_foot_sample(ImuSample& s) noexcept {
  // Gyro bias from rest blocks (frozen while moving), subtracted before everything else.
  s.gyro_sensor_radps -= bias_.update(s).bias_sensor_radps;
  statistic_.push_back(std::numeric_limits<float>::quiet_NaN());
  // The statistic describes the window centre, delay_samples() back.
  const ZeroVelocityOutput zv = zero_velocity_.update(s);
  const std::size_t delay = zero_velocity_.delay_samples();
  if (zv.valid && statistic_.size() > delay) statistic_[statistic_.size() - 1 - delay] = zv.statistic;
}

void SessionPipeline::decide_event_method(bool gyro_present) noexcept {
  // The samples seen while deciding (≤ 1 s, inside the history) go to the chosen detector now.
  method_decided_ = true;
  accel_only_ = !gyro_present;
  shank_gyro_ = !foot_ && !accel_only_;
  for (const ImuSample& s : history_) feed_detector(s);
}

void SessionPipeline::feed_detector(const ImuSample& s) noexcept {
  if (accel_only_) {
    if (const auto events = accel_detector_.update(s)) on_events(*events);
    return;
  }
  // Every sample here was checked finite in update(); a foot's bias-corrected rate is checked again.
  if (const auto events = foot_ ? detector_.update(s) : detector_.update_finite(s)) {
    on_events(*events);
  } else if (foot_) {
    advance_strapdown(detector_.settled_index_samples().value_or(0));
  }
}

void SessionPipeline::on_events(const GaitCycleEvents& events) noexcept {
  if (zupt_on()) {
    register_stance_valley(events);
    advance_strapdown(detector_.settled_index_samples().value_or(0));
  }
  if (pending_) emit(*pending_, &events);
  pending_ = events;
}

void SessionPipeline::emit(const GaitCycleEvents& stance, const GaitCycleEvents* next) noexcept {
  if (out_size_ == out_.size()) return;  // cannot happen: two stances per sample, a held-back tail at finish()
  std::array<GaitCycleEvents, 2> pair{stance, next ? *next : GaitCycleEvents{}};
  const std::span<const GaitCycleEvents> events(pair.data(), next ? 2u : 1u);
  // Only this stance is measured: the next one is there for the stride time (its IC), and its own
  // metrics come when it is emitted (measuring it here too doubled the per-stride work).
  std::array<StepMetrics, 1> metrics_storage{};
  const std::size_t measured = StepMetricsEstimator::estimate(history_, events, metrics_settings_, metrics_storage);
  const std::span<const StepMetrics> metrics(metrics_storage.data(), measured);
  StepRecord r;
  r.side = settings_.side;
  r.ic_index_samples = stance.ic_index_samples;
  r.tc_index_samples = stance.tc_index_samples;
  const std::optional<DeviceTime> t = stance.ic_time ? stance.ic_time : stance.tc_time;
  r.time_s = t ? seconds(*t) : 0.0;
  if (!metrics.empty()) {
    const StepMetrics& m = metrics.front();
    r.stride_time_s = m.stride_time_s;
    r.cadence_steps_per_min = m.cadence_steps_per_min;
    r.contact_time_ms = m.contact_time_ms;
    r.flight_time_ms = m.flight_time_ms;
    r.duty_factor = m.duty_factor;
    r.pta_g = m.pta_axial_g;
    r.peak_resultant_g = m.peak_resultant_g;
    r.braking_g = m.braking_g;
    r.loading_rate_g_per_s = m.loading_rate_g_per_s;
    r.strike_angle_deg = m.strike_angle_deg;
    r.strike_pattern = m.strike_pattern;
    r.pronation_excursion_deg = m.pronation_excursion_deg;
    r.pronation_velocity_dps = m.pronation_velocity_dps;
    r.tibial_frontal_angle_deg = m.tibial_frontal_angle_deg;
  }
  if (accel_only_) {
    // Only IC, cadence and impact exist without a gyroscope (the estimator's technique values would
    // rest on a default pitch axis).
    r.strike_angle_deg.reset();
    r.strike_pattern.reset();
    r.pronation_excursion_deg.reset();
    r.pronation_velocity_dps.reset();
    r.tibial_frontal_angle_deg.reset();
    r.braking_g.reset();
  }
  if (zupt_on()) {
    attach_zupt_stride(stance, r);
  } else if (settings_.step_length_m && r.stride_time_s) {
    r.stride_length_m = 2.0f * *settings_.step_length_m;
    r.speed_mps = *r.stride_length_m / *r.stride_time_s;
  }
  r.flags = check_stride_plausibility(r);
  if (stance.ic_index_samples) {
    // Saturation in this step's impact window, seen in the data (whether or not the range is known).
    const std::size_t begin = position(*stance.ic_index_samples);
    const std::size_t end = position(*stance.ic_index_samples + impact_window_samples_ + 1);
    const auto window = std::span<const ImuSample>(history_).subspan(begin, end - begin);
    const auto flat = count_flat_top(window);
    // With a known range, a sample at ≥ 95 % of it is clipped even when the top is not flat for
    // three samples (a one- or two-sample excursion at 1 kHz).
    const bool at_range = accel_clip_mps2_ > 0.0f && std::any_of(window.begin(), window.end(), [&](const ImuSample& x) {
      return x.accel_sensor_mps2.cwiseAbs().maxCoeff() >= accel_clip_mps2_;
    });
    if (flat > 0 || at_range) r.flags |= kStepAccelSaturated;
    quality_.accel_flat_top_samples += flat;
  }
  if (r.stride_length_m) distance_m_ += static_cast<double>(*r.stride_length_m);
  r.distance_m = distance_m_;
  out_[out_size_++] = r;
}

void SessionPipeline::attach_zupt_stride(const GaitCycleEvents& stance, StepRecord& r) noexcept {
  // The ZUPT stride of this stance runs from its zero-velocity interval (inside the stance, between
  // IC and TC) to the next stance's. Each ZUPT stride is attached at most once, in time order; one
  // that lasts much longer than the detected stride spans a missed foot-flat (merged strides): it
  // is counted and attached to nothing (its length stays in the session distance).
  const std::optional<DeviceTime> ref = stance.tc_time ? stance.tc_time : stance.ic_time;
  if (!ref) return;
  // Starts inside the stance (IC − 100 ms … TC + 100 ms); a push-off after a rest (no IC) takes
  // the stride that starts in the rest before it.
  const std::int64_t from_us = stance.ic_time ? to_us(*stance.ic_time) - 100'000 : std::numeric_limits<std::int64_t>::min();
  const std::int64_t until_us = to_us(*ref) + 100'000;
  const std::size_t held = std::min(zupt_count_, zupt_strides_.size());
  zupt_used_ = std::max(zupt_used_, zupt_count_ - held);
  std::optional<StrideResult> found;
  for (; zupt_used_ < zupt_count_; ++zupt_used_) {
    const StrideResult& z = zupt_strides_[zupt_used_ % zupt_strides_.size()];
    const std::int64_t start_us = to_us(z.t_start);
    if (start_us > until_us) break;  // a later stance's
    if (start_us < from_us || to_us(z.t_end) < to_us(*ref)) continue;  // an earlier stance's (unattached)
    found = z;
    ++zupt_used_;
    break;
  }
  if (!found) {
    // A stop or the end of the data: the final stance is still open, its position already held by
    // the zero-velocity updates.
    const auto open = zupt_.open_stride();
    if (open && to_us(open->t_start) >= from_us && to_us(open->t_start) <= until_us) found = open;
  }
  if (!found) return;
  if (r.stride_time_s && found->duration_s > 1.5 * static_cast<double>(*r.stride_time_s)) {
    ++quality_.zupt_merged_strides;
    return;
  }
  r.stride_length_m = static_cast<float>(found->length_m);
  r.speed_mps = static_cast<float>(found->speed_mps);
  ++quality_.zupt_matched_strides;
}

std::span<const StepRecord> SessionPipeline::finish() noexcept {
  out_size_ = 0;
  // The detector holds back its last seconds until it knows what follows: at the end of the data
  // those strides (and the final landing of a stop) are analysed now.
  if (!method_decided_) decide_event_method(gyro_presence_.decide_now());
  if (accel_only_) {
    while (const auto events = accel_detector_.flush()) on_events(*events);
  } else {
    while (const auto events = detector_.flush()) on_events(*events);
  }
  if (zupt_on()) advance_strapdown(std::numeric_limits<std::uint64_t>::max());
  if (pending_) {
    const GaitCycleEvents stance = *pending_;
    pending_.reset();
    emit(stance, nullptr);
  }
  if (zupt_on()) {
    if (const auto last = zupt_.finish()) zupt_strides_[zupt_count_++ % zupt_strides_.size()] = *last;
  }
  return {out_.data(), out_size_};
}

SessionTotals SessionPipeline::totals() const noexcept {
  SessionTotals t;
  t.placement = settings_.placement;
  t.side = settings_.side;
  t.quality = quality_;
  if (quality_.samples > 0) t.quality.last_time_s = static_cast<double>(to_us(last_time_)) * 1e-6;
  t.event_method = accel_only_ ? EventMethod::kAccelImpact : EventMethod::kGyroscope;
  t.quality.zupt_strides = zupt_on() ? zupt_.output().stride_count : 0;
  if (zupt_on()) {
    t.distance_source = DistanceSource::kZupt;
    t.distance_m = zupt_.output().distance_m;
  } else if (settings_.step_length_m) {
    t.distance_source = DistanceSource::kStepLength;
    t.distance_m = distance_m_;
  }
  return t;
}

std::vector<StepRecord> SessionPipeline::run(std::span<const ImuSample> samples, const SessionPipelineSettings& settings,
                                             SessionTotals* totals) {
  SessionPipeline p(settings);
  std::vector<StepRecord> out;
  for (const ImuSample& s : samples)
    for (const StepRecord& r : p.update(s)) out.push_back(r);
  for (const StepRecord& r : p.finish()) out.push_back(r);
  if (totals) *totals = p.totals();
  return out;
}

}  // namespace runload::signal
