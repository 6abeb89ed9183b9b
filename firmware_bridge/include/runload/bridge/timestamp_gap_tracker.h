#pragma once
/// Sample-loss accounting for protocols that carry device timestamps but no sample counter (x-IMU3).
///
/// The sample period is estimated on line as the lower quartile of the last kWindow positive timestamp
/// deltas (robust to jitter and to the gaps themselves: a burst of losses, 5 gaps among 9 deltas, would
/// drag a median to two periods and hide the next gap; the quartile needs 7; no allocation). A delta larger than
/// 1.5 x the estimate is a gap; it stands for round(delta / period) sample periods, so
/// round(delta / period) - 1 samples were lost. Every update assigns a synthetic running sample
/// index that advances by round(delta / period) (at least 1).
///
/// A timestamp that goes back never takes the output time back. Back by a second or more, the
/// device's clock started over (a restart): from there on its time is carried on one period after
/// the previous sample. Less is a late (reordered or repeated) message: it is placed 1 µs after the
/// newest sample, which stays the reference for the next delta (no false gap after it). A jump forward
/// by more than an hour is a new clock too (no link misses an hour of samples unnoticed; counting it as
/// loss would report millions of samples). So the samples handed to the DSP never go back in index or
/// time, and never leap by more than an hour.
///
/// The first deltas are judged before the estimate can be trusted (the very first one with none at all):
/// a sample lost second in the stream makes the first delta two periods, which would be taken as the
/// period. So once kSettleDeltas deltas are known, those first deltas are judged again against the
/// estimate from all of them, and a loss missed there is counted (and the index catches up) at that update.
///
/// Invariants: index_samples() is monotonic; the estimate exists once one positive delta was seen.
/// Not thread-safe; copyable (copying checkpoints the state).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace runload::bridge {

/// What one timestamp meant for continuity.
struct TimestampStep {
  std::uint64_t index_samples = 0;  ///< synthetic running sample index assigned to this timestamp
  std::int64_t t_us = 0;            ///< monotonic device time of this sample, µs (carried on past a restart)
  std::uint64_t lost_samples = 0;   ///< samples missing just before this one (0 unless gap)
  bool gap = false;                 ///< delta > 1.5 x period estimate
  bool backwards = false;           ///< delta <= 0: device restart or reordering; index advances by 1
  bool restart = false;             ///< went back by kRestartBackwardsUs or more: the device's clock started over
};

class TimestampGapTracker {
 public:
  /// Number of recent deltas the estimate runs over.
  static constexpr std::size_t kWindow = 9;
  /// A clock that goes back this far (1 s) started over; less is a reordered packet.
  static constexpr std::int64_t kRestartBackwardsUs = 1'000'000;
  /// A clock that leaps forward more than this (1 h) started over too.
  static constexpr std::int64_t kRestartForwardUs = 3'600'000'000;
  /// Deltas after which the estimate is trusted and the deltas judged before are judged again.
  static constexpr std::size_t kSettleDeltas = 3;

  /// Accounts for the next device timestamp `t_device_us` (µs, the device's clock).
  TimestampStep update(std::int64_t t_device_us) noexcept;
  /// Forgets all history: the next timestamp gets index 0 and no period is known.
  void reset() noexcept;
  /// Whether `t_device_us` breaks the stream's continuity: update() would call it a gap or a restart,
  /// or it is `jump_us` or more ahead of the previous timestamp. False for the first timestamp and for
  /// a late one (a small step back).
  bool breaks_continuity(std::int64_t t_device_us, std::int64_t jump_us) const noexcept;

  /// Lower quartile of the recent sample periods in µs; nullopt before the first positive delta.
  std::optional<std::int64_t> period_estimate_us() const noexcept;
  /// Timestamps accounted for so far.
  std::uint64_t updates() const noexcept { return updates_; }

 private:
  void remember_delta(std::int64_t delta_us) noexcept;
  /// Samples missed among the first deltas, found once the estimate settled (0 otherwise).
  std::uint64_t settle(std::uint64_t periods) noexcept;

  std::array<std::int64_t, kWindow> deltas_us_{};  ///< ring of recent positive deltas
  std::size_t delta_count_ = 0;                     ///< valid entries in deltas_us_ (<= kWindow)
  std::size_t delta_next_ = 0;                      ///< ring write position
  std::optional<std::int64_t> last_t_us_;  ///< the previous raw timestamp
  std::int64_t offset_us_ = 0;              ///< added to raw timestamps since the last backwards step
  std::uint64_t next_index_samples_ = 0;
  std::uint64_t updates_ = 0;
  /// Periods each of the first deltas was counted as, until the estimate settles.
  std::array<std::uint64_t, kSettleDeltas> early_periods_{};
  std::size_t early_count_ = 0;
  bool settled_ = false;
};

}  // namespace runload::bridge
