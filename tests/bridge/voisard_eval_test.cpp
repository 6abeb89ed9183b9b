// Accuracy of the foot gait-event detector on real walking data: Voisard et al., IPOL 2023
// (Xsens MTw foot IMUs, 100 Hz, hand-checked [toe-off, initial contact] pairs). AGPL data, read
// from ../shared/datasets at test time, never copied into the repository.
//
// Protocol (anti-overfitting): detector settings were tuned on subjects 1–7 only; subjects 8–14 are
// held out and must meet the same targets with the same code and settings (no per-file parameters).
// Scoring: only inside TrialBoundaries (the reference starts at the first toe-off and ends at the
// last landing; standing before/after is not scored). Turn steps (UTurnBoundaries) ARE scored in the
// primary figures; a second line reports straight walking only. Tolerance ±100 ms for matching.
// Targets (issue 3): step (IC) F1 ≥ 0.99, IC median |error| ≤ 20 ms, cadence MAE ≤ 1 steps/min.
// STATUS (see docs/accuracy.md): the IC timing target is met on both splits, and on straight
// walking F1 and cadence are too (asserted); with the turn, F1 is 0.9887 on the tuning split (NOT
// yet 0.99; 0.9891 before Voisard item 18, whose one added detection is a real 4.8 g landing the
// labels do not hold) and 0.9904 on the held-out one; cadence MAE (0.80 / 0.71 steps/min) meets the target on
// both splits. The remaining
// errors are mostly turn steps — pivot steps placed 110–520 ms from the hand label, pivots of the standing
// foot read as steps, and pivot steps without a landing impact (missed entirely). The checks
// below are a ratchet just under the achieved level (a regression fails them; raise them as the
// detector improves) and the issue targets are printed as MET / NOT MET so the gap stays visible.
// Run with RUNLOAD_EVAL_VERBOSE=1 for a per-recording table, RUNLOAD_EVAL_ERR=1 for every unmatched
// reference (FN) / detection (FP) IC with its place (start / straight / turn / end).
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "../../core/include/runload/core/event_scoring.h"  // header-only; bridge tests do not link core
#include "runload/bridge/datasets/voisard_adapter.h"
#include "runload/signal/gait_event_detector.h"
#include "testing/paths.h"

namespace {

using runload::bridge::datasets::Recording;
using runload::bridge::datasets::VoisardAdapter;
namespace core = runload::core;
namespace sig = runload::signal;

struct SplitResult {
  core::EventScore ic, tc, ic_straight, tc_straight;
  std::vector<double> gct_errors_ms;
  std::vector<double> cadence_abs_errors_spm;
  std::vector<double> cadence_straight_abs_errors_spm;  // strides overlapping the turn left out
  int recordings = 0;
  // Detector strides (events with an IC inside the scored window): with a contact time as the
  // pipeline reports it (IC and TC of the same stance event), and the gait stops the detector
  // called (a last landing, IC only, after a mid-swing with no next one).
  std::size_t strides = 0, strides_with_contact = 0, stops = 0;
};

double ms(std::uint64_t index, float fs) { return static_cast<double>(index) * 1000.0 / static_cast<double>(fs); }

void evaluate(const Recording& rec, SplitResult& out, bool verbose) {
  const float fs = rec.sensor.sample_rate_hz;
  const auto settings = sig::foot_event_detector_settings(fs);  // the same defaults for every recording
  const auto events = sig::GaitEventDetector::detect(rec.samples, fs, settings);
  std::vector<double> det_ic, det_tc, ref_ic, ref_tc;
  for (const auto& e : events) {
    if (e.ic_index_samples) det_ic.push_back(ms(*e.ic_index_samples, fs));
    if (e.tc_index_samples) det_tc.push_back(ms(*e.tc_index_samples, fs));
  }
  std::size_t strides = 0, with_contact = 0, stops = 0;
  for (const auto& e : events) {
    if (e.ic_index_samples && e.previous_mid_swing_index_samples && !e.mid_swing_index_samples) ++stops;
    if (!e.ic_index_samples || !rec.reference.scored_samples || *e.ic_index_samples < rec.reference.scored_samples->first ||
        *e.ic_index_samples > rec.reference.scored_samples->second)
      continue;
    ++strides;
    if (e.tc_index_samples && *e.tc_index_samples > *e.ic_index_samples) ++with_contact;
  }
  out.strides += strides;
  out.strides_with_contact += with_contact;
  out.stops += stops;
  for (auto i : rec.reference.ic_index_samples) ref_ic.push_back(ms(i, fs));
  for (auto i : rec.reference.tc_index_samples) ref_tc.push_back(ms(i, fs));
  core::EventScoringSettings s;
  s.tolerance_ms = 100.0;
  if (rec.reference.scored_samples) {
    s.window_begin_ms = ms(rec.reference.scored_samples->first, fs);
    s.window_end_ms = ms(rec.reference.scored_samples->second, fs);
  }
  const auto ic = core::score_events(ref_ic, det_ic, s);
  const auto tc = core::score_events(ref_tc, det_tc, s);
  core::EventScoringSettings straight = s;
  for (const auto& [a, b] : rec.reference.turn_samples) straight.excluded_ms.emplace_back(ms(a, fs), ms(b, fs));
  out.ic.merge(ic);
  out.tc.merge(tc);
  out.ic_straight.merge(core::score_events(ref_ic, det_ic, straight));
  out.tc_straight.merge(core::score_events(ref_tc, det_tc, straight));
  const auto gct = core::contact_time_errors_ms(ref_ic, ref_tc, det_ic, det_tc, s.tolerance_ms);
  out.gct_errors_ms.insert(out.gct_errors_ms.end(), gct.begin(), gct.end());
  // Cadence over the scored window (widened by the tolerance), the same for the reference and the
  // detections, from this foot's ICs (strides → steps/min). The reference also labels the slow
  // shuffle steps after TrialBoundaries; they are not part of the walk and not scored.
  const auto in_window = [&](const std::vector<double>& all) {
    std::vector<double> in;
    for (double t : all)
      if (t >= *s.window_begin_ms - s.tolerance_ms && t <= *s.window_end_ms + s.tolerance_ms) in.push_back(t);
    return in;
  };
  const auto ref_in = in_window(ref_ic), det_in = in_window(det_ic);
  const auto c_ref = core::cadence_steps_per_min_one_foot(ref_in);
  const auto c_det = core::cadence_steps_per_min_one_foot(det_in);
  if (c_ref && c_det) out.cadence_abs_errors_spm.push_back(std::fabs(*c_det - *c_ref));
  const auto s_ref = core::cadence_steps_per_min_one_foot(ref_in, 2500.0, straight.excluded_ms);
  const auto s_det = core::cadence_steps_per_min_one_foot(det_in, 2500.0, straight.excluded_ms);
  if (s_ref && s_det) out.cadence_straight_abs_errors_spm.push_back(std::fabs(*s_det - *s_ref));
  if (std::getenv("RUNLOAD_EVAL_ERR")) {
    // Diagnostic: the scorer's unmatched ICs (FN: missed references, FP: extra detections), each with
    // its place in the walk and the distance to the nearest event on the other side.
    const double b = *s.window_begin_ms, e = *s.window_end_ms;
    const auto where = [&](double t) {
      for (const auto& [a, z] : rec.reference.turn_samples)
        if (t >= ms(a, fs) && t <= ms(z, fs)) return "turn";
      return t < b + 2500 ? "start" : (t > e - 2500 ? "end" : "straight");
    };
    const auto nearest = [](double t, const std::vector<double>& others) {
      double best = 1e9;
      for (double o : others) best = std::min(best, std::fabs(o - t));
      return best;
    };
    for (double r : ic.missed_ms)
      std::printf("ERR %s FN ic=%.0f (%s) nearest=%.0f\n", rec.info.id.c_str(), r * fs / 1000.0, where(r), nearest(r, det_ic));
    for (double d : ic.extra_ms)
      std::printf("ERR %s FP ic=%.0f (%s) nearest=%.0f\n", rec.info.id.c_str(), d * fs / 1000.0, where(d), nearest(d, ref_ic));
  }
  ++out.recordings;
  if (verbose)
    std::printf("%-8s IC tp=%zu fp=%zu fn=%zu med=%.0f bias=%+.1f | TC tp=%zu fp=%zu fn=%zu med=%.0f bias=%+.1f | cad ref=%.1f det=%.1f straight ref=%.1f det=%.1f | strides=%zu contact=%zu stops=%zu\n",
                rec.info.id.c_str(), ic.true_positives, ic.false_positives, ic.false_negatives, ic.median_abs_error_ms(),
                ic.mean_error_ms(), tc.true_positives, tc.false_positives, tc.false_negatives, tc.median_abs_error_ms(),
                tc.mean_error_ms(), c_ref.value_or(0), c_det.value_or(0), s_ref.value_or(0), s_det.value_or(0), strides, with_contact, stops);
}

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}
double mean_abs(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += std::fabs(x);
  return v.empty() ? 0.0 : s / static_cast<double>(v.size());
}

void report(const char* name, const SplitResult& r) {
  std::printf("== %s: %d recordings\n", name, r.recordings);
  std::printf("  IC (steps, incl. turn): F1=%.4f P=%.4f R=%.4f (tp=%zu fp=%zu fn=%zu) median|e|=%.1f ms MAE=%.1f ms bias=%+.1f ms\n",
              r.ic.f1(), r.ic.precision(), r.ic.recall(), r.ic.true_positives, r.ic.false_positives, r.ic.false_negatives,
              r.ic.median_abs_error_ms(), r.ic.mean_abs_error_ms(), r.ic.mean_error_ms());
  std::printf("  TC (incl. turn):        F1=%.4f median|e|=%.1f ms MAE=%.1f ms bias=%+.1f ms\n", r.tc.f1(),
              r.tc.median_abs_error_ms(), r.tc.mean_abs_error_ms(), r.tc.mean_error_ms());
  std::printf("  straight only:          IC F1=%.4f median|e|=%.1f ms | TC F1=%.4f median|e|=%.1f ms | cadence MAE=%.2f steps/min\n",
              r.ic_straight.f1(), r.ic_straight.median_abs_error_ms(), r.tc_straight.f1(),
              r.tc_straight.median_abs_error_ms(), mean(r.cadence_straight_abs_errors_spm));
  std::printf("  GCT: n=%zu bias=%+.1f ms MAE=%.1f ms | cadence MAE=%.2f steps/min over %zu recordings\n",
              r.gct_errors_ms.size(), mean(r.gct_errors_ms), mean_abs(r.gct_errors_ms), mean(r.cadence_abs_errors_spm),
              r.cadence_abs_errors_spm.size());
  std::printf("  detector strides in the scored windows: %zu, with a contact time %zu; gait stops called %zu (%.2f per recording)\n",
              r.strides, r.strides_with_contact, r.stops, r.recordings ? static_cast<double>(r.stops) / r.recordings : 0.0);
}

class VoisardEvalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = runload::testing::shared_datasets() / "voisard-ipol-2023-walking";
    if (!std::filesystem::exists(dir_)) GTEST_SKIP() << "dataset not found: " << dir_;
  }
  SplitResult run(int first_subject, int last_subject) {
    const bool verbose = std::getenv("RUNLOAD_EVAL_VERBOSE") != nullptr;
    VoisardAdapter adapter;
    const auto list = adapter.list(dir_);
    EXPECT_TRUE(list.has_value());
    SplitResult r;
    if (!list) return r;
    for (const auto& info : *list) {
      if (info.subject < first_subject || info.subject > last_subject) continue;
      const auto rec = adapter.load(info);
      EXPECT_TRUE(rec.has_value()) << (rec ? "" : rec.error());
      if (rec) evaluate(*rec, r, verbose);
    }
    return r;
  }
  void check(const SplitResult& r, double f1_floor, double cadence_ceiling_spm) {
    const auto met = [](bool ok) { return ok ? "MET" : "NOT MET"; };
    std::printf("  issue targets: F1>=0.99 %s | IC median<=20 ms %s | cadence MAE<=1 spm %s\n", met(r.ic.f1() >= 0.99),
                met(r.ic.median_abs_error_ms() <= 20.0), met(mean(r.cadence_abs_errors_spm) <= 1.0));
    EXPECT_GE(r.ic.f1(), f1_floor);                                    // ratchet (target 0.99)
    EXPECT_LE(r.ic.median_abs_error_ms(), 20.0);                       // issue target
    EXPECT_LE(mean(r.cadence_abs_errors_spm), cadence_ceiling_spm);    // ratchet (target 1 spm)
    // Straight walking (strides overlapping the turn left out) meets both targets.
    EXPECT_GE(r.ic_straight.f1(), 0.99);
    EXPECT_LE(mean(r.cadence_straight_abs_errors_spm), 1.0);
  }
  std::filesystem::path dir_;
};

TEST_F(VoisardEvalTest, AdapterReadsEveryRecording) {
  VoisardAdapter adapter;
  const auto list = adapter.list(dir_);
  ASSERT_TRUE(list.has_value()) << list.error();
  // GIVEN 80 trials × 2 feet
  EXPECT_EQ(list->size(), 160u);
  const auto rec = adapter.load(list->front());
  ASSERT_TRUE(rec.has_value()) << rec.error();
  // THEN 1-1 left: 100 Hz, events paired, samples in SI (gravity ≈ 9.8 m/s² at rest)
  EXPECT_EQ(rec->info.id, "1-1_lf");
  EXPECT_FLOAT_EQ(rec->sensor.sample_rate_hz, 100.0f);
  EXPECT_EQ(rec->reference.ic_index_samples.size(), rec->reference.tc_index_samples.size());
  EXPECT_EQ(rec->reference.tc_index_samples.front(), 527u);
  EXPECT_EQ(rec->reference.ic_index_samples.front(), 574u);
  EXPECT_NEAR(rec->samples.front().accel_sensor_mps2.norm(), 9.81f, 0.5f);
  ASSERT_TRUE(rec->reference.scored_samples.has_value());
  EXPECT_EQ(rec->reference.scored_samples->first, 459u);
  EXPECT_EQ(rec->samples[10].index_samples, 10u);
}

TEST_F(VoisardEvalTest, TuningSubjects1To7MeetTargets) {
  const auto r = run(1, 7);
  report("tuning subjects 1-7", r);
  check(r, 0.9885, 0.85);  // achieved F1 0.9887 (2-3_rf 3220: an unlabelled real landing, item 18), cadence MAE 0.80 spm
}

TEST_F(VoisardEvalTest, HeldOutSubjects8To14MeetTargets) {
  const auto r = run(8, 14);
  report("held-out subjects 8-14", r);
  check(r, 0.990, 0.75);  // achieved F1 0.9904, cadence MAE 0.71 spm
}

}  // namespace
