// Return-to-run plan (EVIDENCE §6 graded return): stages gated by pain <= 2/10 during and no worse next
// morning; a flare steps back one stage; seek-help symptoms hold the plan.
#include <gtest/gtest.h>

#include "history_builder.h"
#include "runload/core/report_text.h"
#include "runload/core/return_to_run.h"

namespace runload::core {
namespace {
using testing::day;
using testing::HistoryBuilder;

void gated_day(HistoryBuilder& b, int d, ActivityKind kind, double during, double morning) {
  b.run(d, kind == ActivityKind::kCrossTraining ? 0.0 : 3.0).activity = kind;
  SymptomEntry& e = b.symptom(d);
  e.pain_during_0_10 = during;
  e.pain_next_morning_0_10 = morning;
}

TEST(ReturnToRunTest, NoPainMeansNoPlan) {
  HistoryBuilder b;
  b.run(0, 5.0);
  b.symptom(0).pain_during_0_10 = 1.0;
  EXPECT_EQ(plan_return_to_run(b.history(), day(3)).stage, ReturnStage::kNotNeeded);
}

TEST(ReturnToRunTest, AdvancesThroughStagesAndAFlareStepsBack) {
  HistoryBuilder b;
  // (Pain that lasts through the week of cross-training and walking would be pain > 1 week despite rest:
  // a seek-help case, see PersistentPainHoldsThePlanAtSeekProfessional. Here it settles.)
  b.symptom(0).pain_during_0_10 = 4.0;  // episode starts: cross-training
  for (int d = 1; d <= 3; ++d) gated_day(b, d, ActivityKind::kCrossTraining, 0.0, 0.0);
  for (int d = 4; d <= 6; ++d) gated_day(b, d, ActivityKind::kWalk, 0.0, 0.0);
  const ReturnToRunPlan at6 = plan_return_to_run(b.history(), day(6));
  EXPECT_EQ(at6.stage, ReturnStage::kWalkRun);
  EXPECT_EQ(*at6.episode_start, day(0));
  ASSERT_EQ(at6.changes.size(), 3u);
  EXPECT_EQ(at6.changes[1].date, day(3));
  EXPECT_EQ(at6.changes[1].to, ReturnStage::kWalk);

  gated_day(b, 7, ActivityKind::kWalkRun, 2.0, 0.0);  // at the gate: passes
  EXPECT_EQ(plan_return_to_run(b.history(), day(7)).passes_at_stage, 1);
  gated_day(b, 8, ActivityKind::kWalkRun, 2.0, 3.0);  // worse next morning: flare
  const ReturnToRunPlan at8 = plan_return_to_run(b.history(), day(8));
  EXPECT_EQ(at8.stage, ReturnStage::kWalk);
  EXPECT_EQ(at8.passes_at_stage, 0);
  EXPECT_NE(render_return_to_run_text(at8).find("walk-run -> walk"), std::string::npos);
}

TEST(ReturnToRunTest, PainAboveGateDuringIsAFlareAndPendingMorningIsNeither) {
  HistoryBuilder b;
  b.symptom(0).pain_during_0_10 = 3.0;
  for (int d = 1; d <= 3; ++d) gated_day(b, d, ActivityKind::kCrossTraining, 0.0, 0.0);
  b.run(4, 0.0).activity = ActivityKind::kWalk;
  b.symptom(4).pain_during_0_10 = 1.0;  // next morning not logged yet: pending
  const ReturnToRunPlan pending = plan_return_to_run(b.history(), day(4));
  EXPECT_EQ(pending.stage, ReturnStage::kWalk);
  EXPECT_EQ(pending.passes_at_stage, 0);
  gated_day(b, 5, ActivityKind::kWalk, 3.0, 0.0);  // pain 3/10 during: flare back to cross-training
  EXPECT_EQ(plan_return_to_run(b.history(), day(5)).stage, ReturnStage::kCrossTraining);
}

TEST(ReturnToRunTest, SeekHelpSymptomsHoldThePlanUntilSeenTo) {
  HistoryBuilder b;
  b.symptom(0).swelling = true;
  const ReturnToRunPlan held = plan_return_to_run(b.history(), day(2));
  EXPECT_EQ(held.stage, ReturnStage::kSeekProfessional);
  EXPECT_NE(held.next_step.find("health professional"), std::string::npos);
  EXPECT_NE(held.next_step.find("medial meniscus tear"), std::string::npos) << "what a professional assesses";
  b.symptom(3).pain_after_0_10 = 1.0;  // a milder entry does not clear swelling (issue 11)
  EXPECT_EQ(plan_return_to_run(b.history(), day(3)).stage, ReturnStage::kSeekProfessional);
  EXPECT_EQ(plan_return_to_run(b.history(), day(20)).stage, ReturnStage::kSeekProfessional);
  b.symptom(21).seen_professional = true;  // seen to: the return restarts from its first stage
  const ReturnToRunPlan restarted = plan_return_to_run(b.history(), day(21));
  EXPECT_EQ(restarted.stage, ReturnStage::kCrossTraining);
  EXPECT_NE(restarted.changes.back().reason.find("seen by a professional"), std::string::npos);
  EXPECT_NE(restarted.next_step.find("stretching of the hamstrings, quadriceps, calves and hips"), std::string::npos);
}

TEST(ReturnToRunTest, ASymptomFreeWeekRestartsTheReturnFromItsFirstStage) {
  HistoryBuilder b;
  b.symptom(0).instability = true;
  b.symptom(4).pain_during_0_10 = 0.0;
  EXPECT_EQ(plan_return_to_run(b.history(), day(4)).stage, ReturnStage::kSeekProfessional);
  b.symptom(7).pain_during_0_10 = 0.0;  // 7 days after the last symptom, every entry since symptom-free
  EXPECT_EQ(plan_return_to_run(b.history(), day(7)).stage, ReturnStage::kCrossTraining);
}

TEST(ReturnToRunTest, PersistentPainHoldsThePlanAtSeekProfessional) {
  // GIVEN pain 3/10 every day for 10 days without running (EVIDENCE §6: > 1 week despite rest)
  HistoryBuilder b;
  for (int d = 0; d < 10; ++d) b.symptom(d).pain_after_0_10 = 3.0;
  // THEN the plan's red-flag check includes it: not a graded return, see a professional
  EXPECT_EQ(plan_return_to_run(b.history(), day(5)).stage, ReturnStage::kCrossTraining);
  EXPECT_EQ(plan_return_to_run(b.history(), day(9)).stage, ReturnStage::kSeekProfessional);
}

}  // namespace
}  // namespace runload::core
