#include "runload/signal/session_pipeline.h"

#include <algorithm>
#include <cmath>
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

bool finite(const ImuSample& s) noexcept { return s.accel_sensor_mps2.allFinite() && s.gyro_sensor_radps.allFinite(); }

}  // namespace

ZeroVelocityDetectorSettings pipeline_zero_velocity_settings(float sample_rate_hz) noexcept {
  const float fs = valid_rate(sample_rate_hz);
  ZeroVelocityDetectorSettings s =
      fs <= 200.0f ? ZeroVelocityDetectorSettings::walking_100hz() : ZeroVelocityDetectorSettings::running_1khz();
  s.sample_rate_hz = fs;
  return s;
}

SessionPipeline::SessionPipeline(const SessionPipelineSettings& settings)
    : settings_(settings),
      foot_(settings.placement != Placement::kShank),
      bias_(bias_settings(valid_rate(settings.sample_rate_hz))),
      detector_(detector_settings(settings, valid_rate(settings.sample_rate_hz))),
      zero_velocity_(pipeline_zero_velocity_settings(settings.sample_rate_hz)),
      zupt_(zupt_settings(valid_rate(settings.sample_rate_hz))) {
  settings_.sample_rate_hz = valid_rate(settings_.sample_rate_hz);
  settings_.placement = foot_ ? Placement::kFoot : Placement::kShank;
  const float fs = settings_.sample_rate_hz;
  metrics_settings_.sample_rate_hz = fs;
  metrics_settings_.placement = settings_.placement;
  const float history_s = std::clamp(std::isfinite(settings_.history_s) ? settings_.history_s : 20.0f, 4.0f, 120.0f);
  const auto capacity = static_cast<std::size_t>(std::lround(history_s * fs)) + 1;
  history_.reserve(capacity);
  // After a compaction the newest 7 s (at most 70 %) stay: the held-back stance is at most ~2
  // strides + the detector's lag old. Compacting moves keep / (capacity − keep) samples per sample.
  keep_samples_ = std::max<std::size_t>(1, std::min(capacity * 7 / 10, static_cast<std::size_t>(std::lround(7.0f * fs))));
  quality_.sample_rate_hz = fs;
  quality_.accel_range_g = std::isfinite(settings_.accel_range_g) ? std::max(0.0f, settings_.accel_range_g) : 0.0f;
  quality_.gyro_range_dps = std::isfinite(settings_.gyro_range_dps) ? std::max(0.0f, settings_.gyro_range_dps) : 0.0f;
  accel_clip_mps2_ = 0.95f * quality_.accel_range_g * kStandardGravity_mps2;
  gyro_clip_radps_ = 0.95f * quality_.gyro_range_dps * std::numbers::pi_v<float> / 180.0f;
}

double SessionPipeline::seconds(DeviceTime t) const noexcept {
  return static_cast<double>(to_us(t) - to_us(first_time_)) * 1e-6;
}

void SessionPipeline::count_quality(const ImuSample& s) noexcept {
  ++quality_.samples;
  if (!have_first_) {
    have_first_ = true;
    first_time_ = s.t_device;
    quality_.first_time_s = static_cast<double>(to_us(s.t_device)) * 1e-6;
  } else if (s.index_samples > last_index_ + 1) {
    quality_.lost_samples += s.index_samples - last_index_ - 1;
  }
  if (s.index_samples > last_index_ || quality_.samples == 1) last_index_ = s.index_samples;
  quality_.last_time_s = static_cast<double>(to_us(s.t_device)) * 1e-6;
  if (accel_clip_mps2_ > 0.0f && s.accel_sensor_mps2.cwiseAbs().maxCoeff() >= accel_clip_mps2_)
    ++quality_.accel_clipped_samples;
  if (gyro_clip_radps_ > 0.0f && s.gyro_sensor_radps.cwiseAbs().maxCoeff() >= gyro_clip_radps_)
    ++quality_.gyro_clipped_samples;
}

void SessionPipeline::compact_history() noexcept {
  // Keep the newest samples; the held-back stance must stay inside the kept part, else it is
  // emitted now without its stride (a pause longer than the history).
  const std::size_t drop = history_.size() - keep_samples_;
  const std::uint64_t first_kept = history_[drop].index_samples;
  if (pending_ && pending_->ic_index_samples && *pending_->ic_index_samples < first_kept) {
    const GaitCycleEvents stance = *pending_;
    pending_.reset();
    emit(stance, nullptr);
  }
  std::move(history_.begin() + static_cast<std::ptrdiff_t>(drop), history_.end(), history_.begin());
  history_.resize(keep_samples_);
}

std::span<const StepRecord> SessionPipeline::update(const ImuSample& sample) noexcept {
  out_size_ = 0;
  count_quality(sample);
  if (!finite(sample)) {
    ++quality_.nonfinite_samples;
    return {};
  }
  ImuSample s = sample;
  if (foot_) {
    // Gyro bias from rest blocks (frozen while moving), subtracted before everything else.
    s.gyro_sensor_radps -= bias_.update(sample).bias_sensor_radps;
  }
  if (history_.size() == history_.capacity()) compact_history();
  history_.push_back(s);  // within the reserved capacity: no allocation
  if (foot_) {
    const bool stance = zero_velocity_.update(s).stance;
    if (stance) ++quality_.stance_samples;
    const ZuptStrapdownOutput& z = zupt_.update(s, stance);
    if (z.stride) zupt_strides_[zupt_count_++ % zupt_strides_.size()] = *z.stride;
  }
  if (const auto events = detector_.update(s)) on_events(*events);
  return {out_.data(), out_size_};
}

void SessionPipeline::on_events(const GaitCycleEvents& events) noexcept {
  if (pending_) emit(*pending_, &events);
  pending_ = events;
}

void SessionPipeline::emit(const GaitCycleEvents& stance, const GaitCycleEvents* next) noexcept {
  if (out_size_ == out_.size()) return;  // cannot happen: two stances per sample, a held-back tail at finish()
  std::array<GaitCycleEvents, 2> pair{stance, next ? *next : GaitCycleEvents{}};
  const std::span<const GaitCycleEvents> events(pair.data(), next ? 2u : 1u);
  std::array<StepMetrics, 2> metrics_storage{};
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
  if (foot_) {
    // The ZUPT stride of this stance runs from its mid-stance to the next one: it starts before
    // this toe-off (+30 ms) and ends after it (a landing without toe-off: 0.4 s after IC).
    const std::optional<DeviceTime> ref = stance.tc_time ? stance.tc_time : stance.ic_time;
    const std::int64_t ref_us = ref ? to_us(*ref) + (stance.tc_time ? 0 : 400'000) : 0;
    const std::size_t n = ref ? std::min(zupt_count_, zupt_strides_.size()) : 0;
    for (std::size_t k = 0; k < n; ++k) {
      const StrideResult& z = zupt_strides_[(zupt_count_ - 1 - k) % zupt_strides_.size()];
      if (to_us(z.t_start) <= ref_us + 30'000 && to_us(z.t_end) >= ref_us) {
        r.stride_length_m = static_cast<float>(z.length_m);
        r.speed_mps = static_cast<float>(z.speed_mps);
        ++quality_.zupt_matched_strides;
        break;
      }
    }
  } else if (settings_.step_length_m && r.stride_time_s) {
    r.stride_length_m = 2.0f * *settings_.step_length_m;
    r.speed_mps = *r.stride_length_m / *r.stride_time_s;
  }
  if (r.stride_length_m) distance_m_ += static_cast<double>(*r.stride_length_m);
  r.distance_m = distance_m_;
  out_[out_size_++] = r;
}

std::span<const StepRecord> SessionPipeline::finish() noexcept {
  out_size_ = 0;
  if (foot_) {
    if (const auto last = zupt_.finish()) zupt_strides_[zupt_count_++ % zupt_strides_.size()] = *last;
  }
  // The detector holds back its last seconds until it knows what follows: at the end of the data
  // those strides (and the final landing of a stop) are analysed now.
  while (const auto events = detector_.flush()) on_events(*events);
  if (pending_) {
    const GaitCycleEvents stance = *pending_;
    pending_.reset();
    emit(stance, nullptr);
  }
  return {out_.data(), out_size_};
}

SessionTotals SessionPipeline::totals() const noexcept {
  SessionTotals t;
  t.placement = settings_.placement;
  t.side = settings_.side;
  t.quality = quality_;
  t.quality.zupt_strides = foot_ ? zupt_.output().stride_count : 0;
  if (foot_) {
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
