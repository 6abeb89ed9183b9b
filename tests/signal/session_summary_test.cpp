// Session summary: metric statuses.
#include "runload/signal/session_summary.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace {
using namespace runload::signal;

std::vector<StepRecord> strides(Placement placement, int n) {
  std::vector<StepRecord> steps;
  for (int k = 0; k < n; ++k) {
    StepRecord r;
    r.ic_index_samples = static_cast<std::uint64_t>(700 * k);
    r.tc_index_samples = *r.ic_index_samples + 250;
    r.time_s = 0.7 * k;
    r.stride_time_s = 0.7f;
    r.cadence_steps_per_min = 120.0f / 0.7f;
    r.contact_time_ms = 250.0f;
    r.pta_g = 8.0f;
    if (placement == Placement::kShank) r.tibial_frontal_angle_deg = 4.0f;
    steps.push_back(r);
  }
  return steps;
}

SessionTotals totals(Placement placement) {
  SessionTotals t;
  t.placement = placement;
  t.quality.sample_rate_hz = 1000.0f;
  t.quality.samples = 7000;
  t.quality.accel_range_g = 64.0f;
  t.quality.gyro_range_dps = 4000.0f;
  t.quality.last_time_s = 7.0;
  return t;
}

bool has_reason(const MetricQuality& q, std::string_view reason) {
  return std::find(q.reasons.begin(), q.reasons.end(), reason) != q.reasons.end();
}

TEST(SessionSummaryQualityTest, ShankFrontalTibialAngleIsReportedButUnvalidated) {
  // GIVEN clean shank strides that carry a frontal tibial angle
  const auto steps = strides(Placement::kShank, 10);
  // WHEN summarised
  const SessionSummary s = summarise_session(steps, totals(Placement::kShank));
  // THEN the value is kept (researchers) and its quality says "unvalidated", never "ok"
  ASSERT_TRUE(s.tibial_frontal_angle_deg.has_value());
  EXPECT_FLOAT_EQ(*s.tibial_frontal_angle_deg, 4.0f);
  EXPECT_EQ(s.quality.tibial_frontal_angle.status, MetricStatus::kUnvalidated);
  EXPECT_EQ(to_string(s.quality.tibial_frontal_angle.status), "unvalidated");
  EXPECT_TRUE(has_reason(s.quality.tibial_frontal_angle, "no_real_shank_reference"));
}

TEST(SessionSummaryQualityTest, FootHasNoFrontalTibialAngle) {
  const SessionSummary s = summarise_session(strides(Placement::kFoot, 10), totals(Placement::kFoot));
  EXPECT_FALSE(s.tibial_frontal_angle_deg.has_value());
  EXPECT_EQ(s.quality.tibial_frontal_angle.status, MetricStatus::kUnavailable);
  EXPECT_TRUE(has_reason(s.quality.tibial_frontal_angle, "shank_only"));
}

}  // namespace
