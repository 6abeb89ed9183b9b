#pragma once
/// Reading public gait datasets for accuracy evaluation: one small adapter per dataset turns its
/// files into `signal::ImuSample`s (SI units, sensor frame), a `signal::SensorInfo` and reference
/// gait events. Units are converted once, here. Evaluation only: dataset files are never copied
/// into the repository (several are AGPL or have other licences).
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <tl/expected.hpp>

#include "runload/signal/imu_sample.h"
#include "runload/signal/sensor_placement.h"

namespace runload::bridge::datasets {

/// What the subjects of a reference recording are doing.
enum class GaitKind : std::uint8_t { kUnknown = 0, kWalking = 1, kRunning = 2 };

constexpr std::string_view to_string(GaitKind k) noexcept {
  switch (k) {
    case GaitKind::kWalking: return "walking";
    case GaitKind::kRunning: return "running";
    default: return "unknown";
  }
}

/// Hand-checked or instrumented reference events of one sensor's foot / leg, in sample indices of
/// that recording (same clock as `ImuSample::index_samples`).
struct ReferenceEvents {
  std::vector<std::uint64_t> ic_index_samples;  ///< initial contacts (heel strike / landing)
  std::vector<std::uint64_t> tc_index_samples;  ///< terminal contacts (toe-off)
  /// [first, last] sample of the part the reference covers (closed interval); unset = all.
  std::optional<std::pair<std::uint64_t, std::uint64_t>> scored_samples;
  /// [first, last] sample ranges of special parts (e.g. a 180° turn), closed intervals.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> turn_samples;

  GaitKind kind = GaitKind::kUnknown;
  /// Session figures the dataset's own truth definition gives (unset = it gives none).
  std::optional<double> cadence_steps_per_min;
  std::optional<double> distance_m;
  std::optional<double> contact_window_ms;  ///< median (contact end − IC), ms
  /// Strides (IC → next IC) longer than this are pauses or turns on the spot, left out of the
  /// reference cadence and distance; detections are scored by the same rule. Unset = no such rule.
  std::optional<double> max_stride_s;
  /// [IC, next IC] sample pairs of the reference strides that rule leaves out.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> stride_gap_samples;
};

/// One sensor stream of one trial, as listed (nothing loaded yet).
struct RecordingInfo {
  std::string id;       ///< unique in the dataset, e.g. "3-2_lf"
  int subject = 0;      ///< 1-based subject number (for subject-wise splits)
  int trial = 0;
  signal::Placement placement = signal::Placement::kUnknown;
  signal::BodySide side = signal::BodySide::kUnknown;
  std::vector<std::filesystem::path> files;  ///< what the adapter needs to load it
};

struct Recording {
  RecordingInfo info;
  signal::SensorInfo sensor;
  std::vector<signal::ImuSample> samples;
  ReferenceEvents reference;
};

class DatasetAdapter {
 public:
  virtual ~DatasetAdapter() = default;
  virtual std::string_view name() const noexcept = 0;
  /// Every recording found in `dir`, sorted by (subject, trial, side). Error if `dir` is unreadable.
  virtual tl::expected<std::vector<RecordingInfo>, std::string> list(const std::filesystem::path& dir) const = 0;
  /// Loads samples and reference events. Errors name the file and line.
  virtual tl::expected<Recording, std::string> load(const RecordingInfo& info) const = 0;
};

}  // namespace runload::bridge::datasets
