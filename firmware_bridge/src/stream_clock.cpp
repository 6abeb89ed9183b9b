#include "runload/bridge/stream_clock.h"

#include <cmath>

#include "runload/signal/elapsed_time.h"

namespace runload::bridge {

std::optional<double> snap_to_standard_rate(double rate_hz) noexcept {
  // Rates IMUs and loggers are configured to (powers of two of 25 / 100 and decimal steps).
  static constexpr double kRates[] = {1,   2,   5,   10,  12.5, 20,   25,   26,   50,   52,   60,   100,  104,
                                      120, 200, 208, 240, 250,  400,  416,  500,  800,  833,  1000, 1024, 1125,
                                      1600, 1660, 1666, 2000, 3200, 3330, 4000, 6400, 6660};
  for (double r : kRates) {
    if (std::abs(rate_hz / r - 1.0) <= 0.02) return r;
  }
  return std::nullopt;
}

void StreamClock::add(std::uint64_t index_samples, signal::DeviceTime t_device, std::uint32_t nominal_period_ns,
                      std::optional<signal::HostTime> host_rx) noexcept {
  const std::int64_t t_us = signal::to_us(t_device);
  if (!have_origin_) {
    have_origin_ = true;
    index0_ = index_samples;
    t0_ = t_device;
  }
  if (nominal_period_ns != 0) nominal_period_ns_ = nominal_period_ns;
  const double x = static_cast<double>(index_samples - index0_);
  const double y = static_cast<double>(signal::elapsed_us(t_device, t0_));
  n_ += 1;
  sx_ += x;
  sy_ += y;
  sxx_ += x * x;
  sxy_ += x * y;

  if (!host_rx) return;
  const double host_us = static_cast<double>(host_rx->time_since_epoch().count()) / 1000.0;
  const double offset_us = host_us - static_cast<double>(t_us);
  if (window_open_ && signal::elapsed_us(t_device, window_start_) >= kWindowUs) close_window();
  if (!window_open_) {
    window_open_ = true;
    window_start_ = t_device;
    window_min_offset_us_ = offset_us;
    window_min_t_us_ = static_cast<double>(t_us);
  } else if (offset_us < window_min_offset_us_) {
    window_min_offset_us_ = offset_us;
    window_min_t_us_ = static_cast<double>(t_us);
  }
}

void StreamClock::close_window() noexcept {
  envelope_[envelope_next_] = {window_min_t_us_, window_min_offset_us_};
  envelope_next_ = (envelope_next_ + 1) % kEnvelopePoints;
  if (envelope_size_ < kEnvelopePoints) ++envelope_size_;
  window_open_ = false;
}

bool StreamClock::envelope_fit(double& a, double& b) const noexcept {
  if (envelope_size_ < 2) return false;
  // Centre on the first point for precision.
  const double t_ref = envelope_[0].t_device_us;
  double n = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (std::size_t i = 0; i < envelope_size_; ++i) {
    const double x = envelope_[i].t_device_us - t_ref;
    n += 1;
    sx += x;
    sy += envelope_[i].offset_us;
    sxx += x * x;
    sxy += x * envelope_[i].offset_us;
  }
  const double den = n * sxx - sx * sx;
  if (den <= 0) return false;
  b = (n * sxy - sx * sy) / den;
  a = (sy - b * sx) / n - b * t_ref;
  return true;
}

StreamClockEstimate StreamClock::estimate() const noexcept {
  StreamClockEstimate e;
  const double den = n_ * sxx_ - sx_ * sx_;
  if (n_ >= 2 && den > 0) {
    const double period_us = (n_ * sxy_ - sx_ * sy_) / den;
    if (std::isfinite(period_us) && period_us > 0) {
      e.period_us = period_us;
      e.rate_hz = 1e6 / period_us;
      if (nominal_period_ns_ != 0) {
        e.nominal_rate_hz = 1e9 / nominal_period_ns_;
      } else {
        e.nominal_rate_hz = snap_to_standard_rate(*e.rate_hz);
      }
      if (e.nominal_rate_hz) e.drift_ppm = (period_us * *e.nominal_rate_hz / 1e6 - 1.0) * 1e6;
    }
  }
  double a = 0, b = 0;
  if (envelope_fit(a, b)) e.host_skew_ppm = b * 1e6;
  return e;
}

std::optional<signal::HostTime> StreamClock::to_host(signal::DeviceTime t_device) const noexcept {
  const double t_us = static_cast<double>(signal::to_us(t_device));
  double offset_us = 0;
  double a = 0, b = 0;
  if (envelope_fit(a, b)) {
    offset_us = a + b * t_us;
  } else if (envelope_size_ > 0) {
    offset_us = envelope_[0].offset_us;
  } else if (window_open_) {
    offset_us = window_min_offset_us_;
  } else {
    return std::nullopt;
  }
  const auto host_ns = static_cast<std::int64_t>(std::llround((t_us + offset_us) * 1000.0));
  return signal::HostTime{signal::HostClock::duration{host_ns}};
}

}  // namespace runload::bridge
