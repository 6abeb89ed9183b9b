#include "runload/bridge/timestamp_gap_tracker.h"

#include <algorithm>

namespace runload::bridge {

static_assert(TimestampGapTracker::kSettleDeltas <= TimestampGapTracker::kWindow);

namespace {
// a + b and a - b in two's complement: defined for any input (fuzzed timestamps), unlike signed overflow.
std::int64_t wrapping_add(std::int64_t a, std::int64_t b) noexcept {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) + static_cast<std::uint64_t>(b));
}
std::int64_t wrapping_sub(std::int64_t a, std::int64_t b) noexcept {
  return static_cast<std::int64_t>(static_cast<std::uint64_t>(a) - static_cast<std::uint64_t>(b));
}
/// A positive step of more than 1.5 periods.
bool is_gap(std::int64_t delta_us, std::int64_t period_us) noexcept {
  return static_cast<std::uint64_t>(delta_us) * 2 > static_cast<std::uint64_t>(period_us) * 3;
}
}  // namespace

bool TimestampGapTracker::breaks_continuity(std::int64_t t_device_us, std::int64_t jump_us) const noexcept {
  if (!last_t_us_) return false;
  const std::int64_t delta_us = wrapping_sub(t_device_us, *last_t_us_);  // as update() sees it
  if (delta_us <= 0) return delta_us <= -kRestartBackwardsUs;
  const auto period_us = period_estimate_us();
  return delta_us >= jump_us || delta_us > kRestartForwardUs || (period_us && is_gap(delta_us, *period_us));
}

TimestampStep TimestampGapTracker::update(std::int64_t t_device_us) noexcept {
  TimestampStep step;
  ++updates_;
  if (!last_t_us_) {
    last_t_us_ = t_device_us;
    step.t_us = t_device_us;
    step.index_samples = next_index_samples_++;
    return step;
  }
  const std::int64_t delta_us = wrapping_sub(t_device_us, *last_t_us_);
  const std::int64_t previous_out_us = wrapping_add(*last_t_us_, offset_us_);
  if (delta_us <= 0 || delta_us > kRestartForwardUs) {
    step.backwards = delta_us <= 0;
    step.restart = delta_us <= -kRestartBackwardsUs || delta_us > kRestartForwardUs;
    if (step.restart) {  // a new clock: carry it on one period after the previous sample
      last_t_us_ = t_device_us;
      offset_us_ = wrapping_sub(wrapping_add(previous_out_us, period_estimate_us().value_or(1)), t_device_us);
      step.t_us = wrapping_add(t_device_us, offset_us_);
    } else {  // a late (reordered or repeated) message: just after the newest, which stays the reference
      step.t_us = wrapping_add(previous_out_us, 1);
    }
    step.index_samples = next_index_samples_++;
    return step;
  }
  last_t_us_ = t_device_us;
  step.t_us = wrapping_add(t_device_us, offset_us_);
  std::uint64_t periods = 1;
  if (const auto period_us = period_estimate_us()) {
    const auto period = static_cast<std::uint64_t>(*period_us);
    const auto delta = static_cast<std::uint64_t>(delta_us);
    step.gap = is_gap(delta_us, *period_us);
    if (step.gap) {
      periods = std::max<std::uint64_t>(2, (delta + period / 2) / period);  // round(delta / period)
      step.lost_samples = periods - 1;
    }
  }
  remember_delta(delta_us);
  if (!settled_) {
    const std::uint64_t missed = settle(periods);
    step.lost_samples += missed;
    step.gap = step.gap || missed > 0;
    periods += missed;
  }
  next_index_samples_ += periods - 1;
  step.index_samples = next_index_samples_++;
  return step;
}

std::uint64_t TimestampGapTracker::settle(std::uint64_t periods) noexcept {
  early_periods_[early_count_++] = periods;
  if (early_count_ < kSettleDeltas || delta_count_ < kSettleDeltas) return 0;
  settled_ = true;
  // The ring still holds exactly the first deltas, in order (kSettleDeltas <= kWindow).
  const auto period = static_cast<std::uint64_t>(*period_estimate_us());
  std::uint64_t missed = 0;
  for (std::size_t i = 0; i < kSettleDeltas; ++i) {
    const std::int64_t delta_us = deltas_us_[i];
    if (!is_gap(delta_us, static_cast<std::int64_t>(period))) continue;
    const std::uint64_t should = std::max<std::uint64_t>(2, (static_cast<std::uint64_t>(delta_us) + period / 2) / period);
    if (should > early_periods_[i]) missed += should - early_periods_[i];
  }
  return missed;
}

void TimestampGapTracker::reset() noexcept { *this = TimestampGapTracker{}; }

void TimestampGapTracker::remember_delta(std::int64_t delta_us) noexcept {
  deltas_us_[delta_next_] = delta_us;
  delta_next_ = (delta_next_ + 1) % kWindow;
  delta_count_ = std::min(delta_count_ + 1, kWindow);
}

std::optional<std::int64_t> TimestampGapTracker::period_estimate_us() const noexcept {
  if (delta_count_ == 0) return std::nullopt;
  std::array<std::int64_t, kWindow> sorted = deltas_us_;
  const auto end = sorted.begin() + static_cast<std::ptrdiff_t>(delta_count_);
  const auto mid = sorted.begin() + static_cast<std::ptrdiff_t>((delta_count_ - 1) / 4);  // lower quartile
  std::nth_element(sorted.begin(), mid, end);
  return *mid;
}

}  // namespace runload::bridge
