#pragma once
/// `runload eval` scoring: one recording's reference against the pipeline's detections (a Trial),
/// pooled per dataset (DatasetScore), as JSON and as the text table. The dataset drivers (which
/// files, which reference) are in eval_command.cpp.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "runload/core/event_scoring.h"
#include "session_json.h"

namespace runload::apps {

/// A running trial's session figures, each by the dataset's own rule (PyShoe: cadence = 120 / median
/// IC→IC stride and distance over foot-flats, strides longer than the gap rule left out of both).
struct RunningFigures {
  std::size_t samples = 0;
  double duration_s = 0.0;
  double sample_rate_hz = 0.0;
  std::size_t reference_strides = 0, detected_strides = 0;
  std::size_t stride_gaps = 0;  ///< reference strides left out by the gap rule
  std::optional<double> reference_cadence_spm, detected_cadence_spm;
  double reference_distance_m = 0.0;
  /// Σ stride_length_m of detected strides within the gap rule; nullopt without a distance source
  /// (e.g. no gyroscope: no ZUPT).
  std::optional<double> detected_distance_m;
  std::optional<double> session_distance_m;      ///< the pipeline's own session total
  std::optional<double> contact_window_ms;       ///< reference: median (contact end − IC)
  std::optional<double> contact_time_ms;         ///< detected: median contact time
  std::optional<double> duty_factor;             ///< detected: median
};

/// Reference and detection of one recording, times in ms on the recording's clock.
struct Trial {
  std::string id;
  std::vector<double> ref_ic, ref_tc, det_ic, det_tc;
  core::EventScoringSettings scoring;
  std::optional<double> ref_distance_m, det_distance_m;
  /// Annotated turns, ms (Voisard UTurnBoundaries): the straight-walking figures leave them out.
  std::optional<std::vector<std::pair<double, double>>> turns_ms;
  /// Set for running datasets: cadence and distance come from here, not from the IC list.
  std::optional<RunningFigures> running;
};

struct DatasetScore {
  std::string name;
  std::string kind;  ///< "running", "walking", "simulated"
  int recordings = 0;
  core::EventScore ic, tc;
  std::vector<double> cadence_abs_errors_spm, gct_errors_ms;
  double ref_distance_m = 0.0, det_distance_m = 0.0;
  bool has_distance = false;
  // Straight walking only (datasets with annotated turns).
  bool has_turns = false;
  core::EventScore ic_straight;
  std::vector<double> cadence_straight_abs_errors_spm;
  // Running datasets: the per-trial figures, pooled in json() (medians over trials).
  std::vector<RunningFigures> running;
  /// One row per recording, every per-trial figure.
  std::vector<ojson> trials;
  /// Set by `eval --decimate N`: N and the rate the pipeline ran at (Hz); json() then says so.
  int decimation_factor = 1;
  double scored_rate_hz = 0.0;

  void add(const Trial& t);
  ojson json() const;
};

/// The human-readable table of `runload eval` (one row per dataset, a running section per running
/// dataset with its per-trial rows). `datasets` is the `--json` array.
std::string eval_text_report(const ojson& datasets);

}  // namespace runload::apps
