#pragma once
/// PyShoe (Wagstaff, Peretroukhin & Kelly, University of Toronto foot-mounted INS dataset), VICON
/// running trials: one LORD MicroStrain IMU on the right shoe at about 200 Hz with irregular steps,
/// and the VICON foot position at every IMU sample. One MAT v5 file per trial holding `ts` (1×N, s),
/// `imu` (N×6: specific force m/s², angular rate rad/s, sensor frame) and `gt` (N×3, m, z up); its
/// other variables (the authors' zero-velocity detector outputs) are not read.
/// Files are recognised by content (a MAT v5 file with those variables), never by name. The
/// reference comes from `gt` alone (pyshoe_truth.h); times come from `ts`, not from a nominal rate.
#include "runload/bridge/datasets/dataset_adapter.h"
#include "runload/bridge/datasets/pyshoe_truth.h"

namespace runload::bridge::datasets {

class PyShoeAdapter final : public DatasetAdapter {
 public:
  std::string_view name() const noexcept override { return "pyshoe-vicon-running"; }
  /// Every MAT-file in `dir` (by content), sorted by file name; subject 0, trial = 1-based position.
  /// Whether each is a PyShoe trial is checked by load().
  tl::expected<std::vector<RecordingInfo>, std::string> list(const std::filesystem::path& dir) const override;
  /// Samples (index i, device time ts[i] − ts[0]), sensor info (foot, right, rate (N−1)/(ts[N−1] − ts[0]),
  /// ranges unknown) and the VICON reference. Errors are one line naming the file and what is wrong
  /// ("x.mat: variable 'imu' is 4203×5, expected N×6"); a truncated or corrupt file is an error.
  tl::expected<Recording, std::string> load(const RecordingInfo& info) const override;
  /// load() of one file given by path (id = file stem, trial 0).
  tl::expected<Recording, std::string> load_file(const std::filesystem::path& path) const;

  PyShoeTruthSettings truth_settings;
};

/// True when the file starts with a MAT-file header (v5, or v7.3 which is HDF5 inside: endian
/// indicator "IM"/"MI" at bytes 126–127, version 0x0100 / 0x0200). Content, not name; cheap (128 bytes).
bool has_mat_header(const std::filesystem::path& path) noexcept;

}  // namespace runload::bridge::datasets
