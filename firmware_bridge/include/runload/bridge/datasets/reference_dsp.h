#pragma once
/// Offline DSP for computing a dataset's reference ("truth") from its reference instrument, written
/// to give the same numbers as the numpy / scipy calls a dataset's truth definition is stated in, so
/// an independent scipy script can check them. Batch, double precision, allocating: evaluation code,
/// never the streaming pipeline (which lives in `signal/` and must not depend on any of this).
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace runload::bridge::datasets {

/// Transfer function b(z)/a(z), a[0] = 1.
struct TransferFunction {
  std::vector<double> b;
  std::vector<double> a;
};

/// Digital Butterworth low-pass of `order` at `cutoff_hz` for data sampled at `sample_rate_hz`:
/// analog prototype, pre-warped bilinear transform (= scipy.signal.butter(order, cutoff_hz,
/// fs=sample_rate_hz)). Error unless 1 ≤ order ≤ 12 and 0 < cutoff_hz < sample_rate_hz / 2.
tl::expected<TransferFunction, std::string> butterworth_lowpass(int order, double cutoff_hz, double sample_rate_hz);

/// Zero-phase forward-backward filtering with odd extension of 3·max(len(a), len(b)) samples at both
/// ends and step-response steady-state initial conditions (= scipy.signal.filtfilt(b, a, x) with
/// its defaults). Error when x is not longer than the padding.
tl::expected<std::vector<double>, std::string> filtfilt(const TransferFunction& filter, std::span<const double> x);

/// df/dt at every sample for strictly increasing sample times `t`: second-order central
/// differences inside, one-sided at the ends (= numpy.gradient(f, t)). REQUIRES: f.size() == t.size() ≥ 2.
std::vector<double> gradient(std::span<const double> f, std::span<const double> t);

/// Indices of the local maxima of `x` (a flat top counts once, at its middle) that reach
/// `min_height` and are at least `min_distance_samples` apart, the higher peak kept when two are
/// closer (= scipy.signal.find_peaks(x, height=min_height, distance=min_distance_samples)).
std::vector<std::size_t> find_peaks(std::span<const double> x, double min_height, std::size_t min_distance_samples);

/// Median (the mean of the middle two for an even count, as numpy.median); nullopt when empty.
std::optional<double> median(std::vector<double> values);

}  // namespace runload::bridge::datasets
