#pragma once
/// The zero-velocity interval of one detected stance: the still part of the foot's stance, found in
/// the SHOE statistic T (ZeroVelocityDetector) between the two mid-swings that bound the stance.
///
/// A fixed threshold on T fails across activities (EVIDENCE §1.2, §8; Skog 2010, Wagstaff 2017/2020):
/// in running the foot is never as still as in walking, and the stance minimum of T varies by two
/// orders of magnitude from stride to stride (10^4 … 10^6.5 on the PyShoe running trials at 200 Hz,
/// 10^3 … 10^5 on walking), while the swing stays near 10^7. Each stance of the gait-event detector
/// holds exactly one foot-flat, so the interval is anchored on it: the minimum of T between the
/// bounding mid-swings, widened while T stays within `relative_threshold` × that minimum. One
/// interval per detected stance: a ZUPT stride can then never span two detector strides unless a
/// stance is missed by the detector itself.
#include <cstddef>
#include <optional>
#include <span>

namespace runload::signal {

struct StanceValleySettings {
  /// Samples with T < relative_threshold · T_min (contiguous around the minimum) are still.
  float relative_threshold = 5.0f;
  /// A minimum above this is no foot-flat (the foot never stopped: no interval), dimensionless T.
  float max_statistic = 1.0e7f;
};

/// Half-open [begin, end) positions in the searched span.
struct StanceValley {
  std::size_t begin = 0;
  std::size_t end = 0;
  std::size_t min_position = 0;
  float min_statistic = 0.0f;
};

/// The stance valley of `statistic` (T per sample; non-finite entries are skipped), or nullopt if
/// the span holds no finite value or its minimum exceeds `max_statistic`. Pure, no allocation.
std::optional<StanceValley> find_stance_valley(std::span<const float> statistic, const StanceValleySettings& settings) noexcept;

}  // namespace runload::signal
