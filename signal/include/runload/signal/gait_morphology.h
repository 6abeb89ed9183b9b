#pragma once
/// The ranges the gait simulator draws each stride's event morphology from (one set per placement
/// and gait mode). Every range comes from the literature or from measurements on public recordings,
/// or is marked "assumed" where no source gives a number; the values and their sources are in
/// gait_morphology.cpp and docs/simulator.md. None of them is derived from a detector's rules.
///
/// Conventions: times relative to an event are positive when the feature comes AFTER the event,
/// except the push-off trough, which is given as "before TC". Pitch is positive toe-up / tibia-
/// forward (docs/frames.md: pitch about −y); a trough is a negative excursion of the pitch rate.
namespace runload::signal {

/// A closed range [min, max]; each stride draws uniformly inside it. min == max fixes the value.
struct UniformRange {
  float min = 0.0f;
  float max = 0.0f;
};

/// Per-stride morphology ranges for one placement and gait mode.
struct StrideMorphologyRanges {
  // ---- Landing (sagittal pitch rate around initial contact, IC).
  /// Centre of the landing trough relative to IC, ms (> 0: after IC).
  UniformRange landing_trough_after_ic_ms;
  /// Half-widths of the trough before its centre (pitch rate leaves zero → trough) and after it
  /// (trough → back to zero), ms.
  UniformRange landing_onset_ms;
  UniformRange landing_recovery_ms;
  /// Foot, heel-first landings: added to the mode's strike angle (GaitSimulatorSettings), deg.
  UniformRange strike_angle_offset_deg;
  /// Rotation of the landing trough, deg: the shank's landing dip, and on the foot the plantar-
  /// flexion in terminal swing before a flat or forefoot landing (a heel-first landing's rotation
  /// follows from its strike angle instead).
  UniformRange landing_rotation_deg;
  /// Shank only: tibia pitch at IC (> 0 forward) and its rotation over stance, deg.
  UniformRange shank_angle_at_ic_deg;
  UniformRange shank_stance_rotation_deg;
  /// Pivot (turn) landings: probability per stride; the foot lands nearly flat (strike angle in
  /// `pivot_strike_angle_deg`, no heel-strike trough) and pivots about the vertical during stance
  /// by `pivot_turn_deg` (sign random), changing the heading of the following strides.
  float pivot_landing_probability = 0.0f;
  UniformRange pivot_strike_angle_deg;
  UniformRange pivot_landing_rotation_deg;  ///< the weak trough's rotation, deg
  UniformRange pivot_turn_deg;
  /// Foot, forefoot or flat landings: duration of the heel drop after IC (half-width), ms.
  UniformRange heel_drop_ms;

  // ---- Push-off (sagittal pitch rate around terminal contact, TC).
  /// Centre of the push-off trough before TC, ms (< 0: after TC).
  UniformRange pushoff_trough_before_tc_ms;
  /// Half-widths before (heel rise) and after (recovery into swing) the trough, ms.
  UniformRange pushoff_onset_ms;
  UniformRange pushoff_recovery_ms;
  /// Plantarflexion (foot) or tibia rotation (shank) of the push-off trough, deg.
  UniformRange pushoff_rotation_deg;

  // ---- Impact (accelerometer transient) and braking.
  /// Onset of the impact transient after IC, its rise time to the peak and its fall time, ms.
  UniformRange impact_onset_ms;
  UniformRange impact_rise_ms;
  UniformRange impact_fall_ms;
  /// Stride-to-stride coefficient of variation of the peak axial acceleration (normal, ±2.5 SD).
  float impact_peak_cv = 0.0f;
  /// Vertical and horizontal speed of the sensor at IC, m/s: the landing transient and the braking
  /// deceleration remove them (so the swing and the stance integrate exactly).
  UniformRange touchdown_vertical_speed_mps;
  UniformRange touchdown_horizontal_speed_mps;
  /// Duration of the horizontal braking deceleration (a half-sine from the impact onset), ms.
  UniformRange braking_duration_ms;

  // ---- Frontal plane (foot).
  /// Added to the configured eversion excursion (IC → maximum eversion), deg.
  UniformRange eversion_offset_deg;
  /// Instant of maximum eversion as a fraction of contact time.
  UniformRange max_eversion_fraction_of_contact;
  /// Inversion beyond the IC angle reached at TC (the foot rolls back into inversion during
  /// push-off), deg.
  UniformRange pushoff_inversion_deg;

  // ---- Timing.
  /// Stride-to-stride coefficient of variation of contact time (normal, ±3 SD; the stride time's is
  /// GaitSimulatorSettings::stride_jitter).
  float contact_time_cv = 0.0f;
};

/// The four sets the simulator uses (standing reuses walking).
struct GaitMorphology {
  StrideMorphologyRanges foot_run;
  StrideMorphologyRanges foot_walk;
  StrideMorphologyRanges shank_run;
  StrideMorphologyRanges shank_walk;
};

/// The literature / measured ranges (gait_morphology.cpp; docs/simulator.md).
GaitMorphology literature_gait_morphology();

}  // namespace runload::signal
