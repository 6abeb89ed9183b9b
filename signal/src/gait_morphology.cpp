#include "runload/signal/gait_morphology.h"

namespace runload::signal {

// Sources (full table in docs/simulator.md):
// [F18] Falbriard et al. 2018, Front Physiol 9:610 — foot IMU, running, force-plate reference: the
//       pitch-rate minima in the first / second half of the mid-swing cycle are the most precise IC /
//       TC features (precision 2 ± 1 / 4 ± 2 ms); contact- and flight-time biases < 12 ± 10 ms and
//       speed-dependent, i.e. the troughs sit within about ten milliseconds of the true events.
// [M17] Mitschke, Heß & Milani 2017, Appl Sci 7:959 — IMU foot-strike features lag the force-plate
//       foot strike, more for forefoot than rearfoot strikers and for soft midsoles.
// [W19] van Werkhoven et al. 2019, Sports 7:184 — the sign of the sagittal foot angular velocity at
//       IC separates rearfoot from non-rearfoot strikes (cut-off 0 °/s): no heel-strike trough after
//       a flat or forefoot landing.
// [AD12] Altman & Davis 2012 — foot-strike angle classes (> 8° rearfoot, −1.6…8° midfoot).
// [A02/S04] Aminian 2002, Salarian 2004 — shank gyro: IC / TC at the minima around the mid-swing
//       peak, errors of the order of 10–20 ms (walking); [MC18] Mo & Chow 2018 — running, larger TC
//       error; [P23] Sensors 2023 23:5022 (PMC10255839), 74 runners: shank IC bias +17 ms.
// [PS] measured on the PyShoe VICON running trials (Wagstaff et al. 2020; ../shared/datasets,
//       SOURCE.md truth; 339 strides, 200 Hz), interquartile ranges; [VO] measured on the Voisard
//       2023 walking recordings (hand-checked events, 100 Hz, 2353 straight strides). Script:
//       tools/measure_gait_morphology.py.
// [RS] RunScribe braking 4–13 g (vendor "normal range", EVIDENCE.md §3.4, grade V): a sanity check.
// "assumed": no source gives a number; the range is kept wide.

GaitMorphology literature_gait_morphology() {
  GaitMorphology m;

  StrideMorphologyRanges& fr = m.foot_run;
  fr.landing_trough_after_ic_ms = {0.0f, 20.0f};   // [F18], [M17]; [PS] −5…+10 ms from the impact peak
  fr.landing_onset_ms = {25.0f, 55.0f};            // [PS] zero crossing → trough 25–50 ms
  fr.landing_recovery_ms = {20.0f, 45.0f};         // [PS] 20–40 ms
  fr.strike_angle_offset_deg = {-7.0f, 7.0f};      // 5–19° around the default 12° ([AD12]; spread assumed)
  fr.landing_rotation_deg = {5.0f, 15.0f};         // assumed (flat / forefoot landings, [W19])
  fr.pivot_landing_probability = 0.02f;            // assumed: a turn about every 50 strides
  fr.pivot_strike_angle_deg = {-1.0f, 3.0f};       // assumed: nearly flat ([VO] turn troughs are weak)
  fr.pivot_landing_rotation_deg = {1.0f, 4.0f};    // assumed: troughs of 10–100 °/s ([VO] turns: median 190 °/s)
  fr.pivot_turn_deg = {20.0f, 60.0f};              // assumed
  fr.heel_drop_ms = {20.0f, 50.0f};                // assumed
  fr.pushoff_trough_before_tc_ms = {0.0f, 60.0f};  // [F18] near TC; [PS] 30–60 ms before the marker lifts
  fr.pushoff_onset_ms = {70.0f, 150.0f};           // [PS] 120–150 ms at ~330 ms contact (clamped to fit)
  fr.pushoff_recovery_ms = {80.0f, 160.0f};        // [PS] 90–140 ms
  fr.pushoff_rotation_deg = {35.0f, 55.0f};        // assumed; gives the [PS] trough depth 330–475 °/s
  fr.impact_onset_ms = {0.0f, 4.0f};               // assumed ("a few ms")
  fr.impact_rise_ms = {3.0f, 10.0f};               // assumed (shoe)
  fr.impact_fall_ms = {5.0f, 20.0f};               // assumed
  fr.impact_peak_cv = 0.10f;                       // assumed
  fr.touchdown_vertical_speed_mps = {0.3f, 1.0f};  // assumed
  fr.touchdown_horizontal_speed_mps = {0.2f, 1.0f};  // assumed; ≤ 1 m/s at IC (PyShoe SOURCE.md)
  fr.braking_duration_ms = {15.0f, 40.0f};         // assumed; braking then spans 0.8–10.7 g ([RS])
  fr.eversion_offset_deg = {-3.0f, 3.0f};          // assumed
  fr.max_eversion_fraction_of_contact = {0.30f, 0.55f};  // assumed (near mid-stance)
  fr.pushoff_inversion_deg = {0.0f, 6.0f};         // assumed
  fr.contact_time_cv = 0.03f;                      // assumed

  StrideMorphologyRanges& fw = m.foot_walk;
  fw = fr;
  fw.landing_trough_after_ic_ms = {0.0f, 40.0f};   // [VO] +10…+40 ms
  fw.landing_onset_ms = {20.0f, 60.0f};            // [VO] 20–60 ms
  fw.landing_recovery_ms = {20.0f, 90.0f};         // [VO] 20–100 ms
  fw.strike_angle_offset_deg = {-5.0f, 5.0f};      // assumed, around the walking heel-strike angle
  fw.landing_rotation_deg = {3.0f, 10.0f};         // assumed
  fw.heel_drop_ms = {30.0f, 80.0f};                // assumed
  fw.pushoff_trough_before_tc_ms = {20.0f, 60.0f};  // [VO] 30–50 ms
  fw.pushoff_onset_ms = {90.0f, 150.0f};           // [VO] 100–140 ms
  fw.pushoff_recovery_ms = {70.0f, 130.0f};        // [VO] 80–120 ms
  fw.pushoff_rotation_deg = {45.0f, 70.0f};        // assumed; gives the [VO] trough depth 500–630 °/s
  fw.impact_onset_ms = {0.0f, 5.0f};               // assumed
  fw.impact_rise_ms = {5.0f, 20.0f};               // assumed
  fw.impact_fall_ms = {10.0f, 30.0f};              // assumed
  fw.touchdown_vertical_speed_mps = {0.1f, 0.4f};  // assumed
  fw.touchdown_horizontal_speed_mps = {0.05f, 0.4f};  // assumed
  fw.braking_duration_ms = {20.0f, 60.0f};         // assumed
  fw.max_eversion_fraction_of_contact = {0.15f, 0.35f};  // assumed (loading response)

  StrideMorphologyRanges& sr = m.shank_run;
  sr = fr;
  sr.landing_trough_after_ic_ms = {-15.0f, 25.0f};  // assumed, wider than [A02/S04]; [P23] +17 ms bias
  sr.landing_onset_ms = {8.0f, 30.0f};             // assumed
  sr.landing_recovery_ms = {8.0f, 30.0f};          // assumed
  sr.strike_angle_offset_deg = {0.0f, 0.0f};       // foot only
  sr.landing_rotation_deg = {3.0f, 12.0f};         // assumed (dips of 100–1200 °/s)
  sr.shank_angle_at_ic_deg = {0.0f, 15.0f};        // assumed
  sr.shank_stance_rotation_deg = {25.0f, 45.0f};   // assumed
  sr.pushoff_trough_before_tc_ms = {-30.0f, 30.0f};  // assumed ([MC18]: larger TC error on the shank)
  sr.pushoff_onset_ms = {15.0f, 40.0f};            // assumed
  sr.pushoff_recovery_ms = {15.0f, 40.0f};         // assumed
  sr.pushoff_rotation_deg = {6.0f, 15.0f};         // assumed
  sr.impact_onset_ms = {1.0f, 6.0f};               // assumed (the shock reaches the tibia after the shoe)
  sr.impact_rise_ms = {6.0f, 20.0f};               // assumed
  sr.impact_fall_ms = {10.0f, 30.0f};              // assumed
  sr.eversion_offset_deg = {0.0f, 0.0f};           // foot only
  sr.pushoff_inversion_deg = {0.0f, 0.0f};         // foot only

  StrideMorphologyRanges& sw = m.shank_walk;
  sw = sr;
  sw.landing_trough_after_ic_ms = {-10.0f, 30.0f};  // assumed, [A02/S04] 10–20 ms errors
  sw.landing_onset_ms = {15.0f, 40.0f};            // assumed
  sw.landing_recovery_ms = {15.0f, 40.0f};         // assumed
  sw.landing_rotation_deg = {3.0f, 12.0f};         // assumed
  sw.shank_angle_at_ic_deg = {5.0f, 20.0f};        // assumed
  sw.shank_stance_rotation_deg = {20.0f, 35.0f};   // assumed
  sw.pushoff_onset_ms = {25.0f, 60.0f};            // assumed
  sw.pushoff_recovery_ms = {25.0f, 60.0f};         // assumed
  sw.impact_onset_ms = {1.0f, 8.0f};               // assumed
  sw.impact_rise_ms = {10.0f, 30.0f};              // assumed
  sw.impact_fall_ms = {15.0f, 40.0f};              // assumed
  sw.touchdown_vertical_speed_mps = fw.touchdown_vertical_speed_mps;
  sw.touchdown_horizontal_speed_mps = fw.touchdown_horizontal_speed_mps;
  sw.braking_duration_ms = fw.braking_duration_ms;
  return m;
}

}  // namespace runload::signal
