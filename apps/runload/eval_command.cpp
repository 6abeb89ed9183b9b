// runload eval DATASET_DIR | --simulated — accuracy of the gait pipeline against reference events:
// step detection P/R/F1, IC/TC timing error, cadence error, contact-time bias, distance error.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "cli.h"
#include "replay_session.h"
#include "runload/bridge/datasets/voisard_adapter.h"
#include "runload/core/event_scoring.h"
#include "session_json.h"
#include "sim_presets.h"

namespace runload::apps {

namespace {

namespace fs = std::filesystem;

struct EvalOptions {
  std::string dir;
  bool simulated = false;
  bool json = false;
};

/// Reference and detection of one recording, times in ms on the recording's sample clock.
struct Trial {
  std::vector<double> ref_ic, ref_tc, det_ic, det_tc;
  core::EventScoringSettings scoring;
  std::optional<double> ref_distance_m, det_distance_m;
  /// Annotated turns, ms (Voisard UTurnBoundaries): the straight-walking figures leave them out.
  std::optional<std::vector<std::pair<double, double>>> turns_ms;
};

struct DatasetScore {
  std::string name;
  int recordings = 0;
  core::EventScore ic, tc;
  std::vector<double> cadence_abs_errors_spm, gct_errors_ms;
  double ref_distance_m = 0.0, det_distance_m = 0.0;
  bool has_distance = false;
  // Straight walking only (datasets with annotated turns).
  bool has_turns = false;
  core::EventScore ic_straight;
  std::vector<double> cadence_straight_abs_errors_spm;

  void add(const Trial& t) {
    ++recordings;
    ic.merge(core::score_events(t.ref_ic, t.det_ic, t.scoring));
    tc.merge(core::score_events(t.ref_tc, t.det_tc, t.scoring));
    const auto gct = core::contact_time_errors_ms(t.ref_ic, t.ref_tc, t.det_ic, t.det_tc, t.scoring.tolerance_ms);
    gct_errors_ms.insert(gct_errors_ms.end(), gct.begin(), gct.end());
    // Cadence over the scored part (widened by the tolerance), the same window for the reference
    // and the detections, from this leg's ICs (strides → steps/min).
    const double lo = t.scoring.window_begin_ms.value_or(-1e300) - t.scoring.tolerance_ms;
    const double hi = t.scoring.window_end_ms.value_or(1e300) + t.scoring.tolerance_ms;
    const auto in_window = [&](const std::vector<double>& all) {
      std::vector<double> in;
      for (double x : all)
        if (x >= lo && x <= hi) in.push_back(x);
      return in;
    };
    const auto ref_in = in_window(t.ref_ic), det_in = in_window(t.det_ic);
    const auto c_ref = core::cadence_steps_per_min_one_foot(ref_in);
    const auto c_det = core::cadence_steps_per_min_one_foot(det_in);
    if (c_ref && c_det) cadence_abs_errors_spm.push_back(std::fabs(*c_det - *c_ref));
    if (t.turns_ms) {
      has_turns = true;
      core::EventScoringSettings straight = t.scoring;
      straight.excluded_ms.insert(straight.excluded_ms.end(), t.turns_ms->begin(), t.turns_ms->end());
      ic_straight.merge(core::score_events(t.ref_ic, t.det_ic, straight));
      const auto s_ref = core::cadence_steps_per_min_one_foot(ref_in, 2500.0, *t.turns_ms);
      const auto s_det = core::cadence_steps_per_min_one_foot(det_in, 2500.0, *t.turns_ms);
      if (s_ref && s_det) cadence_straight_abs_errors_spm.push_back(std::fabs(*s_det - *s_ref));
    }
    if (t.ref_distance_m && t.det_distance_m) {
      has_distance = true;
      ref_distance_m += *t.ref_distance_m;
      det_distance_m += *t.det_distance_m;
    }
  }
};

double ms(std::uint64_t index, float fs) { return static_cast<double>(index) * 1000.0 / static_cast<double>(fs); }

void add_detections(Trial& t, std::span<const signal::StepRecord> steps, float fs) {
  for (const auto& s : steps) {
    if (s.ic_index_samples) t.det_ic.push_back(ms(*s.ic_index_samples, fs));
    if (s.tc_index_samples) t.det_tc.push_back(ms(*s.tc_index_samples, fs));
  }
}

std::optional<double> mean(const std::vector<double>& v) {
  if (v.empty()) return std::nullopt;
  double s = 0.0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

ojson score_json(const DatasetScore& d) {
  const bool any = d.ic.true_positives + d.ic.false_negatives > 0;
  const auto opt = [&](double x) { return any ? std::optional<double>(x) : std::nullopt; };
  std::optional<double> distance_error;
  if (d.has_distance && d.ref_distance_m > 0.0) distance_error = (d.det_distance_m - d.ref_distance_m) / d.ref_distance_m * 100.0;
  std::optional<double> cadence_mae;
  if (const auto m = mean(d.cadence_abs_errors_spm)) cadence_mae = *m;
  std::optional<double> f1_straight, cadence_mae_straight;
  if (d.has_turns) {
    f1_straight = d.ic_straight.f1();
    cadence_mae_straight = mean(d.cadence_straight_abs_errors_spm);
  }
  return {{"name", d.name},
          {"recordings", d.recordings},
          {"step_f1", fixed(opt(d.ic.f1()), 4)},
          {"step_precision", fixed(opt(d.ic.precision()), 4)},
          {"step_recall", fixed(opt(d.ic.recall()), 4)},
          {"ic_mae_ms", fixed(opt(d.ic.mean_abs_error_ms()), 2)},
          {"ic_median_abs_ms", fixed(opt(d.ic.median_abs_error_ms()), 2)},
          {"ic_bias_ms", fixed(opt(d.ic.mean_error_ms()), 2)},
          {"tc_f1", fixed(opt(d.tc.f1()), 4)},
          {"tc_mae_ms", fixed(opt(d.tc.mean_abs_error_ms()), 2)},
          {"tc_median_abs_ms", fixed(opt(d.tc.median_abs_error_ms()), 2)},
          {"cadence_mae_spm", fixed(cadence_mae, 3)},
          {"gct_bias_ms", fixed(mean(d.gct_errors_ms), 2)},
          {"distance_error_pct", fixed(distance_error, 2)},
          {"step_f1_straight", fixed(f1_straight, 4)},
          {"cadence_mae_straight_spm", fixed(cadence_mae_straight, 3)}};
}

/// Voisard walking: IC/TC hand-labelled, scored inside TrialBoundaries (as the accuracy harness).
DatasetScore eval_voisard(const fs::path& dir) {
  const bridge::datasets::VoisardAdapter adapter;
  const auto list = adapter.list(dir);
  if (!list) throw RuntimeError(list.error());
  DatasetScore d;
  d.name = std::string(adapter.name());
  for (const auto& info : *list) {
    const auto rec = adapter.load(info);
    if (!rec) throw RuntimeError(rec.error());
    const float fs = rec->sensor.sample_rate_hz;
    signal::SessionPipelineSettings p;
    p.sample_rate_hz = fs;
    p.placement = signal::Placement::kFoot;
    p.side = rec->sensor.side;
    const auto steps = signal::SessionPipeline::run(rec->samples, p);
    Trial t;
    add_detections(t, steps, fs);
    for (auto i : rec->reference.ic_index_samples) t.ref_ic.push_back(ms(i, fs));
    for (auto i : rec->reference.tc_index_samples) t.ref_tc.push_back(ms(i, fs));
    t.scoring.tolerance_ms = 100.0;
    if (rec->reference.scored_samples) {
      t.scoring.window_begin_ms = ms(rec->reference.scored_samples->first, fs);
      t.scoring.window_end_ms = ms(rec->reference.scored_samples->second, fs);
    }
    t.turns_ms.emplace();
    for (const auto& [a, b] : rec->reference.turn_samples) t.turns_ms->emplace_back(ms(a, fs), ms(b, fs));
    d.add(t);
  }
  return d;
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
std::vector<DatasetScore> eval_simulated() {
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
    signal::SessionPipeline pipeline(p);
    std::vector<signal::StepRecord> steps;
    for (std::uint64_t produced = 0; produced < n; ++produced) {
      const signal::ImuSample s = sim.next();
      if (s.index_samples >= n) break;
      for (const auto& r : pipeline.update(s)) steps.push_back(r);
    }
    for (const auto& r : pipeline.finish()) steps.push_back(r);
    Trial t = truth_trial(sim.truth(), settings.sample_rate_hz);
    add_detections(t, steps, settings.sample_rate_hz);
    if (placement == signal::Placement::kFoot) {
      t.ref_distance_m = signal::summarise_truth(sim.truth(), placement, sim.schedule_duration_s()).distance_m;
      t.det_distance_m = pipeline.totals().distance_m;
    }
    DatasetScore d;
    d.name = placement == signal::Placement::kFoot ? "simulator-foot-1khz" : "simulator-shank-1khz";
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
std::vector<DatasetScore> eval_sim_dir(const std::vector<std::pair<fs::path, fs::path>>& pairs) {
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
    const ReplayResult r = replay_file(recording, options);
    const auto& sensor = r.sensors.front();
    const auto fs = truth["sample_rate_hz"].get<float>();
    Trial t;
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
    d.add(t);
  }
  std::vector<DatasetScore> out;
  for (auto& [name, d] : by_name) out.push_back(std::move(d));
  return out;
}

std::vector<DatasetScore> eval_dir(const fs::path& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) throw RuntimeError(dir.string() + " is not a directory");
  bool voisard_txt = false, json = false;
  std::vector<std::pair<fs::path, fs::path>> sim_pairs;
  std::vector<fs::path> entries;
  for (const auto& e : fs::directory_iterator(dir, ec)) entries.push_back(e.path());
  std::sort(entries.begin(), entries.end());
  for (const auto& p : entries) {
    if (is_voisard_file(p)) voisard_txt = true;
    if (p.extension() == ".json") json = true;
    if ((p.extension() == ".bin" || p.extension() == ".rlrec") && fs::is_regular_file(p))
      if (const auto truth = truth_file_for(p)) sim_pairs.emplace_back(p, *truth);
  }
  std::vector<DatasetScore> out;
  if (voisard_txt && json) out.push_back(eval_voisard(dir));
  if (!sim_pairs.empty())
    for (auto& d : eval_sim_dir(sim_pairs)) out.push_back(std::move(d));
  if (out.empty())
    throw RuntimeError(dir.string() +
                       ": no known dataset here (Voisard S-T_lf.txt + S-T.json, or runload sim recordings with truth JSON)");
  return out;
}

std::string text_report(const ojson& datasets) {
  std::string out;
  char line[512];
  std::snprintf(line, sizeof line, "%-24s %5s %7s %8s %8s %9s %9s %10s\n", "dataset", "recs", "step_F1", "IC_MAE",
                "TC_MAE", "cad_MAE", "GCT_bias", "dist_err");
  out += line;
  const auto num = [](const ojson& v, const char* unit) { return v.is_null() ? std::string("-") : v.dump() + unit; };
  for (const auto& d : datasets) {
    std::snprintf(line, sizeof line, "%-24s %5d %7s %8s %8s %9s %9s %10s\n", d["name"].get<std::string>().c_str(),
                  d["recordings"].get<int>(), num(d["step_f1"], "").c_str(), num(d["ic_mae_ms"], "ms").c_str(),
                  num(d["tc_mae_ms"], "ms").c_str(), num(d["cadence_mae_spm"], "spm").c_str(),
                  num(d["gct_bias_ms"], "ms").c_str(), num(d["distance_error_pct"], "%").c_str());
    out += line;
    if (!d["step_f1_straight"].is_null()) {
      std::snprintf(line, sizeof line, "  straight walking (turns left out): step_F1 %s, cad_MAE %s\n",
                    num(d["step_f1_straight"], "").c_str(), num(d["cadence_mae_straight_spm"], "spm").c_str());
      out += line;
    }
  }
  return out;
}

void run_eval(const EvalOptions& o) {
  std::vector<DatasetScore> scores = o.simulated ? eval_simulated() : eval_dir(o.dir);
  ojson datasets = ojson::array();
  for (const auto& d : scores) datasets.push_back(score_json(d));
  if (o.json) {
    std::cout << ojson{{"datasets", datasets}}.dump(2) << "\n";
  } else {
    std::cout << text_report(datasets);
  }
}

}  // namespace

void add_eval_command(CLI::App& app) {
  auto o = std::make_shared<EvalOptions>();
  CLI::App* cmd = app.add_subcommand("eval", "Accuracy of the gait pipeline on a dataset with reference events");
  cmd->footer(
      "Examples:\n  runload eval ../shared/datasets/voisard-ipol-2023-walking --json\n"
      "  runload eval --simulated            # 10-min foot + shank simulator sessions, 1 kHz\n"
      "  runload sim --out d/run.bin --duration 120 --truth d/run.bin.json && runload eval d");
  cmd->add_option("dataset_dir", o->dir, "Dataset directory (Voisard, or runload sim recordings + truth JSON)")
      ->check(CLI::ExistingDirectory);
  cmd->add_flag("--simulated", o->simulated, "Evaluate on the built-in simulator sessions instead of a directory");
  cmd->add_flag("--json", o->json, "Print {\"datasets\": [...]}");
  cmd->callback([o] {
    if (o->dir.empty() == !o->simulated) throw CLI::ValidationError("eval: give exactly one of DATASET_DIR and --simulated");
    run_eval(*o);
  });
}

}  // namespace runload::apps
