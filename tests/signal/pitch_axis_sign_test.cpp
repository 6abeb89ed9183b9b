// The pitch-axis sign at the start of a recording: the landing-impact votes of a swing that rests at
// both ends give way to the swing's own (kinematic) vote, and the first strides wait for the sign
// vote while it is undecided and uncontested (docs/accuracy_history.md, Voisard item 13).
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "runload/signal/gait_event_detector.h"
#include "runload/signal/pitch_axis_estimator.h"
#include "signal/synthetic_foot.h"

namespace {
using namespace runload::signal;
using runload::signal::testing::SyntheticFoot;
using runload::signal::testing::SyntheticFootSettings;

SyntheticFootSettings walk(int strides, double rest_s) {
  SyntheticFootSettings s;
  s.sample_rate_hz = 100.0;
  s.initial_rest_s = 1.0;
  s.rest_s = rest_s;
  s.swing_s = 0.6;
  s.strides = strides;
  s.stride_length_m = 1.4;
  return s;
}

PitchAxisEstimator run_axes(const std::vector<ImuSample>& samples) {
  PitchAxisEstimatorSettings settings;
  settings.sample_rate_hz = 100.0f;
  PitchAxisEstimator axes(settings);
  ButterworthSettings lp;
  lp.sample_rate_hz = 100.0f;
  lp.cutoff_hz = 4.0f;
  lp.response = FilterResponse::kLowPass;
  lp.order = 2;
  ButterworthFilterVec3 filter(lp);
  for (const ImuSample& x : samples) axes.update(x.gyro_sensor_radps, filter.update(x.gyro_sensor_radps), x.accel_sensor_mps2);
  return axes;
}

TEST(PitchAxisSignTest, ImpactVotesOfASwingThatRestsAtBothEndsGiveWayToTheSwingsOwnVote) {
  // GIVEN the pitch axis (mid-swing positive) learnt from four walking strides
  const PitchAxisEstimator learnt = run_axes(SyntheticFoot(walk(4, 0.6)).samples());
  ASSERT_TRUE(learnt.sign_decided());
  const Vec3f p = learnt.pitch_axis_sensor();
  // AND one swing between two rests, which alone does not decide the sign (one kinematic vote)
  auto one = SyntheticFoot(walk(1, 1.0)).samples();
  EXPECT_FALSE(run_axes(one).sign_decided());
  // WHEN a 5 g impact is added where the swing rotation of the last ~0.1 s is largest (an impact
  // vote that agrees with the swing: half a vote)
  std::size_t at = 0;
  float best_area = -1e9f, area = 0.0f;
  for (std::size_t i = 0; i < one.size(); ++i) {
    area = area * 0.905f + p.dot(one[i].gyro_sensor_radps) * 0.01f;  // the estimator's 0.1 s decay at 100 Hz
    if (area > best_area) best_area = area, at = i;
  }
  ASSERT_GT(best_area, 0.1f);
  one[at].accel_sensor_mps2 += 5.0f * kStandardGravity_mps2 * one.front().accel_sensor_mps2.normalized();
  // THEN the swing still casts one vote only: its impact vote is withdrawn when the foot rests again
  // (before, 1 + 0.5 decided the sign on one swing; walking heel strikes exceed 4 g and mostly vote
  // wrong on the Voisard data)
  EXPECT_FALSE(run_axes(one).sign_decided());
}

TEST(PitchAxisSignTest, TheFirstStridesWaitForAnUndecidedSignVote) {
  // GIVEN a slow start: two swings 3.1 s apart, so the sign vote (two swings) decides after the first
  // swing's stride has passed the 3 s lag; the lobe-width fallback has the wrong sign until then
  const auto samples = SyntheticFoot(walk(6, 2.5)).samples();
  GaitEventDetectorSettings no_wait = foot_event_detector_settings(100.0f);
  no_wait.axis_wait_s = 0.0f;
  const auto before = GaitEventDetector::detect(samples, 100.0f, no_wait);
  ASSERT_GE(before.size(), 4u);
  EXPECT_LT(before.front().pitch_axis_sensor.dot(before.back().pitch_axis_sensor), 0.0f);  // the flipped axis
  // WHEN the detector waits (up to axis_wait_s) while the sign is undecided and uncontested
  const auto events = GaitEventDetector::detect(samples, 100.0f, foot_event_detector_settings(100.0f));
  // THEN every event carries the decided sign, and the first push-off lies where the later ones do
  ASSERT_EQ(events.size(), before.size());
  for (const auto& e : events) EXPECT_GT(e.pitch_axis_sensor.dot(events.back().pitch_axis_sensor), 0.9f);
  ASSERT_TRUE(events[0].tc_index_samples && events[2].tc_index_samples);
  const auto cycle = static_cast<std::uint64_t>(std::llround((0.6 + 2.5) * 100.0));
  EXPECT_EQ(*events[0].tc_index_samples + cycle, *events[2].tc_index_samples);
  // AND streaming (with the backlog analysed two samples per update) equals batch
  GaitEventDetector streaming(foot_event_detector_settings(100.0f));
  std::vector<GaitCycleEvents> streamed;
  for (const ImuSample& x : samples)
    if (auto e = streaming.update(x)) streamed.push_back(*e);
  while (auto e = streaming.flush()) streamed.push_back(*e);
  ASSERT_EQ(streamed.size(), events.size());
  for (std::size_t k = 0; k < events.size(); ++k) {
    EXPECT_EQ(streamed[k].ic_index_samples, events[k].ic_index_samples);
    EXPECT_EQ(streamed[k].tc_index_samples, events[k].tc_index_samples);
  }
}

}  // namespace
