#include <algorithm>
#include <cmath>

#include "runload/bridge/datasets/pyshoe_truth.h"
#include "runload/bridge/datasets/reference_dsp.h"

namespace runload::bridge::datasets {

std::optional<double> median_stride_cadence_steps_per_min(std::span<const double> ic_s, double max_stride_s) {
  std::vector<double> strides_s;
  for (std::size_t i = 1; i < ic_s.size(); ++i) {
    const double d = ic_s[i] - ic_s[i - 1];
    if (d > 0.0 && d <= max_stride_s) strides_s.push_back(d);
  }
  const auto m = median(std::move(strides_s));
  if (!m) return std::nullopt;
  return 120.0 / *m;
}

tl::expected<PyShoeTruth, std::string> compute_pyshoe_truth(std::span<const double> t_s,
                                                            std::span<const Eigen::Vector3d> position_m,
                                                            const PyShoeTruthSettings& s) {
  const std::size_t n = t_s.size();
  if (position_m.size() != n) return tl::make_unexpected("time and position differ in length");
  if (n < 2) return tl::make_unexpected("fewer than 2 samples");
  std::vector<double> dt;
  for (std::size_t i = 1; i < n; ++i) dt.push_back(t_s[i] - t_s[i - 1]);
  PyShoeTruth truth;
  truth.sample_rate_hz = 1.0 / *median(dt);
  const auto filter = butterworth_lowpass(s.lowpass_order, s.lowpass_cutoff_hz, truth.sample_rate_hz);
  if (!filter) return tl::make_unexpected(filter.error());

  // Low-passed position and its velocity, per axis.
  std::vector<Eigen::Vector3d> p(n), v(n);
  for (int axis = 0; axis < 3; ++axis) {
    std::vector<double> raw(n);
    for (std::size_t i = 0; i < n; ++i) raw[i] = position_m[i][axis];
    const auto smooth = filtfilt(*filter, raw);
    if (!smooth) return tl::make_unexpected(smooth.error());
    const std::vector<double> vel = gradient(*smooth, t_s);
    for (std::size_t i = 0; i < n; ++i) {
      p[i][axis] = (*smooth)[i];
      v[i][axis] = vel[i];
    }
  }
  std::vector<double> speed_mps(n);
  for (std::size_t i = 0; i < n; ++i) speed_mps[i] = v[i].norm();

  const auto separation = static_cast<std::size_t>(std::lround(s.stride_peak_min_separation_s * truth.sample_rate_hz));
  const auto peaks = find_peaks(speed_mps, s.stride_peak_speed_mps, separation);
  for (std::size_t k = 0; k < peaks.size(); ++k) {
    const std::size_t next_peak = k + 1 < peaks.size() ? peaks[k + 1] : n;
    std::size_t ic = peaks[k];
    while (ic < n && speed_mps[ic] >= s.contact_speed_mps) ++ic;
    // No landing before the next swing (or the end): not a stride of its own.
    if (ic >= next_peak) continue;
    PyShoeStride stride;
    stride.swing_peak_index_samples = peaks[k];
    stride.ic_index_samples = ic;
    stride.foot_flat_index_samples = static_cast<std::size_t>(
        std::min_element(speed_mps.begin() + static_cast<std::ptrdiff_t>(ic), speed_mps.begin() + static_cast<std::ptrdiff_t>(next_peak)) -
        speed_mps.begin());
    for (std::size_t e = stride.foot_flat_index_samples; e < n; ++e)
      if (v[e].z() > s.lift_off_vertical_speed_mps) {
        stride.contact_end_index_samples = e;
        break;
      }
    truth.strides.push_back(stride);
  }

  std::vector<double> ic_s, windows_ms;
  for (const auto& st : truth.strides) {
    ic_s.push_back(t_s[st.ic_index_samples]);
    if (st.contact_end_index_samples) windows_ms.push_back((t_s[*st.contact_end_index_samples] - t_s[st.ic_index_samples]) * 1000.0);
  }
  truth.cadence_steps_per_min = median_stride_cadence_steps_per_min(ic_s, s.max_stride_s);
  truth.contact_window_ms = median(std::move(windows_ms));
  for (std::size_t k = 0; k + 1 < truth.strides.size(); ++k) {
    const auto& a = truth.strides[k];
    const auto& b = truth.strides[k + 1];
    if (ic_s[k + 1] - ic_s[k] > s.max_stride_s) {
      truth.stride_gaps_samples.emplace_back(a.ic_index_samples, b.ic_index_samples);
      continue;
    }
    truth.distance_m += (p[b.foot_flat_index_samples] - p[a.foot_flat_index_samples]).head<2>().norm();
  }
  return truth;
}

}  // namespace runload::bridge::datasets
