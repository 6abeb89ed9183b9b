#include "runload/signal/accel_impact_detector.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>

namespace runload::signal {
namespace {

/// A shorter lag whose autocorrelation peak reaches this share of the highest one is the period
/// (the highest can be two strides when the stride-to-stride jitter blurs the first).
constexpr float kShorterLagShare = 0.8f;

float positive_or(float v, float fallback) noexcept { return std::isfinite(v) && v > 0.0f ? v : fallback; }

std::uint64_t samples_for(float seconds, float fs) noexcept {
  return static_cast<std::uint64_t>(std::lround(std::max(0.0f, seconds) * fs));
}

}  // namespace

AccelImpactDetector::AccelImpactDetector(const AccelImpactDetectorSettings& settings) : settings_(settings) {
  auto& s = settings_;
  s.sample_rate_hz = positive_or(s.sample_rate_hz, 1000.0f);
  s.min_stride_s = positive_or(s.min_stride_s, 0.4f);
  s.max_stride_s = std::max(positive_or(s.max_stride_s, 2.2f), s.min_stride_s + 0.1f);
  s.default_stride_s = std::clamp(positive_or(s.default_stride_s, 0.7f), s.min_stride_s, s.max_stride_s);
  s.refractory_fraction = std::clamp(positive_or(s.refractory_fraction, 0.6f), 0.1f, 0.95f);
  s.envelope_rate_hz = std::min(positive_or(s.envelope_rate_hz, 50.0f), s.sample_rate_hz);
  s.period_window_s = std::max(positive_or(s.period_window_s, 5.0f), 2.0f * s.max_stride_s);
  const float fs = s.sample_rate_hz;
  // The candidate waits one refractory window (≤ 0.95 × max stride) and IC looks back from it.
  const auto held = samples_for(s.refractory_fraction * s.max_stride_s + s.onset_search_ms / 1000.0f + 0.1f, fs);
  ring_.resize(std::bit_ceil(std::max<std::uint64_t>(held, 16)));
  const auto blocks = static_cast<std::size_t>(std::lround(s.period_window_s * s.envelope_rate_hz));
  envelope_.resize(blocks);
  centred_.resize(blocks);
  block_samples_ = static_cast<std::uint32_t>(std::max<long>(1, std::lround(fs / s.envelope_rate_hz)));
  up_n_ = std::max<std::uint64_t>(1, samples_for(s.up_time_constant_s, fs));
  warmup_samples_ = samples_for(s.warmup_s, fs);
  still_min_samples_ = std::max<std::uint64_t>(1, samples_for(0.2f, fs));
  rise_samples_ = std::max<std::uint64_t>(1, samples_for(s.rise_window_ms / 1000.0f, fs));
}

void AccelImpactDetector::reset() noexcept {
  next_seq_ = 0;
  mean_f_ = Vec3f::Zero();
  mean_n_ = 0;
  rest_f_ = Vec3f::Zero();
  rest_n_ = 0;
  still_ref_ = Vec3f::Zero();
  still_samples_ = 0;
  up_ = Vec3f::UnitZ();
  block_fill_ = 0;
  block_max_ = 0.0f;
  envelope_count_ = 0;
  blocks_since_estimate_ = 0;
  window_max_rise_g_ = 0.0f;
  period_s_.reset();
  candidate_.reset();
  last_impact_.reset();
  last_interval_s_.reset();
}

float AccelImpactDetector::threshold_rise_g() const noexcept {
  return std::max(settings_.min_impact_rise_g, settings_.relative_impact_threshold * window_max_rise_g_);
}

AccelImpactDetector::Seq AccelImpactDetector::refractory_samples() const noexcept {
  // The last impact-to-impact interval bounds the stride too: a period estimate that jumps to two
  // strides for half a second must not hide the next landing.
  float stride_s = period_s_.value_or(settings_.default_stride_s);
  if (last_interval_s_) stride_s = std::min(stride_s, *last_interval_s_);
  return std::max<Seq>(1, samples_for(settings_.refractory_fraction * stride_s, settings_.sample_rate_hz));
}

void AccelImpactDetector::push_envelope(float rise_g) noexcept {
  block_max_ = std::max(block_max_, rise_g);
  if (++block_fill_ < block_samples_) return;
  envelope_[envelope_count_ % envelope_.size()] = block_max_;
  ++envelope_count_;
  block_fill_ = 0;
  block_max_ = 0.0f;
  // Re-estimate every half second once the window is full.
  if (envelope_count_ >= envelope_.size() &&
      ++blocks_since_estimate_ >= static_cast<std::size_t>(std::lround(0.5f * settings_.envelope_rate_hz))) {
    blocks_since_estimate_ = 0;
    estimate_period();
  }
}

void AccelImpactDetector::estimate_period() noexcept {
  const std::size_t n = envelope_.size();
  const std::size_t oldest = envelope_count_ % n;
  float mean = 0.0f, peak = 0.0f;
  for (std::size_t k = 0; k < n; ++k) {
    centred_[k] = envelope_[(oldest + k) % n];
    mean += centred_[k];
    peak = std::max(peak, centred_[k]);
  }
  window_max_rise_g_ = peak;
  mean /= static_cast<float>(n);
  float r0 = 0.0f;
  for (float& c : centred_) {
    c -= mean;
    r0 += c * c;
  }
  r0 /= static_cast<float>(n);
  if (!(r0 > 1e-6f)) return;  // flat: standing still, keep the last period
  const float rate = settings_.envelope_rate_hz;
  const auto lag_min = static_cast<std::size_t>(std::max(1L, std::lround(settings_.min_stride_s * rate)));
  const auto lag_max = std::min(n / 2, static_cast<std::size_t>(std::lround(settings_.max_stride_s * rate)));
  // Biased estimate (÷ n, not n − lag): multiples of the stride score lower, by 1 − lag / n.
  auto r = [&](std::size_t lag) {
    float sum = 0.0f;
    for (std::size_t k = 0; k + lag < n; ++k) sum += centred_[k] * centred_[k + lag];
    return sum / static_cast<float>(n) / r0;
  };
  // Local maxima of r over the lag range; the highest, unless a shorter lag is nearly as high.
  std::size_t best = 0;
  float best_r = -1.0f;
  std::array<std::pair<std::size_t, float>, 16> peaks{};
  std::size_t peak_count = 0;
  float before = r(lag_min - 1), here = r(lag_min);
  for (std::size_t lag = lag_min; lag <= lag_max; ++lag) {
    const float after = r(lag + 1);
    if (here >= before && here > after) {
      if (peak_count < peaks.size()) peaks[peak_count++] = {lag, here};
      if (here > best_r) best_r = here, best = lag;
    }
    before = here;
    here = after;
  }
  if (best == 0 || best_r < settings_.min_periodicity) return;
  for (std::size_t k = 0; k < peak_count; ++k) {
    if (peaks[k].first < best && peaks[k].second >= kShorterLagShare * best_r) {
      best = peaks[k].first;
      break;
    }
  }
  period_s_ = static_cast<float>(best) / rate;
}

GaitCycleEvents AccelImpactDetector::confirm(Seq peak) noexcept {
  last_interval_s_.reset();
  if (last_impact_) {
    const float interval_s = static_cast<float>(peak - *last_impact_) / settings_.sample_rate_hz;
    if (interval_s >= settings_.min_stride_s && interval_s <= settings_.max_stride_s) last_interval_s_ = interval_s;
  }
  last_impact_ = peak;
  const float peak_g = at(peak).axial_g;
  const Seq back = std::min<Seq>({samples_for(settings_.onset_search_ms / 1000.0f, settings_.sample_rate_hz), peak,
                                  static_cast<Seq>(ring_.size()) - 1 - (next_seq_ - 1 - peak)});
  float base = peak_g;
  for (Seq s = peak - back; s <= peak; ++s) base = std::min(base, at(s).axial_g);
  const float level = base + settings_.onset_fraction * (peak_g - base);
  Seq ic = peak;
  while (ic > peak - back && at(ic).axial_g > level) --ic;
  GaitCycleEvents e;
  e.ic_index_samples = at(ic).index_samples;
  e.ic_time = at(ic).t_device;
  e.pta_axial_g = peak_g;
  e.up_axis_sensor = candidate_up_;
  return e;
}

void AccelImpactDetector::update_up(const Vec3f& f) noexcept {
  ++mean_n_;
  mean_f_ += (f - mean_f_) / static_cast<float>(std::min(mean_n_, up_n_));
  // Standing still: |f| ≈ g and f unchanged (within 0.5 m/s²) since the run of still samples began.
  constexpr float kTolerance_mps2 = 0.5f;
  constexpr float kLow = kStandardGravity_mps2 - kTolerance_mps2, kHigh = kStandardGravity_mps2 + kTolerance_mps2;
  const float force_sq = f.squaredNorm();
  if (force_sq > kLow * kLow && force_sq < kHigh * kHigh && (f - still_ref_).squaredNorm() < kTolerance_mps2 * kTolerance_mps2) {
    ++still_samples_;
  } else {
    still_samples_ = 0;
    still_ref_ = f;
  }
  if (still_samples_ >= still_min_samples_) {
    ++rest_n_;
    rest_f_ += (f - rest_f_) / static_cast<float>(std::min(rest_n_, up_n_));
  }
  const Vec3f& g = rest_n_ >= still_min_samples_ ? rest_f_ : mean_f_;
  if (g.norm() > 1e-3f) up_ = g.normalized();
}

std::optional<GaitCycleEvents> AccelImpactDetector::update(const ImuSample& sample) noexcept {
  const Vec3f& f = sample.accel_sensor_mps2;
  if (!f.allFinite()) return std::nullopt;
  update_up(f);
  const float axial_g = f.dot(up_) / kStandardGravity_mps2;
  const Seq seq = next_seq_++;
  const float rise_g = seq >= rise_samples_ ? axial_g - at(seq - rise_samples_).axial_g : 0.0f;
  slot(seq) = {sample.index_samples, sample.t_device, axial_g, rise_g};
  push_envelope(std::max(0.0f, rise_g));

  std::optional<GaitCycleEvents> out;
  const Seq refractory = refractory_samples();
  if (candidate_ && seq - *candidate_ >= refractory) {
    out = confirm(*candidate_);
    candidate_.reset();
  }
  if (seq < warmup_samples_) return out;
  if (candidate_) {
    if (rise_g > at(*candidate_).rise_g) candidate_ = seq, candidate_up_ = up_;
  } else if (rise_g >= threshold_rise_g() && (!last_impact_ || seq - *last_impact_ >= refractory)) {
    candidate_ = seq;
    candidate_up_ = up_;
  }
  return out;
}

std::optional<GaitCycleEvents> AccelImpactDetector::flush() noexcept {
  if (!candidate_) return std::nullopt;
  const Seq peak = *candidate_;
  candidate_.reset();
  return confirm(peak);
}

std::vector<GaitCycleEvents> AccelImpactDetector::detect(std::span<const ImuSample> samples,
                                                         const AccelImpactDetectorSettings& settings) {
  AccelImpactDetector d(settings);
  std::vector<GaitCycleEvents> out;
  for (const ImuSample& s : samples)
    if (auto e = d.update(s)) out.push_back(*e);
  while (auto e = d.flush()) out.push_back(*e);
  return out;
}

}  // namespace runload::signal
