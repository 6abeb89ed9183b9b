#pragma once
/// Zero-velocity (stance) detection with the SHOE / GLRT statistic (Skog et al. 2010; EVIDENCE §1.2):
///
///   T = (1/W) · Σ_k [ ‖a_k − g·ā/‖ā‖‖² / σ_a²  +  ‖ω_k‖² / σ_ω² ],   stance ⇔ T < γ
///
/// over the last W samples (causal window ending at the current sample, so the decision
/// describes the window centre, `delay_samples()` back). Running sums are double (they subtract
/// ~W·g² from itself) and are recomputed from the ring buffer once per W samples, so rounding
/// never accumulates. The ring buffer is sized once in the constructor.
///
/// A fixed γ fails across walking ↔ running (EVIDENCE §1.2); pick the preset for the activity.
/// Thread-safety: none; one instance per sensor.
#include <cstddef>
#include <span>
#include <vector>

#include "runload/signal/imu_sample.h"

namespace runload::signal {

struct ZeroVelocityDetectorSettings {
  float sample_rate_hz = 1000.0f;
  /// Window length, s (W = round(window_s · sample_rate_hz), at least 1).
  float window_s = 0.02f;
  /// Accelerometer noise scale σ_a, m/s².
  float sigma_accel_mps2 = 0.01f;
  /// Gyro noise scale σ_ω, deg/s.
  float sigma_gyro_dps = 0.1f;
  /// Threshold γ on T (dimensionless).
  float gamma = 3.0e5f;

  /// Running, foot IMU at 1 kHz: W = 20 ms (a running stance is only ~200 ms with a ~50–100 ms
  /// still phase); σ_a, σ_ω as OpenShoe; γ = 3e5 ⇒ stance roughly while |ω| ≲ 55 deg/s and
  /// |a| ≈ g within a few m/s². The default-constructed settings are this preset.
  static ZeroVelocityDetectorSettings running_1khz() noexcept { return {}; }
  /// Walking, foot IMU at 100 Hz: W = 50 ms (5 samples), σ_a = 0.01 m/s², σ_ω = 0.1 deg/s,
  /// γ = 3e4 (OpenShoe's walking threshold) ⇒ stance roughly while |ω| ≲ 17 deg/s.
  static ZeroVelocityDetectorSettings walking_100hz() noexcept {
    return {.sample_rate_hz = 100.0f, .window_s = 0.05f, .gamma = 3.0e4f};
  }
};

struct ZeroVelocityOutput {
  /// T < γ over a full window.
  bool stance = false;
  /// The SHOE statistic T (dimensionless); 0 until the first full window (then `valid`).
  float statistic = 0.0f;
  /// The window is full and `statistic` is meaningful.
  bool valid = false;
};

class ZeroVelocityDetector {
 public:
  /// Allocates the ring buffer (W entries) once.
  explicit ZeroVelocityDetector(const ZeroVelocityDetectorSettings& settings);

  /// False for invalid settings; update() then always reports no stance (fail-safe: no ZUPT).
  bool ok() const noexcept { return ok_; }
  const ZeroVelocityDetectorSettings& settings() const noexcept { return settings_; }
  std::size_t window_samples() const noexcept { return buffer_.size(); }
  /// The decision refers to the window centre, this many samples before the current one.
  std::size_t delay_samples() const noexcept { return buffer_.empty() ? 0 : (buffer_.size() - 1) / 2; }

  /// One sample, sensor frame: accel m/s², gyro rad/s. Non-finite samples are skipped (the
  /// previous output is returned). O(1) amortised, allocation-free.
  ZeroVelocityOutput update(const Vec3f& accel_sensor_mps2, const Vec3f& gyro_sensor_radps) noexcept;
  ZeroVelocityOutput update(const ImuSample& s) noexcept {
    return update(s.accel_sensor_mps2, s.gyro_sensor_radps);
  }
  /// Batch = loop over update(). REQUIRES: out.size() >= in.size().
  void process(std::span<const ImuSample> in, std::span<ZeroVelocityOutput> out) noexcept;
  /// Empty the window.
  void reset() noexcept;

 private:
  struct Entry {
    Vec3f accel_mps2;
    Vec3f gyro_radps;
  };
  void recompute_sums() noexcept;

  ZeroVelocityDetectorSettings settings_;
  bool ok_ = false;
  double inv_var_accel_ = 0.0;  // 1/σ_a², s⁴/m²
  double inv_var_gyro_ = 0.0;   // 1/σ_ω², s²/rad²
  std::vector<Entry> buffer_;
  std::size_t next_ = 0;
  std::size_t count_ = 0;
  Eigen::Vector3d sum_accel_mps2_ = Eigen::Vector3d::Zero();
  double sum_accel_sq_ = 0.0;
  double sum_gyro_sq_ = 0.0;
  ZeroVelocityOutput output_{};
};

}  // namespace runload::signal
