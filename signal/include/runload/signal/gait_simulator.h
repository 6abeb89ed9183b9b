#pragma once
/// A deterministic synthetic gait signal with known truth, for tests, emulators and demos: one shoe
/// (foot) or shank IMU through a schedule of running, walking and standing segments.
///
/// Model (our own, shaped after Falbriard 2018 for the foot and Purcell 2005 for the shank):
/// - The sagittal (pitch) angular rate is a sum of raised-cosine bumps whose integrals close the
///   pitch angle over every stride (no drift): a negative trough centred exactly on initial contact
///   (IC), a negative trough centred exactly on terminal contact (TC), a positive mid-swing lobe, and
///   on the shank a negative stance rotation (tibia rolling over the foot).
/// - Specific force is gravity seen through the pitch/roll angles plus swing, braking and an impact
///   half-sine starting at IC.
/// - Body frame: x anterior, y left, z superior (FLU); pitch is positive toe-up / tibia-forward,
///   i.e. about −y. The sensor frame is the body frame rotated by `q_sensor_from_body`.
/// Truth is produced per stride of the instrumented leg as it is planned.
/// Thread-safety: none; one simulator per thread.
#include <Eigen/Geometry>
#include <cstdint>
#include <optional>
#include <random>
#include <span>
#include <vector>

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
  /// Foot pitch at IC relative to flat stance, deg; > 8 rearfoot, < −1.6 forefoot.
  float strike_angle_deg = 12.0f;
  /// Foot eversion from IC to maximum, deg (foot only).
  float pronation_excursion_deg = 8.0f;
  /// Static frontal-plane tilt of the tibia, deg (shank only), as asin(f_y / |f|) at mid-stance.
  float tibial_frontal_angle_deg = 4.0f;
  /// Relative standard deviation of stride-to-stride time variation (0.01 = 1 %).
  float stride_jitter = 0.01f;
  /// White noise standard deviation per axis.
  float accel_noise_mps2 = 0.05f;
  float gyro_noise_radps = 0.005f;
  /// Constant gyro bias, sensor frame, rad/s.
  Vec3f gyro_bias_radps = Vec3f::Zero();
  /// Full-scale ranges; outputs clip at ±range. 0 = no clipping.
  float accel_range_g = 0.0f;
  float gyro_range_dps = 0.0f;
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
  /// Peak axial specific force (gravity included) within the impact window after IC, g, noise-free.
  float pta_axial_g = 0.0f;
  float strike_angle_deg = 0.0f;
  FootStrikePattern strike_pattern = FootStrikePattern::kRearfoot;
  float pronation_excursion_deg = 0.0f;
  float pronation_velocity_dps = 0.0f;
  float tibial_frontal_angle_deg = 0.0f;
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

  struct Unit;  // one planned stride (implementation detail, public for the .cpp helpers)

 private:
  ImuSample generate(std::uint64_t index) noexcept;
  void plan_next();
  const GaitSegment& segment_at(double t_s, double* segment_end_s) const noexcept;

  GaitSimulatorSettings settings_;
  GaitSegment steady_;
  double sample_period_s_;
  std::uint64_t index_samples_ = 0;
  std::vector<GaitStrideTruth> truth_;
  std::vector<Unit> units_;  // current and next (bounded: old ones are dropped)
  std::mt19937 rng_;
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
