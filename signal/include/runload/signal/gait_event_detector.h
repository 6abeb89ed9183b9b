#pragma once
/// Gait event detection for one foot (shoe) or shank IMU: initial contact (IC), terminal contact
/// (TC, toe-off), mid-stance and, on the shank, the peak tibial acceleration.
///
/// Method (Falbriard 2018 for the foot, Purcell 2005 for the shank; our own implementation):
/// 1. The pitch (medio-lateral) axis and its sign come from the data (PitchAxisEstimator), so any
///    mounting works; the mid-swing rotation is positive.
/// 2. Mid-swing (MS) = the peak of the low-passed pitch rate inside each positive swing lobe
///    (hysteresis on an adaptive threshold relative to recent peaks, low enough for turn steps and
///    the short final steps when stopping). Two lobes are two swings only if the pitch rate went
///    clearly negative (landing / push-off) or the foot rested flat (walking foot) between them,
///    and they are ≥ min_stride_s apart.
/// 3. Within one MS-to-MS cycle: IC = the first clear trough after the previous MS, TC = the
///    deepest trough before this MS, each searched within a fraction of the usual stride of its
///    MS; mid-stance = minimum of the low-passed gyro norm between IC and TC.
/// 4. Gait start / stop: a first MS after a pause yields a push-off (TC only, searched before it);
///    when no MS follows within stop_after_strides usual strides, the last landing (IC only) is
///    emitted — unless the next swing lobe is already open then: a foot in swing has not stopped,
///    and the cycle closes whole when that lobe ends (slow walkers). flush() does the same for the
///    end of the data.
/// 5. Refinement: IC = midway between the end of the forward swing rotation (last +→− zero
///    crossing) and the landing trough; TC = where the push-off trough has eased by a quarter.
///    (Both checked against the hand-labelled Voisard walking events, subjects 1–7 only.)
///    Foot, running: IC = the landing impact in the accelerometer when there is one (see
///    impact_jerk_g). The "up" axis (mean specific force) gives PTA = peak axial specific force
///    after IC.
/// 6. Walking turns, foot: a pivot step (the foot lifted and turned about the vertical with almost
///    no sagittal swing, so no MS) is a motion segment between two foot-flat periods that turns the
///    foot by ≥ pivot_step_yaw_deg and ends in a landing impact; IC = that impact, reported as an
///    IC-only event (see pivot_step_yaw_deg), if the strapdown-integrated segment lifted the foot
///    (pivot_step_min_lift_m). A pivot landing found already at rest at its "mid-swing" (the lobe
///    was the foot rocking flat after landing) takes IC at the landing impact before it; with no
///    impact at all the lobe was the standing foot rocking, and it has no IC. A landing trough
///    reached only after the foot stood still, with no impact after that rest, is the next push-off
///    and has no IC either (rested_trough_min_rest_ms).
/// Events are reported about one stride plus `axis_lag_s` late, at the next MS (at the start, while the
/// pitch-sign vote is undecided, up to `axis_wait_s`). `update()` is noexcept, O(1) amortised
/// (an O(stride) scan once per stride), allocation-free; buffers are sized in the constructor.
/// Indices are `ImuSample::index_samples` (device sample counter; gaps allowed).
#include <cstdint>
#include <numbers>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "runload/signal/biquad.h"
#include "runload/signal/foot_flat_window.h"
#include "runload/signal/imu_sample.h"
#include "runload/signal/pitch_axis_estimator.h"
#include "runload/signal/sensor_placement.h"

namespace runload::signal {

/// The events of one stance (one step of the instrumented leg), reported at the following MS.
struct GaitCycleEvents {
  /// IC (landing) and TC (toe-off) of this stance; one may be missing at gait start / stop.
  std::optional<std::uint64_t> ic_index_samples;
  std::optional<std::uint64_t> tc_index_samples;
  std::optional<DeviceTime> ic_time;
  std::optional<DeviceTime> tc_time;
  /// Foot flattest / shank slowest instant between IC and TC (full cycles only).
  std::optional<std::uint64_t> mid_stance_index_samples;
  /// The mid-swing peaks bounding the cycle (the previous one is missing for a push-off).
  std::optional<std::uint64_t> previous_mid_swing_index_samples;
  std::optional<std::uint64_t> mid_swing_index_samples;
  /// Peak axial specific force after IC (gravity included), g; set when IC is set.
  std::optional<float> pta_axial_g;
  /// Axes used, sensor frame (unit vectors): pitch (mid-swing positive) and up (mean specific force).
  Vec3f pitch_axis_sensor = Vec3f::UnitY();
  Vec3f up_axis_sensor = Vec3f::UnitZ();
};

struct GaitEventDetectorSettings {
  float sample_rate_hz = 1000.0f;
  Placement placement = Placement::kFoot;
  /// Low-pass for the mid-swing search and the axis estimate (Butterworth order 2), Hz.
  float swing_lowpass_hz = 4.0f;
  /// A mid-swing peak must exceed max(min_swing_peak_dps, relative_swing_threshold · recent peak).
  float min_swing_peak_dps = 40.0f;
  float relative_swing_threshold = 0.15f;
  /// Two swings are separated by a landing / push-off: the low-passed pitch rate must fall below
  /// −min_landing_trough_dps between them, otherwise the second lobe belongs to the first swing.
  float min_landing_trough_dps = 20.0f;
  /// ...or the foot rested between them: a foot-flat period (raw gyro norm, 30-ms mean, below
  /// landing_still_dps for ≥ 50 ms — the pivot steps' definition, walking foot only) since the last
  /// lobe means the foot is on the ground, so the next lobe is a new swing even when the landing
  /// before the rest was soft (no trough: slow turn and closing steps whose foot is set down flat).
  /// A swing does not pause at rest for 50 ms and then rotate forward again as the same swing: a
  /// foot that hovers still (rested_trough_min_rest_ms) goes on to land, not into a second lobe.
  /// Voisard subjects 1–7: +2 steps found (6-5_lf, 5-1_rf), no false step (docs/accuracy_history.md,
  /// Voisard item 16). false = off (and always off for the shank, which has no foot-flat).
  bool rest_separates_swings = true;
  /// Shortest and longest stride (same-foot MS to MS), s.
  float min_stride_s = 0.4f;
  float max_stride_s = 2.2f;
  /// IC / TC are searched no further than this fraction of the usual stride from their mid-swing.
  float event_search_fraction = 0.55f;
  /// No swing for this many usual strides (at most max_stride_s) = gait stopped.
  float stop_after_strides = 1.6f;
  /// ...but never less than this, s: a slow walking stride (≈ 1.3 s) is not a stop.
  float min_stop_after_s = 1.6f;
  /// A foot in swing has not stopped (the gait principle: a swing ends in a landing). Once the stop
  /// limit is reached while the next swing lobe is already open (above the swing threshold, after a
  /// landing trough or a rest since the last swing), the stop waits for that lobe to end, and the
  /// cycle closes as a whole one (IC, TC and contact time in one stance; the usual stride learns the
  /// slow stride) — within max_stride_s. Without it a slow walker (strides ≈ 1.45 s, whose next
  /// lobe opens before the 1.6-s limit and ends after it) was read as a stop and a restart at every
  /// stride, with the usual stride stuck at its 1-s start: ICs and TCs found, but no contact time
  /// nor stride time. Voisard subject 2 (docs/accuracy_history.md, Voisard item 18). false = off.
  bool stop_waits_for_open_swing = true;
  /// ...but a cycle is a stride only while it lasts less than this many usual strides: one stride
  /// does not double the last ones (stride time varies by a few per cent in steady gait); a cycle
  /// that does holds a pause — the foot stood, then set off again — and stays a stop and a restart
  /// (PyShoe 11-18-11: a runner with 0.73-s strides standing 1.3 s). The usual stride's 1-s start
  /// value still lets a slow walker's first strides (≤ 2 s) close whole.
  float open_swing_max_strides = 2.0f;
  /// IC trough = the first local minimum after mid-swing deeper than this fraction of the deepest
  /// one in the search window; 1 = the deepest (argmin).
  float first_trough_fraction = 0.5f;
  /// Pivot landings (turns): when that trough is shallower than weak_landing_trough_dps there was no
  /// heel strike (the foot lands while pivoting about the vertical), and IC = the onset of foot-flat
  /// instead: the first sample after mid-swing where the raw gyro norm falls below
  /// landing_still_dps, if that comes before the weak trough. 0 = off.
  float weak_landing_trough_dps = 40.0f;
  float landing_still_dps = 50.0f;
  /// IC = midway between the end of the forward swing rotation (last +→− zero crossing of the
  /// pitch rate) and the landing trough; false = the trough itself (Falbriard's definition).
  bool ic_from_swing_end = true;
  /// TC = first sample after the push-off trough where the pitch rate is back above this fraction
  /// of the trough value (0.75: a quarter of the way back); 0 = the trough itself. Three independent
  /// references agree on 0.75 over 0.5: hand-labelled walking toe-off (Voisard: TC bias +20 → ≈ 0 ms),
  /// the VICON contact end in running (PyShoe: contact time +30 → +15 ms, the instep rising slightly
  /// before the toe leaves) and the literature-drawn simulator (toe-off 0–60 ms after the trough).
  float tc_recovery_fraction = 0.75f;
  /// Processing delay so that the first swings are analysed with an already learnt axis, s: the
  /// kinematic sign vote needs two swings after the first quiet period, so the first strides of a
  /// recording are held back (buffered) until the sign is decided and then analysed retroactively.
  /// 3 s covers the first two strides of slow walking (1.5 s did not: first-stride errors).
  float axis_lag_s = 3.0f;
  /// While the sign vote is still undecided and uncontested (no swing has voted against the tally),
  /// the delay grows up to axis_wait_s, so that the first strides of a slow start are analysed with
  /// the sign the next swings decide; once it decides, the backlog is analysed at two samples per
  /// update until the delay is back at axis_lag_s. A contested vote (tight turns: the swings disagree)
  /// does not wait: a sign decided by later strides is not the sign of these (PyShoe 2017-11-27-
  /// 11-17-28). 0 or ≤ axis_lag_s = off (the shank: it rarely rests, so its vote seldom decides).
  /// 5 s = the longest delay the detector allows; 4 and 5 s score the same on Voisard subjects 1–7
  /// (docs/accuracy_history.md, Voisard item 13).
  float axis_wait_s = 5.0f;
  /// IC at the landing impact, in running (EVIDENCE §8: in running the impact transient marks IC,
  /// and the gyro rules alone place it in terminal swing or, after a missed trough, in mid-stance):
  /// the first sample after mid-swing, and no later than impact_search_after_ms after the gyro IC,
  /// where the specific force differs from its value 10 ms earlier by more than impact_jerk_g;
  /// IC = the peak of that impact within impact_peak_ms. Running foot impacts rise by 5–15 g in
  /// 10–30 ms. Running = the usual stride is shorter than running_stride_s (0.9 s = 133 steps/min:
  /// walking is ≈ 100–125, vigorous walking ≥ 130 steps/min — Tudor-Locke 2011; running 150–190 —
  /// Heiderscheit 2011); walking keeps the gyro IC, which matches hand-labelled heel strikes
  /// (a walking heel strike's jerk also passes 3 g, but its hand-labelled IC precedes the
  /// impact's peak by 10–20 ms). 0 = off. Chosen on the PyShoe running and Voisard walking data
  /// (running stride F1 0.956 → 0.973, IC median error −17 → −15 ms).
  float impact_search_after_ms = 30.0f;
  float impact_jerk_g = 3.0f;
  float impact_peak_ms = 30.0f;
  /// The rate impact_jerk_g was chosen at (PyShoe, 200 Hz). A slower stream has a narrower band and
  /// shows less of a landing's rise within the test's window, so below this rate the threshold is
  /// impact_jerk_g × impact_jerk_scale(sample_rate_hz, impact_jerk_rate_hz) (2.37 g at 100 Hz); at
  /// this rate and above it is impact_jerk_g itself. 0 = no scaling.
  float impact_jerk_rate_hz = 200.0f;
  float running_stride_s = 0.9f;
  /// Running: a landing is followed by foot-flat — within foot_flat_after_ic_ms the raw gyro norm,
  /// averaged over 30 ms, falls below foot_flat_dps. An impact with no foot-flat after it is not the
  /// landing (in tight turns with sideways steps the pitch-rate lobes run out of phase with the
  /// swings and put IC at a push-off or early-swing transient): IC moves to the first later impact
  /// of the cycle that foot-flat follows; when none does (fast running can roll through stance
  /// without a quiet instant) IC stays at the first impact. An IC within min_stride_s of the previous
  /// one is that same landing and is left out. On PyShoe's 367 detected running strides the true
  /// landings reach foot-flat with a 30 ms mean ≤ 80 deg/s (99th percentile 68 deg/s) and the
  /// out-of-phase ones stay ≥ 114 deg/s. A cycle is running when it lasts less than
  /// running_stride_s (the usual stride needs a few strides to follow the first running ones).
  /// 0 = off (the shank: it rotates through all of stance).
  float foot_flat_dps = 100.0f;
  float foot_flat_after_ic_ms = 250.0f;
  /// Pivot steps (walking turns): a foot lifted and turned about the vertical, with almost no
  /// sagittal swing, so no mid-swing is found and the detector reads the cycle as a stop. Such a
  /// step is a motion segment between two foot-flat periods (raw gyro norm, mean over 30 ms, below
  /// landing_still_dps for ≥ 50 ms) with no accepted mid-swing, whose low-passed pitch rate stays
  /// below pivot_step_max_pitch_dps, whose rotation about the up axis adds up to at least
  /// pivot_step_yaw_deg, which ends with a landing impact (the specific force changes by at least
  /// pivot_step_jerk_g within 10 ms) and lasts no longer than max_stride_s. IC = that impact (the
  /// sample of the largest 10-ms change), reported as an IC-only event unless another IC lies within
  /// min_stride_s. Walking only (usual stride ≥ running_stride_s). The standing foot also pivots
  /// in a turn, but on the ground: its specific force changes smoothly (no landing impact).
  /// Chosen on Voisard subjects 1–7 (docs/accuracy_history.md). 0 = off (the shank: no foot-flat).
  float pivot_step_yaw_deg = 80.0f;
  float pivot_step_jerk_g = 1.6f;
  float pivot_step_max_pitch_dps = 60.0f;
  /// A pivot step lifts the foot; the standing foot pivoting on the ground does not, even when a
  /// weight shift gives it an impact-like jerk. The segment is integrated strapdown (orientation
  /// from gravity in the foot-flat before it, gyro integration, gravity removed, velocity and height
  /// drift removed linearly so that the foot is at rest on the same floor at both ends); a pivot
  /// step must raise the sensor by at least pivot_step_min_lift_m above that line. Lifted pivot
  /// steps in the Voisard turns reach 6–71 mm, standing-foot pivots mostly 0–5 mm (a few reach
  /// 7–15 mm and are not separated). Chosen on Voisard subjects 1–7 (docs/accuracy_history.md). 0 = off.
  float pivot_step_min_lift_m = 0.005f;
  /// Pivot landings whose mid-swing is already quiet: when the weak-trough rule above finds the
  /// foot at rest (raw gyro norm below landing_still_dps) within 30 ms of the mid-swing, the
  /// positive pitch lobe was not the swing but the foot rocking flat after it landed (a turn step
  /// that landed while still pivoting); IC = the landing impact before it, the largest 10-ms change
  /// of specific force within quiet_swing_impact_lookback_ms before the mid-swing, if it reaches
  /// pivot_step_jerk_g (else IC stays at the foot-flat onset). 0 = off (the shank).
  float quiet_swing_impact_lookback_ms = 200.0f;
  /// ...and when the specific force changes by less than quiet_swing_min_impact_g within 10 ms
  /// anywhere in that lookback, nothing landed: the lobe was the standing foot rocking (heel to toe
  /// and back while the other foot turns), and no IC is reported for it. Voisard (scored windows):
  /// such lobes show ≤ 0.44 g, the quiet lobes of labelled steps ≥ 0.53 g (one unscored shuffle
  /// step after a trial's end: 0.26 g). Chosen on subjects 1–7 (docs/accuracy_history.md). 0 = off.
  float quiet_swing_min_impact_g = 0.5f;
  /// A landing trough reached only after the foot has stood still: when the raw gyro norm (30-ms
  /// mean) stays below landing_still_dps for at least rested_trough_min_rest_ms somewhere between
  /// the mid-swing and the landing trough, and no landing impact (a 10-ms change of specific force
  /// of pivot_step_jerk_g or more) occurs from the mid-swing to rested_trough_impact_after_ms after
  /// the trough, nothing landed from a swing: the lobe was the standing foot rocking, and the
  /// trough is its next push-off — no IC for that lobe. A foot that lands before the rest, or hovers
  /// still above the floor and then lands (slow turn and closing steps), shows the impact.
  /// Voisard subjects 1–7: the six such false landings rest 140–310 ms with ≤ 1.50 g; labelled
  /// landings with a rest of ≥ 120 ms show ≥ 1.85 g. Chosen on subjects 1–7 (docs/accuracy_history.md).
  /// 0 = off (the shank has no foot-flat).
  float rested_trough_min_rest_ms = 130.0f;
  float rested_trough_impact_after_ms = 50.0f;
  /// Constant shifts added to the detected events (device-specific latency), ms.
  float ic_offset_ms = 0.0f;
  float tc_offset_ms = 0.0f;
  /// Window after IC for the peak axial acceleration, ms.
  float pta_window_ms = 60.0f;
};

/// The factor for a landing-impact threshold chosen on a stream at `reference_rate_hz` when the
/// stream is at `sample_rate_hz`: how much of a landing's rise the slower stream shows within the
/// impact test's window, relative to the reference. Never above 1 (a faster stream keeps the
/// threshold); 1 when either rate is not positive.
///
/// Physical argument (rise times; nothing in it is fitted to a recording). A landing raises the
/// specific force by A over its own rise time t_r; the sensor's band limit B adds a rise time
/// t_b = 1 / (2B) (Küpfmüller: a channel of bandwidth B passes a step at a slope of at most A · 2B).
/// A sampled stream has B ≤ fs / 2, so t_b ≥ 1 / fs: it cannot show a rise faster than one sample
/// period (a decimator's or a sensor's anti-alias filter cuts lower still, which only strengthens
/// the argument). Rise times in cascade add in quadrature, t = √(t_r² + t_b²), and the change seen
/// within a window W is A · min(1, W / t). The test reads the change over W = 10 ms rounded to whole
/// samples (at least one: 10 ms at 100 and 200 Hz, 20 ms at 50 Hz), and t_r = 10 ms, the fastest
/// running landings (which rise in 10–30 ms; the window is sized for them). Hence
///   scale = min(1, F(fs) / F(f_ref)),  F(f) = min(1, W(f) / √(t_r² + (1/f)²)):
/// 0.791 at 100 Hz against 200 Hz (F = 0.707 and 0.894), so a landing that shows 3 g within 10 ms at
/// 200 Hz shows 2.37 g at 100 Hz; 1 at 50 Hz (its one-sample window of 20 ms holds the whole blurred
/// rise: F = 0.894, as at 200 Hz). Swing transients pass the same band limit and shrink alike.
float impact_jerk_scale(float sample_rate_hz, float reference_rate_hz) noexcept;

/// Defaults tuned for a shoe IMU; works from 100 Hz (walking) to 1 kHz and more (running).
GaitEventDetectorSettings foot_event_detector_settings(float sample_rate_hz) noexcept;
/// Defaults for a distal-shank IMU.
GaitEventDetectorSettings shank_event_detector_settings(float sample_rate_hz) noexcept;

class GaitEventDetector {
 public:
  /// Sizes the history buffer (max_stride_s plus a margin); may allocate.
  explicit GaitEventDetector(const GaitEventDetectorSettings& settings);
  /// One sample in; the events of a stance when a cycle closes. Samples with non-finite values are
  /// skipped (they never enter state). noexcept, allocation-free.
  std::optional<GaitCycleEvents> update(const ImuSample& sample) noexcept;
  /// update() for a sample whose accel and gyro the caller has already checked finite (the
  /// pipeline checks every sample once): the same result without a second check per sample.
  std::optional<GaitCycleEvents> update_finite(const ImuSample& sample) noexcept;
  /// End of the data: analyses the lagged tail (the last `axis_lag_s`) and reports the last landing.
  /// Call repeatedly until it returns nullopt; then reset() before new data. noexcept, no allocation.
  std::optional<GaitCycleEvents> flush() noexcept;
  /// Forget everything (axes, thresholds, history).
  void reset() noexcept;
  /// Batch = a loop over update(); `sampling_rate_hz` must match the settings (gaitmap-style API).
  static std::vector<GaitCycleEvents> detect(std::span<const ImuSample> samples, float sampling_rate_hz,
                                             const GaitEventDetectorSettings& settings);
  const GaitEventDetectorSettings& settings() const noexcept { return settings_; }
  const PitchAxisEstimator& axes() const noexcept { return axes_; }
  /// Device index before which everything is settled: no later event (IC, TC, mid-swing) will lie
  /// before it, because the detector has analysed those samples and no cycle is open there. Lags
  /// the input by `axis_lag_s` (up to `axis_wait_s` while the start waits for the sign) plus, while a
  /// stride is open, up to `max_stride_s`. nullopt before the first sample.
  std::optional<std::uint64_t> settled_index_samples() const noexcept;

 private:
  struct Entry {
    std::uint64_t index_samples = 0;
    DeviceTime t_device{};
    Vec3f gyro_sensor_radps = Vec3f::Zero();
    Vec3f gyro_lp_sensor_radps = Vec3f::Zero();
    Vec3f accel_sensor_mps2 = Vec3f::Zero();
  };
  /// Position of a sample in the history (monotonic sequence number, not the device index).
  using Seq = std::uint64_t;
  /// The history is a ring of 2^k entries: a sequence number maps to its slot by a mask.
  Entry& slot(Seq s) noexcept { return history_[static_cast<std::size_t>(s) & mask_]; }
  const Entry& at(Seq s) const noexcept { return history_[static_cast<std::size_t>(s) & mask_]; }
  bool held(Seq s) const noexcept { return s < next_seq_ && next_seq_ - s <= mask_ + 1; }
  /// The oldest held sequence number (held = [oldest_held(), next_seq_)).
  Seq oldest_held() const noexcept { return next_seq_ > mask_ + 1 ? next_seq_ - (mask_ + 1) : 0; }
  static constexpr float kDegToRad = std::numbers::pi_v<float> / 180.0f;
  /// The raw gyro norms counted back from `newest` (k = 0: newest), as FootFlatWindow reads them.
  auto gyro_norms_back_from(Seq newest) const noexcept {
    return [this, newest](Seq k) { return at(newest - k).gyro_sensor_radps.norm(); };
  }
  /// The foot-flat test at landing_still_dps over still_window_ (pivot segments, rested troughs).
  FootFlatWindow landing_still_window() const noexcept;
  /// The squared change of specific force over the 10 ms up to s (s and s − jerk_lag_ held), (m/s²)²;
  /// 0 when samples were lost between the two (device indices not jerk_lag_ apart): across a gap
  /// they lie further apart than 10 ms, and their difference is no 10-ms step (Voisard's wireless
  /// recordings lose up to 9 samples in a row; read as 10-ms steps, such gaps passed the impact test).
  float jerk_sq(Seq s) const noexcept {
    const Entry& now = at(s);
    const Entry& before = at(s - jerk_lag_);
    if (now.index_samples - before.index_samples != jerk_lag_) return 0.0f;
    return (now.accel_sensor_mps2 - before.accel_sensor_mps2).squaredNorm();
  }
  /// A landing at s is not the last reported IC again: it lies min_stride_s or more after it.
  bool clear_of_last_ic(Seq s) const noexcept {
    return !last_ic_index_ || at(s).index_samples >= *last_ic_index_ + min_stride_samples_;
  }
  /// Calls stop(s, entry) for s = begin, begin + 1, … < end (all held) until it returns true; returns
  /// that s, or nullopt. The per-stride scans' loop: the ring wraps at most once in the range, so it
  /// walks one or two runs by pointer instead of masking every sequence number.
  template <class Stop>
  std::optional<Seq> find_held(Seq begin, Seq end, Stop&& stop) const noexcept;
  float pitch_rate(Seq s) const noexcept;
  std::optional<Seq> argmin_pitch(Seq begin, Seq end) const noexcept;
  std::optional<Seq> first_trough(Seq begin, Seq end) const noexcept;
  std::optional<Seq> landing(Seq ms, Seq end) const noexcept;
  /// True when the foot stood still (rested_trough_min_rest_ms) between `ms` and the landing
  /// `trough` and no landing impact follows that rest: the trough is a push-off, not a landing.
  bool rested_before_trough(Seq ms, Seq trough) const noexcept;
  /// The largest 10-ms change of specific force in [begin, end]: where, and its size (m/s²).
  std::pair<Seq, float> largest_jerk(Seq begin, Seq end) const noexcept;
  Seq refine_ic(Seq trough) const noexcept;
  Seq refine_tc(Seq trough, Seq end) const noexcept;
  std::optional<Seq> impact_onset(Seq begin, Seq end) const noexcept;
  std::optional<Seq> foot_flat(Seq begin, Seq end) const noexcept;
  std::optional<Seq> running_landing(Seq impact, Seq end) const noexcept;
  GaitCycleEvents make_events(std::optional<Seq> ic, std::optional<Seq> tc, std::optional<Seq> prev_ms,
                              std::optional<Seq> ms, bool refine = true) noexcept;
  // Pivot steps (gait_event_detector_pivot.cpp).
  /// Follows the foot-flat / motion segments (one sample) and, at a segment's end, keeps a
  /// pivot-step IC pending; the out-of-line part runs only while a segment is open or ends.
  void track_pivot(Seq seq, float pitch_lp_radps) noexcept;
  [[gnu::noinline]] void end_pivot_segment(Seq end) noexcept;
  /// How high the sensor rises over the motion segment [begin, end) between two foot-flat periods
  /// (strapdown, drift-corrected to rest on the same floor at both ends), m.
  float segment_lift_m(Seq begin, Seq end) const noexcept;
  /// The pending pivot IC as an event, once the cycle that was open when it was found is reported.
  std::optional<GaitCycleEvents> take_pivot() noexcept;
  /// An IC about to be reported: a pending pivot IC within min_stride_s of it is the same landing.
  void drop_pivot_near(const std::optional<GaitCycleEvents>& e) noexcept;
  /// Two device indices less than min_stride_s apart (either order): the same landing.
  bool within_min_stride(std::uint64_t index_a, std::uint64_t index_b) const noexcept;
  Seq samples_from_s(float s) const noexcept;
  std::optional<GaitCycleEvents> process(Seq seq) noexcept;
  /// update()'s rare path: the delay grown while waiting for the sign vote (axis_wait_s), or its backlog.
  [[gnu::noinline]] std::optional<GaitCycleEvents> process_backlog(Seq newest) noexcept;
  /// process() without the pivot steps: the mid-swing cycle logic for one sample.
  std::optional<GaitCycleEvents> process_cycle(Seq seq, float pitch_lp_radps) noexcept;
  void set_peak_ema(float peak_radps) noexcept;
  /// process()'s rare branches, out of line so that its per-sample path stays short: the last
  /// landing once no swing has followed for the stop limit, and the events of a swing lobe's end.
  [[gnu::noinline]] std::optional<GaitCycleEvents> close_stopped_gait(Seq seq) noexcept;
  /// The stop limit is reached while the next swing lobe is open: no stop yet (stop_waits_for_open_swing).
  bool next_swing_open(Seq seq) const noexcept;
  [[gnu::noinline]] std::optional<GaitCycleEvents> end_swing() noexcept;
  Seq event_window() const noexcept;

  GaitEventDetectorSettings settings_;
  std::vector<Entry> history_;
  std::size_t mask_ = 0;  // history_.size() − 1 (a power of two minus one)
  Seq lag_samples_ = 0;         // axis_lag_s
  Seq max_stride_samples_ = 0;  // max_stride_s
  Seq min_stride_samples_ = 0;  // min_stride_s
  Seq min_stop_samples_ = 0;    // a lower bound of the stop limit (see process())
  Seq next_seq_ = 0;
  Seq processed_seq_ = 0;  // next sequence number process() has not seen
  Seq wait_samples_ = 0;   // axis_wait_s
  bool wait_on_ = false;   // axis_wait_s > axis_lag_s
  bool started_ = false;   // processed_seq_ set at the first sample due
  ButterworthFilterVec3 gyro_lp_;
  PitchAxisEstimator axes_;
  float peak_ema_radps_ = 0.0f;
  // A mid-swing lobe's threshold, max(min_swing_peak_dps, relative · peak_ema_radps_): it changes
  // only with the peak, once per stride, and is read every sample.
  float swing_threshold_radps_ = 0.0f;
  float stride_ema_s_ = 1.0f;
  bool in_swing_ = false;
  float trough_since_swing_radps_ = 0.0f;  // lowest low-passed pitch rate since the last swing lobe
  bool rested_since_swing_ = false;       // a foot-flat period (walking foot) since the last swing lobe
  float swing_max_radps_ = 0.0f;
  Seq swing_max_seq_ = 0;
  std::optional<Seq> last_ms_;
  bool last_ms_closed_ = true;  // true once the stance after last_ms_ has been reported
  std::optional<std::uint64_t> last_ic_index_;  // the last reported IC (device index)
  // Pivot steps (pivot_step_yaw_deg): the motion segment being followed, and a found pivot IC.
  bool pivot_on_ = false;
  Seq still_window_ = 1;         // samples in the 30 ms mean
  Seq min_still_samples_ = 1;    // 50 ms
  Seq jerk_lag_ = 1;             // 10 ms
  float impact_threshold_sq_ = 0.0f;  // the running impact test's, (m/s²)² (impact_jerk_g, scaled)
  FootFlatWindow pivot_still_;   // landing_still_window(), fed every sample while walking
  Seq still_run_ = 0;
  bool had_still_ = false;       // a foot-flat period was seen (segments before it do not count)
  bool in_segment_ = false;
  bool segment_swing_ = false;   // a mid-swing was accepted inside the segment
  Seq segment_begin_ = 0;
  Vec3f segment_up_ = Vec3f::UnitZ();
  float segment_yaw_rad_ = 0.0f;  // sum of |rate about up| over the segment's samples (× dt = angle)
  float segment_pitch_max_radps_ = 0.0f;
  float segment_jerk_sq_ = 0.0f;
  Seq segment_impact_ = 0;
  std::optional<Seq> pivot_ic_;
  bool pivot_waits_for_cycle_ = false;
};

}  // namespace runload::signal
