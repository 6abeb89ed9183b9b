// STYLE §7.8: every stage's update() runs 10 000 times without a heap allocation.
// Eigen's own check needs EIGEN_RUNTIME_NO_MALLOC before any Eigen header and assertions on.
#undef NDEBUG
#define EIGEN_RUNTIME_NO_MALLOC
#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <new>
#include <vector>

#include "runload/signal/biquad.h"
#include "runload/signal/decimator.h"
#include "runload/signal/gait_simulator.h"
#include "runload/signal/gyro_bias_estimator.h"
#include "runload/signal/orientation_filter.h"
#include "runload/signal/resampler.h"
#include "runload/signal/session_pipeline.h"
#include "runload/signal/zero_velocity_detector.h"
#include "runload/signal/zupt_strapdown.h"
#include "signal/synthetic_foot.h"

namespace {
std::atomic<long> g_new_calls{0};
}  // namespace

// Our operator new is malloc-based, so free() in operator delete is the matching call; GCC cannot
// see that through the inlined std::allocator and warns.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"

// Counting global operator new: every form forwards to malloc and counts.
void* operator new(std::size_t n) {
  ++g_new_calls;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n) {
  ++g_new_calls;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t n, std::align_val_t a) {
  ++g_new_calls;
  if (void* p = std::aligned_alloc(static_cast<std::size_t>(a), (n + static_cast<std::size_t>(a) - 1) &
                                                                    ~(static_cast<std::size_t>(a) - 1)))
    return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t n, std::align_val_t a) { return operator new(n, a); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::align_val_t) noexcept { std::free(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { std::free(p); }

namespace runload::signal {
namespace {

constexpr int kIterations = 10000;

/// Runs `body` kIterations times with Eigen malloc disallowed; returns the operator new count.
template <typename Body>
long count_allocations(Body&& body) {
  const long before = g_new_calls.load();
  Eigen::internal::set_is_malloc_allowed(false);
  for (int i = 0; i < kIterations; ++i) body(i);
  Eigen::internal::set_is_malloc_allowed(true);  // re-allow before scope exit (Eigen #2526)
  return g_new_calls.load() - before;
}

class NoAllocationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A running foot: swing, impacts-free landings and rests, so every branch is exercised.
    samples_ = testing::SyntheticFoot({.strides = 14}).samples();
    ASSERT_GE(samples_.size(), static_cast<std::size_t>(kIterations));
  }
  const ImuSample& sample(int i) const { return samples_[static_cast<std::size_t>(i)]; }
  std::vector<ImuSample> samples_;
};

TEST_F(NoAllocationTest, CountingNewSeesAllocations) {
  // The counter works: a vector allocation is seen.
  const long before = g_new_calls.load();
  std::vector<int> v(100);
  EXPECT_GT(g_new_calls.load() - before, 0);
}

TEST_F(NoAllocationTest, ButterworthFilter) {
  ButterworthFilter f({.order = 4});
  ButterworthFilterVec3 f3({.order = 4});
  float sink = 0.0f;
  EXPECT_EQ(count_allocations([&](int i) {
              sink += f.update(sample(i).accel_sensor_mps2.x());
              sink += f3.update(sample(i).accel_sensor_mps2).sum();
            }),
            0);
  EXPECT_TRUE(std::isfinite(sink));
}

TEST_F(NoAllocationTest, GyroBiasEstimator) {
  GyroBiasEstimator est({});
  EXPECT_EQ(count_allocations([&](int i) { est.update(sample(i)); }), 0);
}

TEST_F(NoAllocationTest, OrientationFilter) {
  OrientationFilter f({.gyro_range_dps = 2000.0f});
  EXPECT_EQ(count_allocations([&](int i) { f.update(sample(i)); }), 0);
  EXPECT_TRUE(f.output().q_world_from_sensor.coeffs().allFinite());
}

TEST_F(NoAllocationTest, ZeroVelocityDetector) {
  ZeroVelocityDetector det({});  // the ring buffer is allocated here, outside the loop
  int stance = 0;
  EXPECT_EQ(count_allocations([&](int i) { stance += det.update(sample(i)).stance ? 1 : 0; }), 0);
  EXPECT_GT(stance, 0);
}

TEST_F(NoAllocationTest, Decimator) {
  Decimator d({.input_rate_hz = 1000.0f, .factor = 4});
  std::size_t n = 0;
  EXPECT_EQ(count_allocations([&](int i) { n += d.update(sample(i)) ? 1u : 0u; }), 0);
  EXPECT_GT(n, 0u);
}

TEST_F(NoAllocationTest, Resampler) {
  Resampler r({.output_rate_hz = 800.0f});
  std::vector<ImuSample> out(r.max_outputs_per_update());
  std::size_t n = 0;
  EXPECT_EQ(count_allocations([&](int i) { n += r.update(sample(i), out); }), 0);
  EXPECT_GT(n, 0u);
}

TEST_F(NoAllocationTest, ZuptStrapdown) {
  ZeroVelocityDetector det({});
  ZuptStrapdown ins({});
  EXPECT_EQ(count_allocations([&](int i) { ins.update(sample(i), det.update(sample(i)).stance); }), 0);
  EXPECT_GT(ins.output().stride_count, 0u);
}

TEST_F(NoAllocationTest, SessionPipelineFootAndShank) {
  // A whole per-sensor pipeline, emitting strides (events + per-step metrics + ZUPT) while counted.
  // Also without a gyroscope (the accelerometer-only path, issue 15).
  for (const bool gyro : {true, false})
  for (const Placement placement : {Placement::kFoot, Placement::kShank}) {
    GaitSimulatorSettings gait;
    gait.placement = placement;
    gait.gyro_present = gyro;
    GaitSimulator simulator(gait);
    std::vector<ImuSample> running(3 * static_cast<std::size_t>(kIterations));
    for (auto& s : running) s = simulator.next();
    SessionPipelineSettings settings;
    settings.placement = placement;
    SessionPipeline pipeline(settings);
    std::size_t strides = 0;
    for (int i = 0; i < 2 * kIterations; ++i) strides += pipeline.update(running[static_cast<std::size_t>(i)]).size();
    const std::size_t warmed_up = strides;
    EXPECT_EQ(count_allocations([&](int i) {
                strides += pipeline.update(running[static_cast<std::size_t>(2 * kIterations + i)]).size();
              }),
              0);
    EXPECT_GT(strides, warmed_up) << "strides were emitted inside the counted window";
  }
}

}  // namespace
}  // namespace runload::signal
