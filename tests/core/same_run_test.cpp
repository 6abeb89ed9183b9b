// core::same_run / merge_same_run: which side gives what when a watch activity and a sensor recording
// of the same run become one session.
#include "runload/core/same_run.h"

#include <gtest/gtest.h>

namespace runload::core {
namespace {

Session watch_run() {
  Session w;
  w.athlete_id = 1;
  w.start_utc_s = 1'700'000'000;
  w.duration_s = 1800.0;
  w.distance_m = 6000.0;
  w.metrics.cadence_steps_per_min = 170.0;
  w.metrics.power_w = 250.0;
  w.metrics.sources.set(Dynamic::kCadence, MetricSource::kWatch);
  w.metrics.sources.set(Dynamic::kPower, MetricSource::kStryd);
  w.rpe = 5.0;
  return w;
}

Session recording(signal::Placement placement, bool distance_known) {
  Session r;
  r.id = 7;
  r.athlete_id = 1;
  r.start_utc_s = 1'700'000'000 + 240;
  r.duration_s = 1830.0;
  r.distance_known = distance_known;
  r.distance_m = distance_known ? 5900.0 : 0.0;
  r.placements = {placement};
  r.metrics.cadence_steps_per_min = 172.0;
  r.metrics.pta_g = 9.0;
  return r;
}

TEST(SameRunTest, StartsWithinTenMinutesOfTheSameAthletesRunsAreTheSameRun) {
  const Session w = watch_run();
  Session r = recording(signal::Placement::kShank, false);
  EXPECT_TRUE(same_run(w, r));
  r.start_utc_s = *w.start_utc_s + kSameRunWindow_s + 1;
  EXPECT_FALSE(same_run(w, r));
  r.start_utc_s = w.start_utc_s;
  r.athlete_id = 2;
  EXPECT_FALSE(same_run(w, r));
  r.athlete_id = 1;
  r.activity = ActivityKind::kCrossTraining;
  EXPECT_FALSE(same_run(w, r));
  r.activity = ActivityKind::kRun;
  r.start_utc_s.reset();
  EXPECT_FALSE(same_run(w, r)) << "an unknown start never matches";
}

TEST(SameRunTest, TwoImportsOfOneRunAlsoAgreeOnTheDistanceWhereBothKnowIt) {
  const Session w = watch_run();
  Session listed = recording(signal::Placement::kFoot, true);
  listed.distance_m = 6000.0 * (1.0 + kSameRunDistanceTolerance);
  EXPECT_TRUE(same_run_and_distance(w, listed));
  listed.distance_m = 6000.0 * (1.0 + 2.0 * kSameRunDistanceTolerance);
  EXPECT_FALSE(same_run_and_distance(w, listed)) << "another run that started at the same time";
  listed.distance_known = false;
  EXPECT_TRUE(same_run_and_distance(w, listed)) << "an unknown distance does not keep them apart";
  listed.distance_known = true;
  listed.start_utc_s = *w.start_utc_s + kSameRunWindow_s + 1;
  listed.distance_m = 6000.0;
  EXPECT_FALSE(same_run_and_distance(w, listed));
}

TEST(SameRunTest, AShankRecordingTakesTheWatchsDistanceAndTimeAndKeepsItsTechnique) {
  const Session m = merge_same_run(watch_run(), recording(signal::Placement::kShank, false));
  EXPECT_EQ(m.id, 7);
  EXPECT_TRUE(m.distance_known);
  EXPECT_DOUBLE_EQ(m.distance_m, 6000.0);
  EXPECT_DOUBLE_EQ(m.duration_s, 1800.0);
  EXPECT_DOUBLE_EQ(*m.metrics.speed_mps, 6000.0 / 1800.0);
  EXPECT_DOUBLE_EQ(*m.metrics.cadence_steps_per_min, 172.0) << "the sensor's cadence";
  EXPECT_FALSE(m.metrics.sources.get(Dynamic::kCadence)) << "runload's own sensor";
  EXPECT_DOUBLE_EQ(*m.metrics.pta_g, 9.0);
  EXPECT_DOUBLE_EQ(*m.metrics.power_w, 250.0) << "what the sensor lacks comes from the watch";
  EXPECT_EQ(m.metrics.sources.get(Dynamic::kPower), MetricSource::kStryd);
  EXPECT_EQ(m.rpe, 5.0);
}

TEST(SameRunTest, AFootRecordingKeepsItsOwnDistance) {
  const Session m = merge_same_run(watch_run(), recording(signal::Placement::kFoot, true));
  EXPECT_DOUBLE_EQ(m.distance_m, 5900.0);
  EXPECT_DOUBLE_EQ(m.duration_s, 1830.0);
}

}  // namespace
}  // namespace runload::core
