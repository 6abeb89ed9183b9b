#include "runload/signal/stance_valley.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace runload::signal {
namespace {

TEST(StanceValleyTest, IntervalIsTheContiguousStillPartAroundTheMinimum) {
  // GIVEN a swing (1e7), a stance valley reaching 2e5 and a second, shallower dip at 8e5 that is
  // not contiguous with the valley
  const std::vector<float> t = {1e7f, 5e6f, 9e5f, 4e5f, 2e5f, 3e5f, 9e5f, 2e6f, 8e5f, 1e7f};
  // WHEN the valley is searched with the default factor (5 × minimum = 1e6)
  const auto v = find_stance_valley(t, {});
  // THEN it is [2, 7): the samples below 1e6 around the minimum, not the separate dip at 8
  ASSERT_TRUE(v);
  EXPECT_EQ(v->min_position, 4u);
  EXPECT_FLOAT_EQ(v->min_statistic, 2e5f);
  EXPECT_EQ(v->begin, 2u);
  EXPECT_EQ(v->end, 7u);
}

TEST(StanceValleyTest, FactorScalesWithTheStanceNotWithAFixedThreshold) {
  // GIVEN the same valley shape at walking (1e3) and running (1e5) levels
  const std::vector<float> walk = {1e7f, 1e4f, 2e3f, 1e3f, 3e3f, 1e4f, 1e7f};
  std::vector<float> run = walk;
  for (float& x : run) x = std::min(1e7f, x * 100.0f);
  // WHEN searched, THEN the interval is the same: the threshold follows the stance's own minimum
  const auto a = find_stance_valley(walk, {});
  const auto b = find_stance_valley(run, {});
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->begin, b->begin);
  EXPECT_EQ(a->end, b->end);
  EXPECT_EQ(a->begin, 2u);
  EXPECT_EQ(a->end, 5u);
}

TEST(StanceValleyTest, NoFootFlatNoInterval) {
  // A minimum above max_statistic (the foot never stopped), an empty span and a span of NaN give
  // no interval; NaN entries (statistic not yet known) are skipped.
  const float nan = std::numeric_limits<float>::quiet_NaN();
  EXPECT_FALSE(find_stance_valley(std::vector<float>{2e7f, 3e7f}, {}));
  EXPECT_FALSE(find_stance_valley(std::vector<float>{}, {}));
  EXPECT_FALSE(find_stance_valley(std::vector<float>{nan, nan}, {}));
  const auto v = find_stance_valley(std::vector<float>{nan, 5e4f, 1e4f, nan, 1e4f}, {});
  ASSERT_TRUE(v);
  EXPECT_EQ(v->begin, 1u);
  EXPECT_EQ(v->end, 3u);  // stops at the NaN
}

}  // namespace
}  // namespace runload::signal
