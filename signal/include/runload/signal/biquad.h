#pragma once
/// Second-order IIR sections (direct form II transposed, float state) and Butterworth low-pass /
/// high-pass designs (bilinear transform with frequency pre-warping), scalar and Vec3.
///
/// Contract shared by every type here (STYLE §5):
///  - `update()` is noexcept, O(1), allocation-free and deterministic;
///  - a non-finite input never enters the state: the previous output is returned instead;
///  - invalid settings give an identity filter with `ok() == false`;
///  - `reset(x)` puts the filter in the steady state for a constant input x, so a constant x
///    afterwards produces DC-gain · x with no transient (exactly x for low-pass, exactly 0 for
///    high-pass).
/// Thread-safety: none; one instance per stream. Copying a filter copies its state (checkpoint).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

#include "runload/signal/imu_sample.h"

namespace runload::signal {

/// Normalised biquad coefficients, a0 == 1:
///   H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²).
/// `dc_gain` is H(1); designs set it exactly (1 for low-pass, 0 for high-pass) so that a reset
/// filter reproduces a constant input bit-exactly.
struct BiquadCoefficients {
  float b0 = 1.0f;
  float b1 = 0.0f;
  float b2 = 0.0f;
  float a1 = 0.0f;
  float a2 = 0.0f;
  float dc_gain = 1.0f;

  /// True when all coefficients are finite and the poles lie strictly inside the unit circle.
  bool stable() const noexcept;
};

enum class FilterResponse : std::uint8_t { kLowPass = 0, kHighPass = 1 };

/// One 2nd-order low/high-pass section with quality factor `q` (1/√2 gives the 2nd-order
/// Butterworth), designed by the bilinear transform pre-warped at `cutoff_hz`.
/// Coefficients are computed in double and rounded to float once.
/// REQUIRES: 0 < cutoff_hz < sample_rate_hz / 2, q > 0, all finite; otherwise nullopt.
std::optional<BiquadCoefficients> design_biquad(FilterResponse response, double cutoff_hz,
                                                double sample_rate_hz, double q) noexcept;

/// One direct-form-II-transposed section with float state.
/// Internally the section filters the deviation from the last reset value (`offset_`); for a
/// linear time-invariant section this is the same system, and it makes `reset(x)` exact.
class Biquad {
 public:
  /// The identity section.
  Biquad() noexcept = default;
  /// A section with the given coefficients; unstable or non-finite coefficients give the identity.
  explicit Biquad(const BiquadCoefficients& coefficients) noexcept;

  /// False when the coefficients were rejected (the section is then the identity).
  bool ok() const noexcept { return ok_; }
  /// One sample in (any unit), one sample out (same unit).
  float update(float x) noexcept;
  /// Steady state for a constant input `input_steady_state`; output becomes dc_gain · input.
  void reset(float input_steady_state) noexcept;
  /// Back to the relaxed (all-zero) state of a new filter.
  void clear() noexcept;
  const BiquadCoefficients& coefficients() const noexcept { return coefficients_; }

 private:
  /// Overflow recovery, kept out of line so that update() inlines.
  [[gnu::cold, gnu::noinline]] float restart(float x) noexcept;

  BiquadCoefficients coefficients_{};
  bool ok_ = true;
  float s1_ = 0.0f;  // DF2T delay elements, in units of the deviation from offset_
  float s2_ = 0.0f;
  float offset_ = 0.0f;  // input value at the last reset
  float last_output_ = 0.0f;
};

/// Butterworth low-pass or high-pass of even order 2..kMaxOrder, in user units.
struct ButterworthSettings {
  float sample_rate_hz = 1000.0f;
  float cutoff_hz = 20.0f;
  FilterResponse response = FilterResponse::kLowPass;
  /// Filter order; must be even (2, 4, 6, 8). 4 = two cascaded sections.
  int order = 2;
};

/// A cascade of order/2 biquads realising a digital Butterworth filter (−3 dB at cutoff_hz).
/// The section with the lowest Q runs first.
class ButterworthFilter {
 public:
  static constexpr int kMaxOrder = 8;
  static constexpr int kMaxSections = kMaxOrder / 2;

  explicit ButterworthFilter(const ButterworthSettings& settings) noexcept;

  /// False for invalid settings (then the filter is the identity).
  bool ok() const noexcept { return ok_; }
  const ButterworthSettings& settings() const noexcept { return settings_; }
  int num_sections() const noexcept { return num_sections_; }
  /// REQUIRES: 0 <= i < num_sections().
  const Biquad& section(int i) const noexcept { return sections_[static_cast<std::size_t>(i)]; }

  /// One sample in, one out (same unit).
  float update(float x) noexcept;
  /// Steady state for a constant input (see file comment).
  void reset(float input_steady_state) noexcept;
  /// Batch = loop over update(). REQUIRES: out.size() >= in.size().
  void process(std::span<const float> in, std::span<float> out) noexcept;

 private:
  ButterworthSettings settings_;
  bool ok_ = false;
  int num_sections_ = 0;
  std::array<Biquad, kMaxSections> sections_{};
  float last_output_ = 0.0f;
};

/// Three independent copies of ButterworthFilter, one per axis (frame unchanged): every output is
/// bit-identical to a scalar ButterworthFilter fed that axis. The axes run side by side in one
/// 4-lane register (x, y, z, an unused lane); a non-finite input or an overflow takes the per-axis
/// path, which follows ButterworthFilter and Biquad exactly.
class ButterworthFilterVec3 {
 public:
  explicit ButterworthFilterVec3(const ButterworthSettings& settings) noexcept;

  bool ok() const noexcept { return ok_; }
  /// Each axis filtered independently; a non-finite component holds that axis' last output. The
  /// reference is valid until the next update() or reset(). The output is always finite (an input
  /// that is not never enters the state, an overflow restarts at a finite input, and the designs'
  /// DC gains are exactly 0 or 1): callers need not check it.
  const Vec3f& update(const Vec3f& x) noexcept;
  void reset(const Vec3f& input_steady_state) noexcept;
  /// REQUIRES: out.size() >= in.size().
  void process(std::span<const Vec3f> in, std::span<Vec3f> out) noexcept;

 private:
  /// The output and the unused lane, written by one 16-byte store: a caller's read of any part of
  /// it is then store-forwarded (a Vec3f returned by value is written by two stores, and a read
  /// spanning both stalls for tens of cycles).
  struct alignas(16) Output {
    Vec3f value = Vec3f::Zero();
    float unused = 0.0f;
  };
  using Lanes = Eigen::Array4f;  // x, y, z, unused (always 0)
  /// One Biquad per axis: shared coefficients, per-lane state (see Biquad).
  struct Section {
    BiquadCoefficients coefficients{};
    Lanes b0 = Lanes::Ones(), b1 = Lanes::Zero(), b2 = Lanes::Zero(), a1 = Lanes::Zero(), a2 = Lanes::Zero();
    Lanes dc_gain = Lanes::Ones();  // the coefficients in every lane
    Lanes s1 = Lanes::Zero();
    Lanes s2 = Lanes::Zero();
    Lanes offset = Lanes::Zero();
    Lanes last_output = Lanes::Zero();
  };
  /// Axis `lane` from section `first` on, as ButterworthFilter::update does for a finite x.
  [[gnu::cold, gnu::noinline]] float update_lane(int lane, int first, float x) noexcept;
  /// A non-finite input, or a non-finite result in section `first`: the per-axis path from there.
  [[gnu::cold, gnu::noinline]] const Vec3f& update_lanes(int first, const Lanes& x) noexcept;
  const Vec3f& set_output(const Lanes& y) noexcept;

  bool ok_ = false;
  int num_sections_ = 0;
  std::array<Section, ButterworthFilter::kMaxSections> sections_{};
  Lanes last_output_ = Lanes::Zero();
  Output output_;
};

}  // namespace runload::signal
