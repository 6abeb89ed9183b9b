#pragma once
/// The reference ("truth") of a PyShoe VICON running trial, computed from the VICON foot position
/// alone (never from the IMU or the dataset's zero-velocity labels), exactly as
/// ../shared/datasets/pyshoe-vicon-running/SOURCE.md "Ground truth, as the project scores it" states it:
///  - position low-passed (Butterworth, zero phase, scipy filtfilt) at fs = 1 / median(Δt);
///  - velocity = numpy.gradient(position, t); foot speed |v| (3-D);
///  - stride = a speed peak ≥ stride_peak_speed_mps, peaks ≥ min separation apart (scipy find_peaks);
///  - initial contact (IC) = first sample after the peak with speed < contact_speed_mps;
///  - foot-flat = the speed minimum from IC to the next peak;
///  - contact end = first sample after foot-flat with vertical velocity > lift_off_vertical_speed_mps;
///  - cadence = 120 / median IC→IC stride time, strides > max_stride_s left out;
///  - distance = Σ horizontal foot-flat → next foot-flat displacement over those same strides;
///  - contact window = median (contact end − IC).
/// Dataset maths for evaluation only; it lives in the bridge's dataset code, not in `signal/`.
#include <Eigen/Core>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

namespace runload::bridge::datasets {

/// The SOURCE.md definition's constants, in their physical units.
struct PyShoeTruthSettings {
  int lowpass_order = 4;
  double lowpass_cutoff_hz = 10.0;
  double stride_peak_speed_mps = 1.5;
  double stride_peak_min_separation_s = 0.4;
  double contact_speed_mps = 1.0;
  double lift_off_vertical_speed_mps = 0.5;
  /// Longer IC→IC strides are pauses or turns on the spot: left out of cadence and distance.
  double max_stride_s = 1.3;
};

/// One reference stride, sample indices into the trial.
struct PyShoeStride {
  std::size_t swing_peak_index_samples = 0;
  std::size_t ic_index_samples = 0;
  std::size_t foot_flat_index_samples = 0;
  /// Unset when the foot never lifts again before the recording ends.
  std::optional<std::size_t> contact_end_index_samples;
};

struct PyShoeTruth {
  double sample_rate_hz = 0.0;  ///< 1 / median(Δt), the rate the low-pass is designed for
  std::vector<PyShoeStride> strides;
  /// [IC k, IC k+1] sample pairs whose stride time exceeds max_stride_s (left out of the figures).
  std::vector<std::pair<std::size_t, std::size_t>> stride_gaps_samples;
  std::optional<double> cadence_steps_per_min;  ///< nullopt without a stride ≤ max_stride_s
  double distance_m = 0.0;
  std::optional<double> contact_window_ms;  ///< median over strides with a contact end
};

/// The truth of one trial. `t_s`: sample times, s, strictly increasing; `position_m`: VICON foot
/// position per sample (x, y horizontal, z up), m. Error when the inputs differ in length, are too
/// short for the zero-phase filter, or the rate does not allow the low-pass.
tl::expected<PyShoeTruth, std::string> compute_pyshoe_truth(std::span<const double> t_s,
                                                            std::span<const Eigen::Vector3d> position_m,
                                                            const PyShoeTruthSettings& settings = {});

/// One foot's cadence from its IC times (s): 120 / median IC→IC stride time (one instrumented foot:
/// steps/min = 2 × strides/min), strides longer than `max_stride_s` left out. The same formula for
/// the reference and the detections. nullopt without any stride ≤ max_stride_s.
std::optional<double> median_stride_cadence_steps_per_min(std::span<const double> ic_s, double max_stride_s);

}  // namespace runload::bridge::datasets
