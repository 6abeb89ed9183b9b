#pragma once
/// Splits a byte stream into LF (0x0A) terminated lines with a bounded buffer, for the x-IMU3
/// stream and CSV decoders. Lines wholly inside one pushed chunk are handed out zero-copy; lines
/// split across chunks are reassembled in a fixed kMaxLineBytes buffer. A line longer than the
/// bound is discarded up to the next LF and reported once (the official x-IMU3 API buffers 4096
/// bytes too). No allocation, never throws. Not thread-safe.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>

namespace runload::bridge {

class LineFramer {
 public:
  static constexpr std::size_t kMaxLineBytes = 4096;

  /// Feeds bytes. Calls `on_line(std::span<const std::uint8_t>)` for every complete line (without
  /// its LF; valid only during the call) and `on_oversize(std::size_t dropped_bytes)` once per
  /// over-long line, when its LF arrives (dropped_bytes includes the LF).
  template <class OnLine, class OnOversize>
  void push(std::span<const std::uint8_t> bytes, OnLine&& on_line, OnOversize&& on_oversize) noexcept {
    const std::uint8_t* p = bytes.data();
    const std::uint8_t* const end = p + bytes.size();
    while (p < end) {
      const auto* lf = static_cast<const std::uint8_t*>(std::memchr(p, 0x0A, static_cast<std::size_t>(end - p)));
      const std::uint8_t* const stop = lf != nullptr ? lf : end;
      const auto run = static_cast<std::size_t>(stop - p);
      if (lf != nullptr && size_ == 0 && !overflowed_ && run <= kMaxLineBytes) {
        on_line(std::span<const std::uint8_t>(p, run));  // zero-copy: the whole line is in this chunk
      } else {
        if (!overflowed_ && run <= kMaxLineBytes - size_) {
          std::memcpy(buffer_.data() + size_, p, run);
          size_ += run;
        } else {
          if (!overflowed_) overflow_bytes_ = size_;
          overflow_bytes_ += run;
          overflowed_ = true;
          size_ = 0;
        }
        if (lf != nullptr) {
          if (overflowed_) {
            on_oversize(overflow_bytes_ + 1);
            overflowed_ = false;
            overflow_bytes_ = 0;
          } else {
            on_line(std::span<const std::uint8_t>(buffer_.data(), size_));
          }
          size_ = 0;
        }
      }
      p = lf != nullptr ? lf + 1 : end;
    }
  }

  /// Discards a partial line (link break). Returns the bytes discarded.
  std::size_t drop_partial() noexcept {
    const std::size_t dropped = overflowed_ ? overflow_bytes_ : size_;
    size_ = 0;
    overflow_bytes_ = 0;
    overflowed_ = false;
    return dropped;
  }

  /// Bytes of an unfinished line currently held (or skipped, when over-long).
  std::size_t pending_bytes() const noexcept { return overflowed_ ? overflow_bytes_ : size_; }

 private:
  std::array<std::uint8_t, kMaxLineBytes> buffer_{};
  std::size_t size_ = 0;
  bool overflowed_ = false;
  std::size_t overflow_bytes_ = 0;
};

}  // namespace runload::bridge
