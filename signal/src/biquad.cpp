#include "runload/signal/biquad.h"

#include <cmath>
#include <numbers>
#if defined(EIGEN_VECTORIZE_SSE2)
#include <emmintrin.h>
#endif

namespace runload::signal {

bool BiquadCoefficients::stable() const noexcept {
  const bool finite = std::isfinite(b0) && std::isfinite(b1) && std::isfinite(b2) &&
                      std::isfinite(a1) && std::isfinite(a2) && std::isfinite(dc_gain);
  // Jury's conditions for z² + a1 z + a2: both roots strictly inside the unit circle.
  return finite && std::fabs(a2) < 1.0f && std::fabs(a1) < 1.0f + a2;
}

std::optional<BiquadCoefficients> design_biquad(FilterResponse response, double cutoff_hz,
                                                double sample_rate_hz, double q) noexcept {
  if (!std::isfinite(cutoff_hz) || !std::isfinite(sample_rate_hz) || !std::isfinite(q) ||
      sample_rate_hz <= 0.0 || cutoff_hz <= 0.0 || cutoff_hz >= 0.5 * sample_rate_hz || q <= 0.0) {
    return std::nullopt;
  }
  // Pre-warped analog cutoff: the bilinear transform maps Ω = tan(π f / fs) exactly onto f.
  const double k = std::tan(std::numbers::pi * cutoff_hz / sample_rate_hz);
  const double k2 = k * k;
  const double norm = 1.0 / (1.0 + k / q + k2);
  const double a1 = 2.0 * (k2 - 1.0) * norm;
  const double a2 = (1.0 - k / q + k2) * norm;
  BiquadCoefficients c;
  if (response == FilterResponse::kLowPass) {
    // H(s) = 1 / (s² + s/Q + 1) with s = (1/K)(z−1)/(z+1).
    const double b0 = k2 * norm;
    c.b0 = static_cast<float>(b0);
    c.b1 = static_cast<float>(2.0 * b0);
    c.b2 = static_cast<float>(b0);
    c.dc_gain = 1.0f;
  } else {
    // H(s) = s² / (s² + s/Q + 1).
    const double b0 = norm;
    c.b0 = static_cast<float>(b0);
    c.b1 = static_cast<float>(-2.0 * b0);
    c.b2 = static_cast<float>(b0);
    c.dc_gain = 0.0f;
  }
  c.a1 = static_cast<float>(a1);
  c.a2 = static_cast<float>(a2);
  if (!c.stable()) return std::nullopt;
  return c;
}

Biquad::Biquad(const BiquadCoefficients& coefficients) noexcept {
  if (coefficients.stable()) {
    coefficients_ = coefficients;
  } else {
    ok_ = false;  // identity: default coefficients
  }
}

float Biquad::restart(float x) noexcept {
  // Overflow (inputs near FLT_MAX): restart from this input rather than carry Inf.
  reset(x);
  return last_output_;
}

float Biquad::update(float x) noexcept {
  if (!std::isfinite(x)) return last_output_;  // never let NaN/Inf into the state
  const BiquadCoefficients& c = coefficients_;
  const float u = x - offset_;  // deviation from the steady state set by reset()
  const float v = c.b0 * u + s1_;
  const float s1_next = c.b1 * u - c.a1 * v + s2_;
  const float s2_next = c.b2 * u - c.a2 * v;
  const float y = c.dc_gain * offset_ + v;
  if (!std::isfinite(y) || !std::isfinite(s1_next) || !std::isfinite(s2_next)) [[unlikely]]
    return restart(x);
  s1_ = s1_next;
  s2_ = s2_next;
  last_output_ = y;
  return y;
}

void Biquad::reset(float input_steady_state) noexcept {
  if (!std::isfinite(input_steady_state)) return;
  offset_ = input_steady_state;
  s1_ = 0.0f;
  s2_ = 0.0f;
  last_output_ = coefficients_.dc_gain * input_steady_state;
}

void Biquad::clear() noexcept {
  offset_ = 0.0f;
  s1_ = 0.0f;
  s2_ = 0.0f;
  last_output_ = 0.0f;
}

ButterworthFilter::ButterworthFilter(const ButterworthSettings& settings) noexcept
    : settings_(settings) {
  const int order = settings.order;
  if (order < 2 || order > kMaxOrder || order % 2 != 0) return;
  const int n = order / 2;
  std::array<Biquad, kMaxSections> designed{};
  for (int k = 0; k < n; ++k) {
    // Analog Butterworth pole pair k sits at angle θ_k = π(2k+1)/(2N) from the negative real
    // axis; its section has Q_k = 1 / (2 cos θ_k). Reverse k so the lowest Q runs first.
    const int pair = n - 1 - k;
    const double theta = std::numbers::pi * (2.0 * pair + 1.0) / (2.0 * order);
    const double q = 1.0 / (2.0 * std::cos(theta));
    const auto c = design_biquad(settings.response, settings.cutoff_hz, settings.sample_rate_hz, q);
    if (!c) return;
    designed[static_cast<std::size_t>(k)] = Biquad(*c);
  }
  sections_ = designed;
  num_sections_ = n;
  ok_ = true;
}

float ButterworthFilter::update(float x) noexcept {
  // Checked here too: a section holding its output would otherwise feed a stale value onward.
  if (!std::isfinite(x)) return last_output_;
  float y = x;
  for (int i = 0; i < num_sections_; ++i) y = sections_[static_cast<std::size_t>(i)].update(y);
  last_output_ = y;
  return y;
}

void ButterworthFilter::reset(float input_steady_state) noexcept {
  float x = input_steady_state;
  for (int i = 0; i < num_sections_; ++i) {
    Biquad& s = sections_[static_cast<std::size_t>(i)];
    s.reset(x);
    x = s.coefficients().dc_gain * x;  // the next section sees this section's steady output
  }
  if (std::isfinite(input_steady_state)) last_output_ = x;
}

void ButterworthFilter::process(std::span<const float> in, std::span<float> out) noexcept {
  const std::size_t n = in.size() < out.size() ? in.size() : out.size();
  for (std::size_t i = 0; i < n; ++i) out[i] = update(in[i]);
}

ButterworthFilterVec3::ButterworthFilterVec3(const ButterworthSettings& settings) noexcept {
  const ButterworthFilter designed(settings);
  ok_ = designed.ok();
  num_sections_ = designed.num_sections();
  for (int i = 0; i < num_sections_; ++i) {
    Section& s = sections_[static_cast<std::size_t>(i)];
    s.coefficients = designed.section(i).coefficients();
    const BiquadCoefficients& c = s.coefficients;
    s.b0.setConstant(c.b0);
    s.b1.setConstant(c.b1);
    s.b2.setConstant(c.b2);
    s.a1.setConstant(c.a1);
    s.a2.setConstant(c.a2);
    s.dc_gain.setConstant(c.dc_gain);
  }
}

namespace {

/// True when all lanes of a, b and c are finite (x − x is NaN only for Inf or NaN).
[[gnu::always_inline]] inline bool all_finite(const Eigen::Array4f& a, const Eigen::Array4f& b, const Eigen::Array4f& c) noexcept {
  const Eigen::Array4f nan_if_not_finite = (a - a) + (b - b) + (c - c);
#if defined(EIGEN_VECTORIZE_SSE2)
  const __m128 z = _mm_load_ps(nan_if_not_finite.data());
  return _mm_movemask_ps(_mm_cmpunord_ps(z, z)) == 0;  // no horizontal sum on the critical path
#else
  return nan_if_not_finite.sum() == 0.0f;
#endif
}

/// The three axes in one register, lane 3 zero. Built from two loads where SSE2 is there: the
/// generic construction goes through the stack, and a 16-byte load of three smaller stores cannot
/// be store-forwarded (a stall of tens of cycles, every sample).
Eigen::Array4f lanes(const Vec3f& x) noexcept {
#if defined(EIGEN_VECTORIZE_SSE2)
  const __m128 xy = _mm_loadl_pi(_mm_setzero_ps(), reinterpret_cast<const __m64*>(x.data()));
  Eigen::Array4f out;
  _mm_store_ps(out.data(), _mm_movelh_ps(xy, _mm_load_ss(x.data() + 2)));
  return out;
#else
  return Eigen::Array4f(x.x(), x.y(), x.z(), 0.0f);
#endif
}

/// Biquad::update on all lanes at once, the same operations in the same order per lane; false (y
/// untouched) when a result is not finite. (A template so that it can take the private Section.)
template <class Section>
[[gnu::always_inline]] inline bool section_update(Section& s, Eigen::Array4f& y) noexcept {
  const Eigen::Array4f u = y - s.offset;
  const Eigen::Array4f v = s.b0 * u + s.s1;
  const Eigen::Array4f s1_next = s.b1 * u - s.a1 * v + s.s2;
  const Eigen::Array4f s2_next = s.b2 * u - s.a2 * v;
  const Eigen::Array4f out = s.dc_gain * s.offset + v;
  if (!all_finite(out, s1_next, s2_next)) [[unlikely]] return false;
  s.s1 = s1_next;
  s.s2 = s2_next;
  s.last_output = out;
  y = out;
  return true;
}

}  // namespace

const Vec3f& ButterworthFilterVec3::update(const Vec3f& x) noexcept {
  Lanes y = lanes(x);
  // A non-finite input needs no check of its own: it makes the first section's output non-finite,
  // and the per-axis path then starts from the first section with this input.
  if (num_sections_ == 1) [[likely]] {
    // Order 2 (the event detector's low-pass, every sample): no loop.
    if (!section_update(sections_[0], y)) [[unlikely]] return update_lanes(0, y);
  } else {
    if (num_sections_ == 0) [[unlikely]] return update_lanes(0, y);  // identity: only the finite check
    for (int i = 0; i < num_sections_; ++i)
      if (!section_update(sections_[static_cast<std::size_t>(i)], y)) [[unlikely]] return update_lanes(i, y);
  }
  last_output_ = y;
  return set_output(y);
}

const Vec3f& ButterworthFilterVec3::set_output(const Lanes& y) noexcept {
#if defined(EIGEN_VECTORIZE_SSE2)
  _mm_store_ps(reinterpret_cast<float*>(&output_), _mm_load_ps(y.data()));
#else
  output_.value = Vec3f(y(0), y(1), y(2));
#endif
  return output_.value;
}

float ButterworthFilterVec3::update_lane(int lane, int first, float x) noexcept {
  float y = x;
  for (int i = first; i < num_sections_; ++i) {
    Section& s = sections_[static_cast<std::size_t>(i)];
    if (!std::isfinite(y)) {
      y = s.last_output(lane);
      continue;
    }
    const BiquadCoefficients& c = s.coefficients;
    const float u = y - s.offset(lane);
    const float v = c.b0 * u + s.s1(lane);
    const float s1_next = c.b1 * u - c.a1 * v + s.s2(lane);
    const float s2_next = c.b2 * u - c.a2 * v;
    const float out = c.dc_gain * s.offset(lane) + v;
    if (!std::isfinite(out) || !std::isfinite(s1_next) || !std::isfinite(s2_next)) {
      // Biquad::restart: steady state at this input.
      s.offset(lane) = y;
      s.s1(lane) = 0.0f;
      s.s2(lane) = 0.0f;
      s.last_output(lane) = c.dc_gain * y;
    } else {
      s.s1(lane) = s1_next;
      s.s2(lane) = s2_next;
      s.last_output(lane) = out;
    }
    y = s.last_output(lane);
  }
  last_output_(lane) = y;
  return y;
}

const Vec3f& ButterworthFilterVec3::update_lanes(int first, const Lanes& x) noexcept {
  Lanes out = Lanes::Zero();
  for (int lane = 0; lane < 3; ++lane)
    out(lane) = std::isfinite(x(lane)) ? update_lane(lane, first, x(lane)) : last_output_(lane);
  return set_output(out);
}

void ButterworthFilterVec3::reset(const Vec3f& input_steady_state) noexcept {
  // ButterworthFilter::reset per axis.
  for (int lane = 0; lane < 3; ++lane) {
    float x = input_steady_state(lane);
    for (int i = 0; i < num_sections_; ++i) {
      Section& s = sections_[static_cast<std::size_t>(i)];
      if (std::isfinite(x)) {
        s.offset(lane) = x;
        s.s1(lane) = 0.0f;
        s.s2(lane) = 0.0f;
        s.last_output(lane) = s.coefficients.dc_gain * x;
      }
      x = s.coefficients.dc_gain * x;
    }
    if (std::isfinite(input_steady_state(lane))) last_output_(lane) = x;
  }
}

void ButterworthFilterVec3::process(std::span<const Vec3f> in, std::span<Vec3f> out) noexcept {
  const std::size_t n = in.size() < out.size() ? in.size() : out.size();
  for (std::size_t i = 0; i < n; ++i) out[i] = update(in[i]);
}

}  // namespace runload::signal
