#pragma once
/// Initial contact and peak tibial acceleration from an accelerometer alone (issue 15): for sensors
/// and datasets without a gyroscope, on the shank (the tibial-shock literature's placement: Crowell &
/// Davis 2011 used a distal-tibia accelerometer) or the foot.
///
/// Method (EVIDENCE §8: in running the impact transient marks IC; our own implementation):
/// 1. Axis: "up" = gravity while standing still (|f| ≈ g and unchanged for 0.2 s; the segment's
///    long axis when the runner stands), else the long-run mean specific force (cumulative mean,
///    then an exponential mean over `up_time_constant_s`). Axial acceleration a = f·up / g,
///    gravity included, as the gyro path's PTA (PitchAxisEstimator). Any mounting
///    works; an upside-down sensor flips f and up together, so a and the events are unchanged.
/// 2. Stride period: the autocorrelation of the impact envelope (max rise, see 3, over 20 ms blocks,
///    the last `period_window_s`), its highest peak between min_stride_s and max_stride_s (a lag
///    reaching 80 % of that peak's height (biased estimate) and shorter wins, so two strides never pass for one),
///    re-estimated every half second while the signal is periodic.
/// 3. Impacts: the sharpest axial rise (a minus a 20 ms earlier) with no sharper one within
///    `refractory_fraction` of a stride after it, at least that far from the previous impact, and
///    above max(min_impact_rise_g, relative_impact_threshold × the largest of the last period
///    window). The
///    refractory (0.6 stride) spans the other leg's landing (half a stride later); the relative
///    threshold keeps terminal-swing and contralateral bumps out; the absolute floor keeps standing
///    still free of steps.
/// 4. IC = the start of the impact's rise: going back from the peak (at most onset_search_ms), the
///    first sample whose a is below onset_fraction of the rise from the window's minimum.
/// Toe-off is not given: no accelerometer-only toe-off method is validated for running shank data
/// here, so contact time is reported unavailable, never guessed.
/// Events are reported one refractory window after the impact peak. update() is noexcept, O(1)
/// amortised (an autocorrelation over a 50 Hz envelope every half second), allocation-free.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "runload/signal/gait_event_detector.h"
#include "runload/signal/imu_sample.h"

namespace runload::signal {

struct AccelImpactDetectorSettings {
  float sample_rate_hz = 1000.0f;
  /// Stride (same-leg IC to IC) search range for the period, s; the default before it is known.
  float min_stride_s = 0.4f;
  float max_stride_s = 2.2f;
  float default_stride_s = 0.7f;
  /// An impact must be the largest within this fraction of a stride after it, and this far from
  /// the previous impact.
  float refractory_fraction = 0.6f;
  /// Impacts are scored by their rise: the axial acceleration minus its value rise_window_ms
  /// earlier (an impact rises in 10–30 ms; the swing's smooth accelerations, as large as a walking
  /// landing's 2–3 g peak, rise several times slower). Threshold: max(min_impact_rise_g,
  /// relative_impact_threshold × the largest rise in the period window), g. The relative part is
  /// low: after a slowdown or in a turn a landing rises several times less than the hardest impact
  /// of the last seconds (real foot running, PyShoe: 0.35 lost those landings); the refractory
  /// window, not the threshold, keeps the smaller bumps of a stride out.
  float rise_window_ms = 20.0f;
  float min_impact_rise_g = 0.5f;
  float relative_impact_threshold = 0.15f;
  /// Envelope for the period: block rate and window length.
  float envelope_rate_hz = 50.0f;
  float period_window_s = 5.0f;
  /// Lowest normalised autocorrelation at the chosen lag for the period to be updated.
  float min_periodicity = 0.2f;
  /// IC = onset of the rise: back from the peak by at most onset_search_ms, below onset_fraction.
  float onset_fraction = 0.2f;
  float onset_search_ms = 40.0f;
  /// No impact is taken in the first warmup_s (the up axis is still settling).
  float warmup_s = 0.5f;
  float up_time_constant_s = 2.0f;
};

class AccelImpactDetector {
 public:
  /// Sizes the buffers; may allocate.
  explicit AccelImpactDetector(const AccelImpactDetectorSettings& settings);
  /// One sample (the gyro is ignored); the events (IC, PTA, up axis) of an impact once confirmed.
  /// Non-finite samples are skipped.
  std::optional<GaitCycleEvents> update(const ImuSample& sample) noexcept;
  /// End of the data: the impact still waiting for its refractory window, if it passed the
  /// threshold. Call until nullopt, then reset() before new data.
  std::optional<GaitCycleEvents> flush() noexcept;
  void reset() noexcept;
  /// The current stride period, s (nullopt until the signal has been periodic once).
  std::optional<float> stride_period_s() const noexcept { return period_s_; }
  const AccelImpactDetectorSettings& settings() const noexcept { return settings_; }
  /// Batch = a loop over update() and flush().
  static std::vector<GaitCycleEvents> detect(std::span<const ImuSample> samples,
                                             const AccelImpactDetectorSettings& settings);

 private:
  struct Entry {
    std::uint64_t index_samples = 0;
    DeviceTime t_device{};
    float axial_g = 0.0f;
    float rise_g = 0.0f;  // axial_g − axial_g rise_window_ms earlier
  };
  using Seq = std::uint64_t;
  Entry& slot(Seq s) noexcept { return ring_[static_cast<std::size_t>(s) & (ring_.size() - 1)]; }
  const Entry& at(Seq s) const noexcept { return ring_[static_cast<std::size_t>(s) & (ring_.size() - 1)]; }
  void update_up(const Vec3f& f) noexcept;
  void push_envelope(float excess_g) noexcept;
  void estimate_period() noexcept;
  float threshold_rise_g() const noexcept;
  Seq refractory_samples() const noexcept;
  GaitCycleEvents confirm(Seq peak) noexcept;

  AccelImpactDetectorSettings settings_;
  std::vector<Entry> ring_;  // power of two ≥ refractory + onset search
  std::vector<float> envelope_;  // ring of block maxima (period_window_s × envelope_rate_hz)
  std::vector<float> centred_;   // scratch for the autocorrelation (same size)
  Seq next_seq_ = 0;
  Vec3f mean_f_ = Vec3f::Zero();
  std::uint64_t mean_n_ = 0;
  std::uint64_t up_n_ = 1;  // samples in the up time constant
  Vec3f rest_f_ = Vec3f::Zero();  // mean specific force while standing still
  std::uint64_t rest_n_ = 0;
  Vec3f still_ref_ = Vec3f::Zero();
  std::uint64_t still_samples_ = 0, still_min_samples_ = 1;
  Vec3f up_ = Vec3f::UnitZ();
  std::uint32_t block_samples_ = 1, block_fill_ = 0;
  float block_max_ = 0.0f;
  std::size_t envelope_count_ = 0;  // blocks pushed so far
  std::size_t blocks_since_estimate_ = 0;
  float window_max_rise_g_ = 0.0f;
  std::optional<float> period_s_;
  Seq warmup_samples_ = 0;
  Seq rise_samples_ = 1;
  std::optional<Seq> candidate_;
  std::optional<Seq> last_impact_;
  std::optional<float> last_interval_s_;  // the last impact-to-impact interval, when a stride long
  Vec3f candidate_up_ = Vec3f::UnitZ();
};

}  // namespace runload::signal
