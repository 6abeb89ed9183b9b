// The scorer behind every accuracy figure (runload eval, the dataset harnesses): one-to-one matching,
// the scored window, exclusions, and the lists of missed and extra events a researcher reads.
#include "runload/core/event_scoring.h"

#include <gtest/gtest.h>

#include <vector>

namespace runload::core {
namespace {

using Times = std::vector<double>;

TEST(EventScoringTest, EachReferenceTakesItsClosestDetectionOnce) {
  // Two detections near the reference at 1000 ms: the closer one matches, the other is extra.
  const Times ref = {1000.0, 2000.0};
  const Times det = {960.0, 1010.0, 2150.0};
  const EventScore s = score_events(ref, det, EventScoringSettings{});
  EXPECT_EQ(s.true_positives, 1u);
  EXPECT_EQ(s.false_positives, 2u);
  EXPECT_EQ(s.false_negatives, 1u);
  EXPECT_EQ(s.errors_ms, Times{10.0});
  EXPECT_EQ(s.missed_ms, Times{2000.0});             // 150 ms off: outside ±100 ms
  EXPECT_EQ(s.extra_ms, (Times{960.0, 2150.0}));     // sorted by time
  EXPECT_DOUBLE_EQ(s.f1(), 2.0 / (2.0 + 2.0 + 1.0));
}

TEST(EventScoringTest, OnlyTheWindowIsScoredAndAMatchOutsideItIsNeitherHitNorFalse) {
  EventScoringSettings settings;
  settings.window_begin_ms = 1000.0;
  settings.window_end_ms = 3000.0;
  // 500: a reference before the window, matched by a detection at 580 (inside the widened window).
  // 900: an unmatched detection inside the widened window (extra); 3200: outside it (not scored).
  const Times ref = {500.0, 1500.0, 2500.0, 3500.0};
  const Times det = {580.0, 900.0, 1520.0, 3200.0};
  const EventScore s = score_events(ref, det, settings);
  EXPECT_EQ(s.true_positives, 1u);
  EXPECT_EQ(s.missed_ms, Times{2500.0});
  EXPECT_EQ(s.extra_ms, Times{900.0});
}

TEST(EventScoringTest, ExcludedIntervalsDropTheirReferencesAndUnmatchedDetections) {
  EventScoringSettings settings;
  settings.excluded_ms = {{1800.0, 2600.0}};  // e.g. a turn
  const Times ref = {1000.0, 2000.0, 3000.0};
  const Times det = {1000.0, 2300.0, 3400.0};
  const EventScore s = score_events(ref, det, settings);
  EXPECT_EQ(s.true_positives, 1u);
  EXPECT_EQ(s.missed_ms, Times{3000.0});
  EXPECT_EQ(s.extra_ms, Times{3400.0});
}

TEST(EventScoringTest, MergePoolsCountsErrorsAndTheMissedAndExtraLists) {
  EventScore pooled;
  pooled.merge(score_events(Times{1000.0}, Times{1300.0}, EventScoringSettings{}));
  pooled.merge(score_events(Times{1000.0, 2000.0}, Times{1040.0}, EventScoringSettings{}));
  EXPECT_EQ(pooled.true_positives, 1u);
  EXPECT_EQ(pooled.false_positives, 1u);
  EXPECT_EQ(pooled.false_negatives, 2u);
  EXPECT_EQ(pooled.errors_ms, Times{40.0});
  EXPECT_EQ(pooled.missed_ms, (Times{1000.0, 2000.0}));
  EXPECT_EQ(pooled.extra_ms, Times{1300.0});
}

}  // namespace
}  // namespace runload::core
