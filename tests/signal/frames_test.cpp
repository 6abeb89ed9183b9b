// frames.h: the rotation-vector exponential against Eigen's AngleAxis (an independent oracle).
#include "runload/signal/frames.h"

#include <gtest/gtest.h>

#include <random>

namespace {
using namespace runload::signal;

TEST(FramesTest, QuaternionFromRotationVectorMatchesAngleAxisOnBothBranches) {
  // GIVEN seeded random axes and angles from 0 to 1 rad (the series branch is |θ| < 0.2 rad)
  std::mt19937 rng(3);
  std::normal_distribution<float> axis(0.0f, 1.0f);
  std::uniform_real_distribution<float> angle(0.0f, 1.0f);
  for (int k = 0; k < 2000; ++k) {
    const Vec3f n = Vec3f(axis(rng), axis(rng), axis(rng)).normalized();
    const float a_rad = k < 1000 ? 0.2f * angle(rng) : angle(rng);
    // WHEN converted
    const Eigen::Quaternionf q = quaternion_from_rotation_vector(n * a_rad);
    const Eigen::Quaternionf oracle(Eigen::AngleAxisf(a_rad, n));
    // THEN the same unit quaternion to float resolution (1e-6 relative: a few ulp)
    EXPECT_NEAR(q.norm(), 1.0f, 1e-6f);
    EXPECT_TRUE(q.coeffs().isApprox(oracle.coeffs(), 1e-6f)) << a_rad;
  }
  // AND zero is the identity
  EXPECT_TRUE(quaternion_from_rotation_vector(Vec3f::Zero()).coeffs().isApprox(Eigen::Quaternionf::Identity().coeffs()));
}

}  // namespace
