#pragma once
/// The gait event detector's foot-flat test: is the raw gyro norm, averaged over the last
/// `window_samples` samples (30 ms in the detector), below a limit? Kept as a running sum of the
/// norms and compared with limit · window_samples, so a sample costs one add, one subtract and
/// no division. The caller owns the samples: update() asks for the norms it needs through
/// `norm_back_radps(k)`, the raw gyro norm of the sample k before the newest (k = 0: the newest).
/// Exactly the float operations, in exactly the order, of the hand-written loops it replaced:
/// the detector's outputs are bit-identical.
#include <cstdint>

namespace runload::signal {

class FootFlatWindow {
 public:
  FootFlatWindow() = default;
  /// `window_samples` ≥ 1; `limit_radps` bounds the mean (the sum is compared with
  /// limit_radps · window_samples).
  FootFlatWindow(std::uint64_t window_samples, float limit_radps) noexcept
      : window_samples_(window_samples), limit_sum_radps_(limit_radps * static_cast<float>(window_samples)) {}

  /// Adds the newest sample; asks for the norm leaving the window (k = window_samples) once it is
  /// full. Returns still().
  template <class NormBack>
  bool update(NormBack&& norm_back_radps) noexcept {
    add(norm_back_radps);
    return still();
  }
  /// update() for an endless stream: every 4096 samples the sum is recomputed from the window
  /// (newest first), so the running sum's rounding never accumulates.
  template <class NormBack>
  bool update_resummed(NormBack&& norm_back_radps) noexcept {
    add(norm_back_radps);
    if ((count_ & 0xFFFu) == 0) [[unlikely]] {
      sum_radps_ = 0.0f;
      for (std::uint64_t k = 0; k < window_samples_; ++k) sum_radps_ += norm_back_radps(k);
    }
    return still();
  }
  /// The window is full and the mean of its norms is below the limit.
  bool still() const noexcept { return count_ >= window_samples_ && sum_radps_ < limit_sum_radps_; }
  /// Empty the window (a gap in the samples, or a new start).
  void reset() noexcept {
    sum_radps_ = 0.0f;
    count_ = 0;
  }

 private:
  template <class NormBack>
  void add(NormBack& norm_back_radps) noexcept {
    sum_radps_ += norm_back_radps(std::uint64_t{0});
    if (++count_ > window_samples_) sum_radps_ -= norm_back_radps(window_samples_);
  }

  std::uint64_t window_samples_ = 1;
  float limit_sum_radps_ = 0.0f;
  float sum_radps_ = 0.0f;   // the norms of the last min(count_, window_samples_) samples
  std::uint64_t count_ = 0;  // samples added since the last reset()
};

}  // namespace runload::signal
