#pragma once
/// A deterministic synthetic gait signal with known truth, for tests, emulators and demos: one shoe
/// (foot) or shank IMU through a schedule of running, walking and standing segments.
///
/// Model (ours; docs/simulator.md): a body whose events are physical instants — IC is the simulated
/// contact, TC the simulated toe-off — and whose signal shape around them is drawn PER STRIDE from
/// ranges reported in the literature or measured on public recordings (GaitMorphology,
/// gait_morphology.cpp), never from a detector's rules:
/// - sagittal (pitch) rate: a landing trough whose centre, widths and depth vary around IC (a heel-
///   first landing rotates the foot from its strike angle to flat; flat, forefoot and pivot landings
///   have no heel-strike trough), a stance roll-over on the shank, a push-off trough whose position
///   and recovery vary around TC, and a mid-swing lobe that closes the pitch angle over the stride;
/// - frontal (roll): eversion from IC to a varying maximum, then inversion through push-off, signed
///   by side (docs/frames.md); the shank carries a static frontal tilt;
/// - yaw: occasional pivot landings turn the foot during stance and change the heading;
/// - translation (world frame, so a ZUPT-INS integrates it exactly): the swing carries the sensor
///   over the stride and arrives with a touchdown velocity that the impact transient (vertical,
///   starting a few ms after IC) and the braking deceleration (horizontal) remove.
/// Specific force = R_world_from_body^T · (a_world + g), so gravity appears on the anterior axis
/// whenever the foot is pitched (e.g. at a 5–20° strike angle).
/// Body frame: x anterior, y left, z superior (FLU); pitch is positive toe-up / tibia-forward,
/// i.e. about −y. The sensor frame is the body frame rotated by `q_sensor_from_body`.
/// Truth is produced per stride of the instrumented leg as it is planned. Simulator figures are
/// self-consistency checks, not accuracy.
/// Thread-safety: none; one simulator per thread.
#include <Eigen/Geometry>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <vector>

#include "runload/signal/gait_morphology.h"
#include "runload/signal/imu_sample.h"
#include "runload/signal/sensor_placement.h"

namespace runload::signal {

enum class GaitMode : std::uint8_t { kStand = 0, kWalk = 1, kRun = 2 };

/// One piece of the session schedule. Cadence, contact time and impact follow from speed through
/// simple speed models (see gait_simulator.cpp) unless the override is set.
struct GaitSegment {
  double duration_s = 60.0;
  GaitMode mode = GaitMode::kRun;
  float speed_mps = 3.0f;
  /// Overrides the speed model's cadence (whole-body steps/min) when set.
  std::optional<float> cadence_steps_per_min;
};

enum class FootStrikePattern : std::uint8_t { kRearfoot = 0, kMidfoot = 1, kForefoot = 2 };

/// Foot-strike classes from the foot-strike angle (Altman & Davis 2012: > 8° rearfoot, −1.6°…8°
/// midfoot, < −1.6° forefoot).
FootStrikePattern classify_foot_strike(float strike_angle_deg) noexcept;

struct GaitSimulatorSettings {
  float sample_rate_hz = 1000.0f;
  /// Steady-run cadence used when `schedule` is empty (whole body; one leg sees half as strides).
  float cadence_steps_per_min = 170.0f;
  /// Steady-run contact time used when `schedule` is empty.
  float contact_time_ms = 250.0f;
  /// Peak axial specific force at impact when `schedule` is empty, g, gravity included.
  float impact_peak_g = 8.0f;
  /// Steady-run speed when `schedule` is empty, m/s.
  float speed_mps = 3.3f;
  /// Foot pitch at IC relative to flat stance when running, deg; > 8 rearfoot, < −1.6 forefoot.
  /// The centre of each stride's strike angle (GaitMorphology adds the stride-to-stride spread).
  float strike_angle_deg = 12.0f;
  /// The same when walking (heel strike), deg (assumed typical value).
  float walking_strike_angle_deg = 20.0f;
  /// Foot eversion from IC to maximum, deg (foot only): the centre of each stride's excursion.
  float pronation_excursion_deg = 8.0f;
  /// Static frontal-plane tilt of the tibia, deg (shank only): the tibia is rolled by this angle
  /// about its anterior axis (positive = +x rotation, docs/frames.md); the truth is this value.
  float tibial_frontal_angle_deg = 4.0f;
  /// Coefficient of variation of the stride time (normal, ±3 SD): 2 %, running stride-time
  /// variability is of the order of 1–3 % (e.g. Meardon et al. 2011, Gait Posture 33:36).
  float stride_jitter = 0.02f;
  /// Per-stride event morphology ranges (docs/simulator.md). Setting a range's min == max fixes it.
  GaitMorphology morphology = literature_gait_morphology();
  /// White noise standard deviation per axis.
  float accel_noise_mps2 = 0.05f;
  float gyro_noise_radps = 0.005f;
  /// Constant gyro bias, sensor frame, rad/s.
  Vec3f gyro_bias_radps = Vec3f::Zero();
  /// Full-scale ranges; outputs clip at ±range. 0 = no clipping.
  float accel_range_g = 0.0f;
  float gyro_range_dps = 0.0f;
  /// false = an accelerometer-only sensor: no gyro channel, gyro values zero (issue 15).
  bool gyro_present = true;
  /// Probability that a sample is lost (index and time still advance: a gap of k = k lost samples).
  float drop_probability = 0.0f;
  /// Mounting: sensor frame from body frame.
  Eigen::Quaternionf q_sensor_from_body = Eigen::Quaternionf::Identity();
  Placement placement = Placement::kFoot;
  BodySide side = BodySide::kLeft;
  /// Session schedule; empty = run forever at the steady settings above. After the last segment
  /// the simulated runner stands still.
  std::vector<GaitSegment> schedule;
  std::uint32_t seed = 1;
};

/// Truth for one stride of the instrumented leg, planned at its IC (or at push-off after a rest).
struct GaitStrideTruth {
  /// IC at the start of this stride; nullopt for the first push-off after standing.
  std::optional<double> ic_time_s;
  /// TC (toe-off) of this stance; nullopt for a terminal stance before standing still.
  std::optional<double> tc_time_s;
  /// Sample index at or after the event time (index = round-up(t · fs)).
  std::optional<std::uint64_t> ic_index_samples;
  std::optional<std::uint64_t> tc_index_samples;
  /// Next IC of the same foot (end of this stride), s; for a terminal stance, the end of the rest.
  double end_time_s = 0.0;
  GaitMode mode = GaitMode::kRun;
  float speed_mps = 0.0f;
  /// Stride (same foot IC→IC) and step (= stride/2, symmetric gait) times, s.
  float stride_time_s = 0.0f;
  float step_time_s = 0.0f;
  float cadence_steps_per_min = 0.0f;    ///< 60 / step time
  float cadence_strides_per_min = 0.0f;  ///< 60 / stride time = cadence_steps_per_min / 2
  float contact_time_ms = 0.0f;          ///< TC − IC
  float flight_time_ms = 0.0f;           ///< step time − contact time (negative = double support)
  float duty_factor = 0.0f;              ///< contact / stride time
  float stride_length_m = 0.0f;
  /// Peak axial (body z) specific force during the simulated impact transient, g, gravity
  /// included, noise-free.
  float pta_axial_g = 0.0f;
  float strike_angle_deg = 0.0f;
  FootStrikePattern strike_pattern = FootStrikePattern::kRearfoot;
  /// Foot: eversion from IC to maximum eversion, deg (positive = eversion, whichever the side),
  /// and the peak eversion rate, deg/s.
  float pronation_excursion_deg = 0.0f;
  float pronation_velocity_dps = 0.0f;
  /// Shank: the configured static frontal tilt of the tibia, deg.
  float tibial_frontal_angle_deg = 0.0f;
  /// Peak horizontal deceleration of the sensor after IC, g, gravity excluded.
  float braking_g = 0.0f;
  /// The morphology drawn for this stride (for diagnosing a detector against it).
  bool pivot_landing = false;
  float pivot_turn_deg = 0.0f;                 ///< heading change during this stance (signed)
  float landing_trough_after_ic_ms = 0.0f;     ///< centre of the landing trough − IC
  float landing_trough_depth_dps = 0.0f;       ///< deepest pitch rate of that trough (≤ 0)
  float pushoff_trough_before_tc_ms = 0.0f;    ///< TC − centre of the push-off trough
  float pushoff_level_at_tc = 0.0f;            ///< pitch rate at TC / trough depth (1 = still at the trough)
  float impact_onset_after_ic_ms = 0.0f;       ///< start of the impact transient − IC
  float pta_after_ic_ms = 0.0f;                ///< instant of the axial peak − IC
};

class GaitSimulator {
 public:
  /// May allocate (reserves the truth list).
  explicit GaitSimulator(const GaitSimulatorSettings& settings);
  ~GaitSimulator();
  GaitSimulator(const GaitSimulator&);
  GaitSimulator& operator=(const GaitSimulator&);
  /// The next sample; index and device time advance by one sample period. Dropped samples are
  /// skipped (the returned sample's index jumps). Not allocation-free: appends stride truth.
  ImuSample next();
  const GaitSimulatorSettings& settings() const noexcept { return settings_; }
  /// Truth of every stride planned so far (the last one may still be in progress).
  std::span<const GaitStrideTruth> truth() const noexcept { return truth_; }
  /// Strides whose end lies at or before `t_s` (complete ones).
  std::vector<GaitStrideTruth> truth_until(double t_s) const;
  /// Total schedule duration, s (infinity when the schedule is empty).
  double schedule_duration_s() const noexcept;

  struct Unit;     // one planned stride (implementation detail, public for the .cpp helpers)
  struct Landing;  // the landing that starts a unit, drawn with the swing before it

 private:
  ImuSample generate(std::uint64_t index) noexcept;
  void plan_next();
  const GaitSegment& segment_at(double t_s, double* segment_end_s) const noexcept;
  Placement placement() const noexcept;
  const StrideMorphologyRanges& ranges(GaitMode mode) const noexcept;
  /// Morphology draws (their own generator, so noise and drops do not change the gait).
  double draw(const UniformRange& range);
  double draw_normal(double limit_sd);
  float pta_target_g(GaitMode mode, float speed_mps) const noexcept;
  Landing draw_landing(double t_ic_s, GaitMode mode, float speed_mps);

  GaitSimulatorSettings settings_;
  GaitSegment steady_;
  double sample_period_s_;
  std::uint64_t index_samples_ = 0;
  std::vector<GaitStrideTruth> truth_;
  std::vector<Unit> units_;  // current and next (bounded: old ones are dropped)
  std::mt19937 rng_;
  std::mt19937 morphology_rng_;
  std::normal_distribution<float> unit_normal_{0.0f, 1.0f};
  std::uniform_real_distribution<float> unit_uniform_{0.0f, 1.0f};
};

/// The 10-minute accuracy session (issue #3): stand 5 s, run 3.0 → 3.8 → 4.6 m/s, a 60 s walking
/// break with a 10 s stop, run 3.4 m/s, stand 5 s.
std::vector<GaitSegment> accuracy_session_schedule();

/// That session at 1 kHz with gyro bias, ±32 g / ±4000 dps and an arbitrary mounting (so detectors
/// must find the pitch axis and its sign themselves); seeded per placement. Used by the accuracy
/// tests, `runload eval --simulated` and `runload sim --schedule session10`.
GaitSimulatorSettings accuracy_session_settings(Placement placement);

}  // namespace runload::signal
