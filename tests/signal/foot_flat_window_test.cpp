#include "runload/signal/foot_flat_window.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace runload::signal {
namespace {

// Feeds norms[i] as the newest sample; returns still() after it.
struct Feed {
  std::vector<float> norms;
  std::vector<bool> still;
  void push(FootFlatWindow& w, float norm_radps, bool resummed = false) {
    norms.push_back(norm_radps);
    const std::uint64_t newest = norms.size() - 1;
    const auto back = [&](std::uint64_t k) { return norms[newest - k]; };
    still.push_back(resummed ? w.update_resummed(back) : w.update(back));
  }
};

TEST(FootFlatWindowTest, StillOnlyOnceTheWindowIsFullAndItsMeanIsBelowTheLimit) {
  // GIVEN a 3-sample window with a 1 rad/s limit on the mean (sum < 3)
  FootFlatWindow w(3, 1.0f);
  Feed f;
  // WHEN two quiet samples, a third, then a fast one that lifts the mean (0.5+0.5+2.5 = 3.5)
  // and two quiet ones that bring it back (2.5+0.2+0.2 = 2.9)
  for (float n : {0.5f, 0.5f, 0.5f, 2.5f, 0.2f, 0.2f}) f.push(w, n);
  // THEN still from the third sample on, except while the fast sample pushes the sum to 3 or more
  EXPECT_EQ(f.still, (std::vector<bool>{false, false, true, false, false, true}));
}

TEST(FootFlatWindowTest, ResetEmptiesTheWindow) {
  // GIVEN a full, still window
  FootFlatWindow w(2, 1.0f);
  Feed f;
  f.push(w, 0.1f);
  f.push(w, 0.1f);
  ASSERT_TRUE(w.still());
  // WHEN reset (a gap in the samples), THEN it must fill again before it is still
  w.reset();
  EXPECT_FALSE(w.still());
  f.push(w, 0.1f);
  EXPECT_FALSE(f.still.back());
  f.push(w, 0.1f);
  EXPECT_TRUE(f.still.back());
}

TEST(FootFlatWindowTest, ResummedDecidesLikeThePlainWindow) {
  // GIVEN a 30-sample window and a stream of quiet (0.2 rad/s) and moving (3.0 rad/s) runs of 40
  // samples, so that its mean crosses the limit in steps of 0.093 rad/s
  FootFlatWindow plain(30, 1.0f), resummed(30, 1.0f);
  Feed a, b;
  for (int i = 0; i < 3 * 4096; ++i) {
    const float n = (i / 40) % 2 == 0 ? 0.2f : 3.0f;
    a.push(plain, n);
    b.push(resummed, n, /*resummed=*/true);
  }
  // THEN the re-sums (at samples 4096, 8192 and 12288, each with quiet and moving samples in the
  // window) hold the same window: a sum over the wrong samples would be off by 2.8 and shift the
  // decisions at the next crossings
  EXPECT_EQ(a.still, b.still);
  EXPECT_FALSE(a.still[4095]);  // 14 moving and 16 quiet samples
  EXPECT_TRUE(a.still[4110]);
  EXPECT_FALSE(a.still[4070]);
}

}  // namespace
}  // namespace runload::signal
