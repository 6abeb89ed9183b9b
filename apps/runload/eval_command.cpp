// runload eval DATASET_DIR | --simulated — accuracy of the gait pipeline against reference events:
// step detection P/R/F1, IC/TC timing error, cadence error, contact-time bias, distance error; for
// running datasets also distance per trial, contact time against the reference window, duty factor.
// The scoring is in eval_score.cpp; here, which files and which reference.
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "cli.h"
#include "eval_score.h"
#include "replay_session.h"
#include "runload/bridge/datasets/pyshoe_adapter.h"
#include "runload/bridge/datasets/reference_dsp.h"
#include "runload/bridge/datasets/voisard_adapter.h"
#include "runload/signal/decimator.h"
#include "sim_presets.h"

namespace runload::apps {

namespace {

namespace fs = std::filesystem;

struct EvalOptions {
  std::string dir;
  bool simulated = false;
  bool json = false;
  bool accel_only = false;
  /// Keep one sample in N after an anti-alias low-pass (signal/decimator.h); 1 = the native rate.
  int decimate = 1;
};

/// Lowest rate --decimate may end at: below it a running stride's contact (≈ 200 ms) is a handful of
/// samples and the stance detector's windows no longer fit.
constexpr float kMinDecimatedRate_hz = 40.0f;

/// `rec` as a sensor at rate / factor would give it: samples through signal::Decimator, the sensor
/// rate divided; the reference is left as it is (indices on the native clock, converted to ms by the
/// callers with the native rate or times). nullopt for factor <= 1: use `rec` itself.
std::optional<bridge::datasets::Recording> decimated(const bridge::datasets::Recording& rec, int factor) {
  if (factor <= 1) return std::nullopt;
  bridge::datasets::Recording out;
  out.info = rec.info;
  out.sensor = rec.sensor;
  const float rate_hz = rec.sensor.sample_rate_hz / static_cast<float>(factor);
  if (!(rate_hz >= kMinDecimatedRate_hz)) {
    throw CLI::ValidationError(fmt::format("eval: --decimate {} takes {} ({:.0f} Hz) to {:.1f} Hz, below the {:.0f} Hz minimum",
                                           factor, rec.info.id, rec.sensor.sample_rate_hz, rate_hz,
                                           kMinDecimatedRate_hz));
  }
  signal::DecimatorSettings ds;
  ds.input_rate_hz = rec.sensor.sample_rate_hz;
  ds.factor = factor;
  signal::Decimator decimator(ds);
  out.samples.reserve(rec.samples.size() / static_cast<std::size_t>(factor) + 1);
  for (const auto& s : rec.samples)
    if (const auto y = decimator.update(s)) out.samples.push_back(*y);
  out.sensor.sample_rate_hz = decimator.output_rate_hz();
  return out;
}

/// The pipeline settings for a dataset recording; `accel_only` ignores its gyroscope.
signal::SessionPipelineSettings trial_settings(const bridge::datasets::Recording& rec, bool accel_only) {
  signal::SessionPipelineSettings p = dataset_pipeline_settings(rec);
  p.ignore_gyroscope = accel_only;
  return p;
}

double ms(std::uint64_t index, float fs) { return static_cast<double>(index) * 1000.0 / static_cast<double>(fs); }

void add_detections(Trial& t, std::span<const signal::StepRecord> steps, float fs) {
  for (const auto& s : steps) {
    if (s.ic_index_samples) t.det_ic.push_back(ms(*s.ic_index_samples, fs));
    if (s.tc_index_samples) t.det_tc.push_back(ms(*s.tc_index_samples, fs));
  }
}

/// Every recording `adapter` lists in `dir`, each turned into a Trial by `to_trial(recording)`.
template <typename ToTrial>
DatasetScore eval_adapter(const bridge::datasets::DatasetAdapter& adapter, const fs::path& dir, std::string kind,
                          ToTrial to_trial) {
  const auto list = adapter.list(dir);
  if (!list) throw RuntimeError(list.error());
  DatasetScore d;
  d.name = std::string(adapter.name());
  d.kind = std::move(kind);
  for (const auto& info : *list) {
    const auto rec = adapter.load(info);
    if (!rec) throw RuntimeError(rec.error());
    d.add(to_trial(*rec));
  }
  return d;
}

/// Voisard walking: IC/TC hand-labelled, scored inside TrialBoundaries (as the accuracy harness).
Trial walking_trial(const bridge::datasets::Recording& rec, bool accel_only, int decimate, double& scored_rate_hz) {
  const float fs = rec.sensor.sample_rate_hz;  // the reference's rate
  const auto decimated_rec = decimated(rec, decimate);
  const bridge::datasets::Recording& input = decimated_rec ? *decimated_rec : rec;
  scored_rate_hz = input.sensor.sample_rate_hz;
  const auto steps = signal::SessionPipeline::run(input.samples, trial_settings(input, accel_only));
  Trial t;
  t.id = rec.info.id;
  add_detections(t, steps, input.sensor.sample_rate_hz);
  for (auto i : rec.reference.ic_index_samples) t.ref_ic.push_back(ms(i, fs));
  for (auto i : rec.reference.tc_index_samples) t.ref_tc.push_back(ms(i, fs));
  t.scoring.tolerance_ms = 100.0;
  if (rec.reference.scored_samples) {
    t.scoring.window_begin_ms = ms(rec.reference.scored_samples->first, fs);
    t.scoring.window_end_ms = ms(rec.reference.scored_samples->second, fs);
  }
  t.turns_ms.emplace();
  for (const auto& [a, b] : rec.reference.turn_samples) t.turns_ms->emplace_back(ms(a, fs), ms(b, fs));
  return t;
}

/// One running trial: events on the recording's own clock (PyShoe's ts is irregular), cadence and
/// distance by the dataset's rule for the reference and the detections alike.
Trial running_trial(const bridge::datasets::Recording& rec, bool accel_only, int decimate, double& scored_rate_hz) {
  const auto time_ms = [](std::span<const signal::ImuSample> samples) {  // sample index → ms
    std::vector<double> out;
    out.reserve(samples.size());
    for (const auto& s : samples) out.push_back(static_cast<double>(signal::to_us(s.t_device)) / 1000.0);
    return out;
  };
  const std::vector<double> ref_t_ms = time_ms(rec.samples);  // the reference's own clock
  const auto decimated_rec = decimated(rec, decimate);
  const bridge::datasets::Recording& input = decimated_rec ? *decimated_rec : rec;
  scored_rate_hz = input.sensor.sample_rate_hz;
  signal::SessionTotals totals;
  const auto steps = signal::SessionPipeline::run(input.samples, trial_settings(input, accel_only), &totals);
  const std::vector<double> t_ms = decimated_rec ? time_ms(input.samples) : ref_t_ms;
  const auto in_range = [&](std::optional<std::uint64_t> i) { return i && *i < t_ms.size(); };

  Trial t;
  t.id = rec.info.id;
  t.scoring.tolerance_ms = 100.0;
  for (auto i : rec.reference.ic_index_samples) t.ref_ic.push_back(ref_t_ms[i]);
  for (auto i : rec.reference.tc_index_samples) t.ref_tc.push_back(ref_t_ms[i]);
  std::vector<std::pair<double, std::optional<float>>> strides;  // (IC ms, stride length m), by IC
  std::vector<double> contact_ms, duty;
  for (const auto& s : steps) {
    if (in_range(s.ic_index_samples)) {
      t.det_ic.push_back(t_ms[*s.ic_index_samples]);
      strides.emplace_back(t_ms[*s.ic_index_samples], s.stride_length_m);
    }
    if (in_range(s.tc_index_samples)) t.det_tc.push_back(t_ms[*s.tc_index_samples]);
    if (s.contact_time_ms) contact_ms.push_back(*s.contact_time_ms);
    if (s.duty_factor) duty.push_back(*s.duty_factor);
  }
  std::sort(strides.begin(), strides.end(), [](const auto& a, const auto& b) { return a.first < b.first; });

  const double max_stride_s = rec.reference.max_stride_s.value_or(std::numeric_limits<double>::infinity());
  RunningFigures r;
  r.samples = input.samples.size();
  r.duration_s = t_ms.empty() ? 0.0 : (t_ms.back() - t_ms.front()) / 1000.0;
  r.sample_rate_hz = input.sensor.sample_rate_hz;
  r.reference_strides = rec.reference.ic_index_samples.size();
  r.detected_strides = strides.size();
  r.stride_gaps = rec.reference.stride_gap_samples.size();
  r.reference_cadence_spm = rec.reference.cadence_steps_per_min;
  std::vector<double> det_ic_s;
  for (const auto& [ic_ms, length] : strides) det_ic_s.push_back(ic_ms / 1000.0);
  r.detected_cadence_spm = bridge::datasets::median_stride_cadence_steps_per_min(det_ic_s, max_stride_s);
  r.reference_distance_m = rec.reference.distance_m.value_or(0.0);
  // The same gap rule as the reference: a stride counts when its IC → next IC time is within it.
  if (totals.distance_m) {
    r.detected_distance_m = 0.0;
    for (std::size_t k = 0; k + 1 < strides.size(); ++k)
      if (strides[k].second && strides[k + 1].first - strides[k].first <= max_stride_s * 1000.0)
        *r.detected_distance_m += *strides[k].second;
  }
  r.session_distance_m = totals.distance_m;
  r.contact_window_ms = rec.reference.contact_window_ms;
  r.contact_time_ms = bridge::datasets::median(contact_ms);
  r.duty_factor = bridge::datasets::median(duty);
  t.ref_distance_m = r.reference_distance_m;
  t.det_distance_m = r.detected_distance_m;
  t.running = r;
  return t;
}

Trial truth_trial(std::span<const signal::GaitStrideTruth> truth, float fs) {
  Trial t;
  t.scoring.tolerance_ms = 100.0;
  for (const auto& s : truth) {
    if (s.ic_index_samples) t.ref_ic.push_back(ms(*s.ic_index_samples, fs));
    if (s.tc_index_samples) t.ref_tc.push_back(ms(*s.tc_index_samples, fs));
  }
  return t;
}

/// The in-memory simulator sessions (foot and shank, 10 min, 1 kHz).
std::vector<DatasetScore> eval_simulated(bool accel_only) {
  std::vector<DatasetScore> out;
  for (const auto placement : {signal::Placement::kFoot, signal::Placement::kShank}) {
    const auto settings = signal::accuracy_session_settings(placement);
    signal::GaitSimulator sim(settings);
    const auto n = static_cast<std::uint64_t>(sim.schedule_duration_s() * static_cast<double>(settings.sample_rate_hz));
    signal::SessionPipelineSettings p;
    p.sample_rate_hz = settings.sample_rate_hz;
    p.placement = placement;
    p.side = settings.side;
    p.accel_range_g = settings.accel_range_g;
    p.gyro_range_dps = settings.gyro_range_dps;
    p.ignore_gyroscope = accel_only;
    signal::SessionPipeline pipeline(p);
    std::vector<signal::StepRecord> steps;
    for (std::uint64_t produced = 0; produced < n; ++produced) {
      const signal::ImuSample s = sim.next();
      if (s.index_samples >= n) break;
      for (const auto& r : pipeline.update(s)) steps.push_back(r);
    }
    for (const auto& r : pipeline.finish()) steps.push_back(r);
    Trial t = truth_trial(sim.truth(), settings.sample_rate_hz);
    t.id = "simulated";
    add_detections(t, steps, settings.sample_rate_hz);
    if (placement == signal::Placement::kFoot) {
      t.ref_distance_m = signal::summarise_truth(sim.truth(), placement, sim.schedule_duration_s()).distance_m;
      t.det_distance_m = pipeline.totals().distance_m;
    }
    DatasetScore d;
    d.name = placement == signal::Placement::kFoot ? "simulator-foot-1khz" : "simulator-shank-1khz";
    d.kind = "simulated";
    d.add(t);
    out.push_back(std::move(d));
  }
  return out;
}

std::optional<fs::path> truth_file_for(const fs::path& recording) {
  for (const fs::path& candidate : {fs::path(recording.string() + ".json"), fs::path(recording).replace_extension(".json")})
    if (fs::is_regular_file(candidate)) return candidate;
  return std::nullopt;
}

/// A directory of `runload sim --out X --truth X.json` pairs: one dataset per placement.
std::vector<DatasetScore> eval_sim_dir(const std::vector<std::pair<fs::path, fs::path>>& pairs, bool accel_only) {
  std::map<std::string, DatasetScore> by_name;
  for (const auto& [recording, truth_path] : pairs) {
    std::ifstream in(truth_path);
    ojson truth;
    try {
      truth = ojson::parse(in);
    } catch (const std::exception&) {
      throw RuntimeError(truth_path.string() + ": not a runload sim truth file (invalid JSON)");
    }
    if (!truth.contains("steps") || !truth.contains("sample_rate_hz"))
      throw RuntimeError(truth_path.string() + ": not a runload sim truth file (no steps / sample_rate_hz)");
    ReplayOptions options;
    options.placement = truth.value("placement", std::string("foot"));
    options.accel_only = accel_only;
    const ReplayResult r = replay_file(recording, options);
    const auto& sensor = r.sensors.front();
    const auto fs = truth["sample_rate_hz"].get<float>();
    Trial t;
    t.id = recording.filename().string();
    t.scoring.tolerance_ms = 100.0;
    for (const auto& s : truth["steps"]) {
      if (!s["ic_index"].is_null()) t.ref_ic.push_back(ms(s["ic_index"].get<std::uint64_t>(), fs));
      if (!s["tc_index"].is_null()) t.ref_tc.push_back(ms(s["tc_index"].get<std::uint64_t>(), fs));
    }
    add_detections(t, sensor.steps, sensor.sample_rate_hz);
    const auto& ts = truth["summary"];
    if (sensor.placement == signal::Placement::kFoot && ts.contains("distance_m") && !ts["distance_m"].is_null()) {
      t.ref_distance_m = ts["distance_m"].get<double>();
      t.det_distance_m = sensor.totals.distance_m;
    }
    const std::string name = "sim-" + std::string(signal::to_string(sensor.placement));
    auto& d = by_name[name];
    d.name = name;
    d.kind = "simulated";
    d.add(t);
  }
  std::vector<DatasetScore> out;
  for (auto& [name, d] : by_name) out.push_back(std::move(d));
  return out;
}

std::vector<DatasetScore> eval_dir(const fs::path& dir, bool accel_only, int decimate) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw RuntimeError(dir.string() + " is not a directory");
  bool voisard_txt = false, json = false, mat = false;
  std::vector<std::pair<fs::path, fs::path>> sim_pairs;
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    const InputKind kind = input_kind(p);
    if (kind == InputKind::kVoisard) voisard_txt = true;
    if (p.extension() == ".json") json = true;
    if (fs::is_regular_file(p) && kind == InputKind::kPyShoe) mat = true;
    if ((p.extension() == ".bin" || p.extension() == ".rlrec") && fs::is_regular_file(p))
      if (const auto truth = truth_file_for(p)) sim_pairs.emplace_back(p, *truth);
  }
  std::vector<DatasetScore> out;
  double rate_hz = 0.0;  // the rate the last trial was scored at
  const auto walking = [&](const auto& rec) { return walking_trial(rec, accel_only, decimate, rate_hz); };
  const auto running = [&](const auto& rec) { return running_trial(rec, accel_only, decimate, rate_hz); };
  // The rate a decimated dataset was scored at: in its name (text report) and JSON fields.
  const auto mark_rate = [&](DatasetScore d) {
    if (decimate > 1) {
      d.decimation_factor = decimate;
      d.scored_rate_hz = rate_hz;
      d.name += " at " + std::to_string(static_cast<long>(std::lround(rate_hz))) + " Hz (decimated 1/" +
                std::to_string(decimate) + ")";
    }
    return d;
  };
  if (voisard_txt && json)
    out.push_back(mark_rate(eval_adapter(bridge::datasets::VoisardAdapter(), dir, "walking", walking)));
  // PyShoe VICON running: every MAT-file in the folder (by content), reference from the VICON foot
  // trajectory (pyshoe_truth.h).
  if (mat) out.push_back(mark_rate(eval_adapter(bridge::datasets::PyShoeAdapter(), dir, "running", running)));
  if (!sim_pairs.empty() && decimate > 1)
    throw CLI::ValidationError(
        "eval: --decimate works on Voisard and PyShoe datasets, not on runload sim recordings (simulate at the rate "
        "you want: runload sim --rate)");
  if (!sim_pairs.empty())
    for (auto& d : eval_sim_dir(sim_pairs, accel_only)) out.push_back(std::move(d));
  if (out.empty())
    throw RuntimeError(dir.string() +
                       ": no known dataset here (Voisard S-T_lf.txt + S-T.json, PyShoe .mat trials, or runload sim recordings with truth JSON)");
  return out;
}

void run_eval(const EvalOptions& o) {
  std::vector<DatasetScore> scores =
      o.simulated ? eval_simulated(o.accel_only) : eval_dir(o.dir, o.accel_only, o.decimate);
  if (o.accel_only)
    for (auto& d : scores) d.name += " (accelerometer only)";
  ojson datasets = ojson::array();
  for (const auto& d : scores) datasets.push_back(d.json());
  if (o.json) {
    std::cout << ojson{{"datasets", datasets}}.dump(2) << "\n";
  } else {
    std::cout << eval_text_report(datasets);
  }
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand("eval", "Accuracy of the gait pipeline on a dataset with reference events");
  cmd->footer(
      "Examples:\n  runload eval ../shared/datasets/voisard-ipol-2023-walking --json\n"
      "  runload eval ../shared/datasets/pyshoe-vicon-running     # running: per-trial table\n"
      "  runload eval --simulated            # 10-min foot + shank simulator sessions, 1 kHz\n"
      "  runload sim --out d/run.bin --duration 120 --truth d/run.bin.json && runload eval d");
  cmd->add_option("dataset_dir", o->dir, "Dataset directory (Voisard, PyShoe .mat trials, or runload sim recordings + truth JSON)")
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--simulated", o->simulated, "Evaluate on the built-in simulator sessions instead of a directory");
  cmd->add_flag("--json", o->json, "Print {\"datasets\": [...]}, each with its per-recording rows in \"trials\"");
  cmd->add_flag("--accel-only", o->accel_only, "Ignore the gyroscope: score the accelerometer-only event method");
  cmd->add_option("--decimate", o->decimate,
                  "Score at 1/N of the recording's rate: anti-alias low-pass at 0.4 x the new rate, then every N-th "
                  "sample (Voisard, PyShoe; the reference keeps its own clock; the new rate must be >= 40 Hz)");
  cmd->callback([o] {
    if (o->dir.empty() == !o->simulated) throw CLI::ValidationError("eval: give exactly one of DATASET_DIR and --simulated");
    if (o->decimate < 1)
      throw CLI::ValidationError("eval: --decimate N needs a whole number N >= 1 (got " + std::to_string(o->decimate) +
                                 ")");
    if (o->decimate > 1 && o->simulated)
      throw CLI::ValidationError("eval: --decimate does not apply to --simulated (its sessions are made at 1 kHz)");
    run_eval(*o);
  });
}

}  // namespace runload::apps
