#include <algorithm>
#include <cmath>
#include <complex>
#include <numbers>

#include "runload/bridge/datasets/reference_dsp.h"

namespace runload::bridge::datasets {
namespace {

using Complex = std::complex<double>;

/// Coefficients of Π (x − root), highest power first (numpy.poly), real part.
std::vector<double> real_poly(const std::vector<Complex>& roots) {
  std::vector<Complex> c{1.0};
  for (const Complex& r : roots) {
    c.push_back(0.0);
    for (std::size_t i = c.size() - 1; i > 0; --i) c[i] -= r * c[i - 1];
  }
  std::vector<double> out;
  for (const Complex& x : c) out.push_back(x.real());
  return out;
}

/// Transposed direct form II (scipy.signal.lfilter) from state `z` (len(a) − 1 values, updated).
std::vector<double> lfilter(const TransferFunction& f, std::span<const double> x, std::vector<double>& z) {
  const std::size_t m = f.a.size() - 1;
  std::vector<double> y(x.size());
  for (std::size_t n = 0; n < x.size(); ++n) {
    const double yn = f.b[0] * x[n] + z[0];
    for (std::size_t i = 0; i + 1 < m; ++i) z[i] = z[i + 1] + f.b[i + 1] * x[n] - f.a[i + 1] * yn;
    z[m - 1] = f.b[m] * x[n] - f.a[m] * yn;
    y[n] = yn;
  }
  return y;
}

/// The filter's state after a unit step has settled (scipy.signal.lfilter_zi): the output is the DC
/// gain Σb / Σa, and each state follows from the one after it.
std::vector<double> step_steady_state(const TransferFunction& f) {
  const std::size_t m = f.a.size() - 1;
  double sum_b = 0.0, sum_a = 0.0;
  for (double v : f.b) sum_b += v;
  for (double v : f.a) sum_a += v;
  const double y = sum_b / sum_a;
  std::vector<double> z(m);
  z[m - 1] = f.b[m] - f.a[m] * y;
  for (std::size_t i = m - 1; i-- > 0;) z[i] = f.b[i + 1] - f.a[i + 1] * y + z[i + 1];
  return z;
}

}  // namespace

tl::expected<TransferFunction, std::string> butterworth_lowpass(int order, double cutoff_hz, double sample_rate_hz) {
  if (order < 1 || order > 12) return tl::make_unexpected("Butterworth order must be 1..12");
  if (!(sample_rate_hz > 0.0) || !(cutoff_hz > 0.0) || !(cutoff_hz < sample_rate_hz / 2.0))
    return tl::make_unexpected("Butterworth cut-off must lie between 0 and half the sample rate");
  // Normalised to a sample rate of 2: pre-warped analog cut-off, then the bilinear transform.
  const double normalised = cutoff_hz / (sample_rate_hz / 2.0);
  const double bilinear_2fs = 4.0;
  const double warped = bilinear_2fs * std::tan(std::numbers::pi * normalised / 2.0);
  std::vector<Complex> poles_z;
  Complex denominator = 1.0;
  for (int m = -order + 1; m < order; m += 2) {
    const Complex pole_s = -std::exp(Complex(0.0, std::numbers::pi * m / (2.0 * order))) * warped;
    poles_z.push_back((bilinear_2fs + pole_s) / (bilinear_2fs - pole_s));
    denominator *= bilinear_2fs - pole_s;
  }
  const double gain = std::pow(warped, order) * (1.0 / denominator).real();
  TransferFunction f;
  f.a = real_poly(poles_z);
  // All zeros at z = −1: b = gain · binomial coefficients.
  f.b = real_poly(std::vector<Complex>(static_cast<std::size_t>(order), Complex(-1.0, 0.0)));
  for (double& v : f.b) v *= gain;
  return f;
}

tl::expected<std::vector<double>, std::string> filtfilt(const TransferFunction& f, std::span<const double> x) {
  if (f.a.size() < 2 || f.a.size() != f.b.size() || f.a[0] != 1.0)
    return tl::make_unexpected("filtfilt needs a normalised filter with len(a) == len(b) >= 2");
  const std::size_t pad = 3 * f.a.size();
  if (x.size() <= pad)
    return tl::make_unexpected("filtfilt needs more than " + std::to_string(pad) + " samples, got " + std::to_string(x.size()));
  // Odd extension: the signal mirrored through its end points.
  std::vector<double> ext;
  ext.reserve(x.size() + 2 * pad);
  for (std::size_t i = pad; i >= 1; --i) ext.push_back(2.0 * x.front() - x[i]);
  ext.insert(ext.end(), x.begin(), x.end());
  for (std::size_t i = 2; i <= pad + 1; ++i) ext.push_back(2.0 * x.back() - x[x.size() - i]);

  const std::vector<double> zi = step_steady_state(f);
  std::vector<double> z = zi;
  for (double& v : z) v *= ext.front();
  std::vector<double> forward = lfilter(f, ext, z);
  std::reverse(forward.begin(), forward.end());
  z = zi;
  for (double& v : z) v *= forward.front();
  std::vector<double> backward = lfilter(f, forward, z);
  std::reverse(backward.begin(), backward.end());
  return std::vector<double>(backward.begin() + static_cast<std::ptrdiff_t>(pad),
                             backward.end() - static_cast<std::ptrdiff_t>(pad));
}

std::vector<double> gradient(std::span<const double> f, std::span<const double> t) {
  const std::size_t n = f.size();
  std::vector<double> d(n, 0.0);
  if (n < 2 || t.size() != n) return d;
  d[0] = (f[1] - f[0]) / (t[1] - t[0]);
  d[n - 1] = (f[n - 1] - f[n - 2]) / (t[n - 1] - t[n - 2]);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double h_before = t[i] - t[i - 1];
    const double h_after = t[i + 1] - t[i];
    const double w_before = -h_after / (h_before * (h_before + h_after));
    const double w_here = (h_after - h_before) / (h_before * h_after);
    const double w_after = h_before / (h_after * (h_before + h_after));
    d[i] = w_before * f[i - 1] + w_here * f[i] + w_after * f[i + 1];
  }
  return d;
}

std::vector<std::size_t> find_peaks(std::span<const double> x, double min_height, std::size_t min_distance_samples) {
  // Local maxima; a plateau counts once, at its middle (rounded down).
  std::vector<std::size_t> peaks;
  for (std::size_t i = 1; i + 1 < x.size();) {
    if (!(x[i - 1] < x[i])) {
      ++i;
      continue;
    }
    std::size_t ahead = i + 1;
    while (ahead + 1 < x.size() && x[ahead] == x[i]) ++ahead;
    if (x[ahead] < x[i]) peaks.push_back((i + ahead - 1) / 2);
    i = ahead;
  }
  std::erase_if(peaks, [&](std::size_t p) { return !(x[p] >= min_height); });
  if (min_distance_samples <= 1 || peaks.size() < 2) return peaks;
  // Highest first; each kept peak removes its lower neighbours closer than the distance.
  std::vector<std::size_t> by_height(peaks.size());
  for (std::size_t i = 0; i < by_height.size(); ++i) by_height[i] = i;
  std::stable_sort(by_height.begin(), by_height.end(), [&](std::size_t a, std::size_t b) { return x[peaks[a]] < x[peaks[b]]; });
  std::vector<bool> keep(peaks.size(), true);
  for (std::size_t r = by_height.size(); r-- > 0;) {
    const std::size_t j = by_height[r];
    if (!keep[j]) continue;
    for (std::size_t k = j; k-- > 0 && peaks[j] - peaks[k] < min_distance_samples;) keep[k] = false;
    for (std::size_t k = j + 1; k < peaks.size() && peaks[k] - peaks[j] < min_distance_samples; ++k) keep[k] = false;
  }
  std::vector<std::size_t> out;
  for (std::size_t i = 0; i < peaks.size(); ++i)
    if (keep[i]) out.push_back(peaks[i]);
  return out;
}

std::optional<double> median(std::vector<double> values) {
  if (values.empty()) return std::nullopt;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace runload::bridge::datasets
