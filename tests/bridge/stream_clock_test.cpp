#include "runload/bridge/stream_clock.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

namespace runload::bridge {
namespace {

signal::HostTime host_us(double t_us) {
  return signal::HostTime{signal::HostClock::duration{static_cast<std::int64_t>(t_us * 1000.0)}};
}

TEST(StreamClockTest, FitsTheTruePeriodAndDriftAgainstTheNominalRate) {
  // GIVEN a "1600 Hz" device whose clock runs 120 ppm slow: period 625 µs · (1 + 120e-6)
  StreamClock clock;
  const double period_us = 625.0 * (1.0 + 120e-6);
  for (std::uint64_t i = 0; i < 160'000; i += 16) {
    clock.add(i, signal::device_time_from_us(std::llround(static_cast<double>(i) * period_us)), 625'000);
  }
  const auto e = clock.estimate();
  ASSERT_TRUE(e.drift_ppm.has_value());
  EXPECT_NEAR(*e.period_us, period_us, 1e-4);  // rounding to whole µs averages out over 10^4 points
  EXPECT_NEAR(*e.drift_ppm, 120.0, 0.5);
  EXPECT_DOUBLE_EQ(*e.nominal_rate_hz, 1600.0);
}

TEST(StreamClockTest, DeviceTimesAtTheEndsOfTheRangeDoNotOverflow) {
  // GIVEN device times that jump from the lowest to the highest int64 µs (corrupt input; UBSan flagged the
  // signed overflow in the differences), live with host arrival times
  StreamClock clock;
  const std::int64_t extremes[] = {std::numeric_limits<std::int64_t>::min() + 1, std::numeric_limits<std::int64_t>::max(),
                                   0, std::numeric_limits<std::int64_t>::min() + 1};
  std::uint64_t index = 0;
  for (const std::int64_t t_us : extremes) {
    clock.add(index, signal::device_time_from_us(t_us), 1'000'000, host_us(static_cast<double>(index) * 1000.0));
    ++index;
  }
  // WHEN estimated; THEN whatever is reported is finite
  const auto e = clock.estimate();
  for (const auto& value : {e.period_us, e.rate_hz, e.drift_ppm, e.host_skew_ppm}) {
    if (value) {
      EXPECT_TRUE(std::isfinite(*value));
    }
  }
}

TEST(StreamClockTest, SnapsToAStandardRateWhenTheProtocolHasNone) {
  EXPECT_EQ(snap_to_standard_rate(50.025), 50.0);
  EXPECT_EQ(snap_to_standard_rate(99.0), 100.0);
  EXPECT_FALSE(snap_to_standard_rate(37.0).has_value());
  StreamClock clock;
  for (std::uint64_t i = 0; i < 100; ++i) clock.add(i, signal::device_time_from_us(static_cast<std::int64_t>(i) * 19'990), 0);
  const auto e = clock.estimate();
  EXPECT_NEAR(*e.drift_ppm, -500.0, 1e-6);  // 19 990 µs vs 20 000 µs
}

TEST(StreamClockTest, NoEstimateFromTooLittleData) {
  StreamClock clock;
  EXPECT_FALSE(clock.estimate().period_us.has_value());
  clock.add(0, signal::device_time_from_us(0), 0);
  EXPECT_FALSE(clock.estimate().period_us.has_value());
  EXPECT_FALSE(clock.to_host(signal::device_time_from_us(0)).has_value());
}

TEST(StreamClockTest, HostMappingFollowsTheLowerEnvelopeDespiteJitter) {
  // GIVEN host = device + 5 s offset, device clock 50 ppm fast against the host, and delays of
  // 0.2–20 ms (always positive) on each arrival
  StreamClock clock;
  std::mt19937 rng(3);
  std::exponential_distribution<double> delay_ms(0.5);
  for (std::int64_t t_us = 0; t_us < 30'000'000; t_us += 10'000) {
    const double host = 5e6 + static_cast<double>(t_us) * (1.0 - 50e-6) + 200.0 + delay_ms(rng) * 1000.0;
    clock.add(static_cast<std::uint64_t>(t_us / 10'000), signal::device_time_from_us(t_us), 10'000'000, host_us(host));
  }
  const auto e = clock.estimate();
  ASSERT_TRUE(e.host_skew_ppm.has_value());
  EXPECT_NEAR(*e.host_skew_ppm, -50.0, 5.0);  // tolerance: envelope minima sit within ~0.1 ms
  const auto mapped = clock.to_host(signal::device_time_from_us(20'000'000));
  ASSERT_TRUE(mapped.has_value());
  const double expected_us = 5e6 + 20e6 * (1.0 - 50e-6) + 200.0;
  EXPECT_NEAR(static_cast<double>(mapped->time_since_epoch().count()) / 1000.0, expected_us, 500.0);
}

}  // namespace
}  // namespace runload::bridge
