#pragma once
/// Runs the signal pipeline over one recording: a runload `.rlrec`, a raw capture (runload, x-IMU3,
/// Xsens) or a public-dataset file (Voisard `S-T_lf.txt`, a PyShoe MAT-file recognised by content). Shared by `runload replay` and `runload eval`.
/// Streaming: bytes are decoded block by block and samples go straight into one SessionPipeline per
/// stream, so memory holds only the per-step records.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runload/bridge/datasets/dataset_adapter.h"
#include "runload/bridge/decoder_stats.h"
#include "runload/signal/session_pipeline.h"

namespace runload::apps {

struct ReplayOptions {
  /// Used when the recording does not say (no DEVICE_INFO): "foot" or "shank".
  std::string placement = "foot";
  /// Shank distance fallback and user distance (see SessionPipelineSettings / SessionSummarySettings).
  std::optional<float> step_length_m;
  std::optional<double> distance_m;
  /// Ignore the gyroscope: what an accelerometer-only sensor would give (SessionPipelineSettings).
  bool accel_only = false;
  /// Pace the replay at the recording's sample rate (live-like) instead of as fast as possible.
  bool realtime = false;
  /// Called with the fraction done (0..1) now and then (progress on stderr).
  std::function<void(double)> progress;
};

struct SensorReplay {
  int stream_id = 0;
  signal::Placement placement = signal::Placement::kUnknown;
  signal::BodySide side = signal::BodySide::kUnknown;
  float sample_rate_hz = 0.0f;
  std::vector<signal::StepRecord> steps;
  signal::SessionTotals totals;
  signal::SessionSummary summary;
  /// Samples left out: another device (a different DEVICE_INFO serial) was on this stream.
  std::uint64_t other_device_samples = 0;
};

struct ReplayResult {
  std::string format;  ///< "runload", "ximu3", "ximu3-csv", "xsens", "voisard", "pyshoe"
  std::vector<SensorReplay> sensors;  ///< by stream id
  /// The session: the one sensor's summary, or left+right combined.
  signal::SessionSummary summary;
  std::optional<bridge::DecoderStats> decoder;
  bool truncated = false;
};

/// The pipeline settings for a public-dataset recording (a foot sensor; rate, side and ranges from
/// the adapter): `replay` and `eval` run the same pipeline on it.
signal::SessionPipelineSettings dataset_pipeline_settings(const bridge::datasets::Recording& rec);

/// What an input file is. Decided in one place for `replay`, `replay DIR`, `eval` and `inspect`.
enum class InputKind : std::uint8_t {
  kVoisard,    ///< a Voisard foot file (`S-T_lf.txt` / `S-T_rf.txt`, by name) beside its `S-T.json`
  kPyShoe,     ///< a PyShoe VICON trial (MAT v5, by its header whatever the name)
  kRecording,  ///< a runload `.rlrec` (by its header); the protocol is in the recording
  kCapture,    ///< anything else: a raw byte stream or an x-IMU3 CSV log, protocol by content
};
InputKind input_kind(const std::filesystem::path& path);

/// A Voisard or PyShoe file as a dataset recording. RuntimeError (naming the file) when unreadable.
bridge::datasets::Recording load_dataset_file(const std::filesystem::path& path, InputKind kind);

/// True for a file `runload replay DIR` picks up: .rlrec, .bin/.raw captures, x-IMU3 `Inertial.csv`
/// logs (by their header), Voisard files, MAT-files (by their header, whatever the name).
bool is_replayable_file(const std::filesystem::path& path);

/// The recordings `runload replay DIR` replays, sorted: the replayable files in DIR, and x-IMU3 CSV
/// logs in the folders the x-IMU3 GUI writes below it (`DIR/<device>/Inertial.csv`, two levels deep).
/// RuntimeError when DIR cannot be listed or holds none.
std::vector<std::filesystem::path> replayable_files_in(const std::filesystem::path& dir);

/// Fills each sensor's summary and the session summary (left+right combined, else the sensor with the
/// most samples) from the sensors' steps and totals.
void summarise_replay(ReplayResult& result, const ReplayOptions& options);

/// Replays one file. Throws RuntimeError (one line, naming the file) when it cannot be read or
/// decoded at all.
ReplayResult replay_file(const std::filesystem::path& path, const ReplayOptions& options);

}  // namespace runload::apps
