#include "runload/signal/step_plausibility.h"

#include <gtest/gtest.h>

#include <vector>

#include "runload/signal/gait_simulator.h"
#include "runload/signal/session_pipeline.h"

namespace runload::signal {
namespace {

StepRecord stride(float cadence_spm, float duty, float speed_mps) {
  StepRecord r;
  r.cadence_steps_per_min = cadence_spm;
  r.stride_time_s = 120.0f / cadence_spm;
  r.duty_factor = duty;
  r.speed_mps = speed_mps;
  r.stride_length_m = speed_mps * *r.stride_time_s;
  return r;
}

TEST(StepPlausibilityTest, OrdinaryWalkingAndRunningStridesPass) {
  EXPECT_EQ(check_stride_plausibility(stride(110.0f, 0.62f, 1.3f)), 0);  // walking
  EXPECT_EQ(check_stride_plausibility(stride(170.0f, 0.33f, 3.5f)), 0);  // running
  EXPECT_EQ(check_stride_plausibility(stride(150.0f, 0.52f, 0.7f)), 0);  // slow jogging in tight turns
  EXPECT_EQ(check_stride_plausibility(StepRecord{}), 0);                 // nothing measured: nothing to judge
}

TEST(StepPlausibilityTest, EachCheckCanFail) {
  EXPECT_EQ(check_stride_plausibility(stride(40.0f, 0.6f, 1.0f)) & kStepCadenceImplausible, kStepCadenceImplausible);
  EXPECT_EQ(check_stride_plausibility(stride(280.0f, 0.3f, 5.0f)) & kStepCadenceImplausible, kStepCadenceImplausible);
  EXPECT_EQ(check_stride_plausibility(stride(170.0f, 0.9f, 3.0f)), kStepContactImplausible);
  EXPECT_EQ(check_stride_plausibility(stride(170.0f, 0.08f, 3.0f)), kStepContactImplausible);
  // Walking cadence with a running speed: a ZUPT stride spanning two strides (issue 10).
  EXPECT_EQ(check_stride_plausibility(stride(105.0f, 0.62f, 3.1f)), kStepSpeedImplausible);
  EXPECT_EQ(check_stride_plausibility(stride(170.0f, 0.3f, 14.0f)), kStepSpeedImplausible);
  EXPECT_EQ(check_stride_plausibility(stride(110.0f, 0.62f, 0.1f)), kStepSpeedImplausible);
}

TEST(StepPlausibilityTest, FlatTopIsThreeIdenticalSamplesBeyondFourG) {
  const float g = kStandardGravity_mps2;
  FlatTopDetector d;
  EXPECT_EQ(d.update(Vec3f(0.0f, 0.0f, 9.0f * g)), 0);
  EXPECT_EQ(d.update(Vec3f(0.1f, 0.0f, 9.0f * g)), 0);  // two in a row: a peak can repeat once
  EXPECT_EQ(d.update(Vec3f(0.2f, 0.0f, 9.0f * g)), 3);  // the third: all three are flat-topped
  EXPECT_EQ(d.update(Vec3f(0.3f, 0.0f, 9.0f * g)), 1);
  EXPECT_EQ(d.update(Vec3f(0.3f, 0.0f, 8.0f * g)), 0);
  // Standing still reads the same value for long: below 4 g it is not saturation.
  FlatTopDetector still;
  for (int i = 0; i < 10; ++i) EXPECT_EQ(still.update(Vec3f(0.0f, 0.0f, g)), 0);
  std::vector<ImuSample> window(5);
  for (auto& s : window) s.accel_sensor_mps2 = Vec3f(-16.0f * g, 0.0f, 0.0f);
  EXPECT_EQ(count_flat_top(window), 5u);
  window[2].accel_sensor_mps2.x() = -15.9f * g;
  EXPECT_EQ(count_flat_top(window), 0u);
}

TEST(StepPlausibilityTest, SaturationFoundInTheDataWhenTheRangeIsUnknown) {
  // GIVEN a shank running at 4.5 m/s whose accelerometer clips at ±6 g (impacts reach ~9 g), and a
  // pipeline that is not told the range
  GaitSimulatorSettings sim;
  sim.placement = Placement::kShank;
  sim.speed_mps = 4.5f;
  sim.impact_peak_g = 9.0f;
  sim.accel_range_g = 6.0f;
  sim.accel_noise_mps2 = 0.0f;  // clipped samples are then exactly equal
  SessionPipelineSettings p;
  p.placement = Placement::kShank;
  SessionTotals totals;
  GaitSimulator g(sim);
  std::vector<ImuSample> samples;
  for (int i = 0; i < 30'000; ++i) samples.push_back(g.next());
  const auto steps = SessionPipeline::run(samples, p, &totals);
  // THEN the steps and the session say so, and the impact quality is degraded
  std::size_t saturated = 0;
  for (const auto& s : steps) saturated += (s.flags & kStepAccelSaturated) ? 1u : 0u;
  EXPECT_GT(saturated, steps.size() / 2);
  EXPECT_GT(totals.quality.accel_flat_top_samples, 0u);
  const SessionSummary summary = summarise_session(steps, totals);
  EXPECT_EQ(summary.quality.impact.status, MetricStatus::kDegraded);
  EXPECT_EQ(summary.quality.saturated_steps, saturated);
  // AND the same run without clipping is not flagged
  sim.accel_range_g = 0.0f;
  GaitSimulator clean(sim);
  samples.clear();
  for (int i = 0; i < 30'000; ++i) samples.push_back(clean.next());
  SessionTotals clean_totals;
  for (const auto& s : SessionPipeline::run(samples, p, &clean_totals)) EXPECT_EQ(s.flags & kStepAccelSaturated, 0);
  EXPECT_EQ(clean_totals.quality.accel_flat_top_samples, 0u);
}

}  // namespace
}  // namespace runload::signal
