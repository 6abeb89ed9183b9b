// runload replay FILE|DIR — run the signal pipeline on recordings and print per-session (and
// per-step) metrics. Deterministic: the same input gives byte-identical output.
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "cli.h"
#include "replay_session.h"
#include "runload/core/distance_unit.h"
#include "session_json.h"

namespace runload::apps {

namespace {

namespace fs = std::filesystem;

struct ReplayCliOptions {
  std::string input;
  bool json = false;
  bool steps = false;
  bool progress = false;
  std::string csv;
  std::string out;
  std::string speed = "max";
  std::string placement = "foot";
  std::optional<float> step_length_m;
  std::optional<double> distance_m;
  bool accel_only = false;
};

std::vector<fs::path> inputs(const std::string& input) {
  std::error_code ec;
  if (!fs::is_directory(input, ec)) return {fs::path(input)};
  return replayable_files_in(input);
}

ojson result_json(const std::string& file, const ReplayResult& r, bool with_steps) {
  ojson j;
  j["file"] = file;
  j["format"] = r.format;
  j["summary"] = summary_json(r.summary);
  ojson sensors = ojson::array();
  for (const auto& s : r.sensors)
    sensors.push_back({{"stream_id", s.stream_id},
                       {"placement", std::string(signal::to_string(s.placement))},
                       {"side", std::string(signal::to_string(s.side))},
                       {"event_method", std::string(signal::to_string(s.summary.event_method))},
                       {"sample_rate_hz", fixed(std::optional<double>(s.sample_rate_hz), 3)},
                       {"strides", s.summary.strides},
                       {"cadence_steps_per_min", fixed(s.summary.cadence_steps_per_min, 2)},
                       {"gct_ms", fixed(s.summary.contact_time_ms, 1)},
                       {"pta_g", fixed(s.summary.pta_g_mean, 3)},
                       {"distance_m", fixed(s.summary.distance_m, 2)},
                       {"other_device_samples", s.other_device_samples}});
  j["sensors"] = sensors;
  if (r.decoder) {
    const auto& d = *r.decoder;
    j["stream"] = {{"frames", d.frames},       {"samples", d.samples},     {"checksum_errors", d.checksum_errors},
                   {"malformed", d.malformed}, {"resyncs", d.resyncs},     {"lost_samples", d.lost_samples},
                   {"duplicates", d.duplicates}, {"restarts", d.restarts},
                   {"truncated", r.truncated}};
  }
  if (with_steps) {
    ojson steps = ojson::array();
    for (const auto& s : r.sensors)
      for (const auto& step : s.steps) steps.push_back(step_json(step, s.stream_id));
    j["steps_detail"] = steps;
  }
  return j;
}

std::string text_line(const char* label, const ojson& v, const char* unit) {
  std::string value = v.is_null() ? "-" : v.is_string() ? v.get<std::string>() : v.dump();
  std::string line = std::string(label);
  line.resize(std::max<std::size_t>(line.size() + 1, 22), ' ');
  return line + value + (v.is_null() ? "" : unit) + "\n";
}

std::string result_text(const std::string& file, const ojson& j) {
  const ojson& s = j["summary"];
  std::string out = "file                  " + file + " (" + j["format"].get<std::string>() + ")\n";
  out += text_line("placement", s["placement"], "");
  if (s["event_method"] == "accel_impact")
    out += text_line("events", ojson("accelerometer only (impacts): no contact time or technique"), "");
  out += text_line("duration", s["duration_s"], " s");
  out += text_line("moving time", s["moving_time_s"], " s");
  out += text_line("distance", s["distance_m"], " m");
  out += text_line("steps", s["steps"], "");
  out += text_line("cadence", s["cadence_steps_per_min"], " steps/min");
  out += text_line("cadence CV", s["cadence_cv_pct"], " %");
  out += text_line("contact time", s["gct_ms"], " ms");
  out += text_line("PTA mean", s["pta_g"], " g");
  out += text_line("PTA p95", s["pta_p95_g"], " g");
  out += text_line("stride length", s["stride_length_m"], " m");
  out += text_line("speed", s["speed_mps"], " m/s");
  if (s["speed_mps"].is_number() && s["speed_mps"].get<double>() > 0.0) {
    out += text_line("pace", ojson(core::format_pace(1000.0 / s["speed_mps"].get<double>(), 1000.0, core::DistanceUnit::kKm)), "");
  }
  out += text_line("cadence drop", s["drift"]["cadence_drop_pct"], " %");
  out += text_line("PTA rise", s["drift"]["pta_rise_pct"], " %");
  out += text_line("lost samples", s["lost_samples"], "");
  for (const auto& sensor : j["sensors"]) {
    if (sensor["other_device_samples"].get<std::uint64_t>() > 0) {
      out += text_line("other device", ojson(fmt::format("{} samples of stream {} left out (another sensor on the link)",
                                                         sensor["other_device_samples"].get<std::uint64_t>(),
                                                         sensor["stream_id"].get<int>())),
                       "");
    }
  }
  for (const char* m : {"cadence", "gct", "impact", "distance"}) {
    const ojson& q = s["quality"][m];
    std::string reasons;
    for (const auto& r : q["reasons"]) reasons += (reasons.empty() ? " (" : ", ") + r.get<std::string>();
    if (!reasons.empty()) reasons += ")";
    out += text_line((std::string("quality ") + m).c_str(), ojson(q["status"].get<std::string>() + reasons), "");
  }
  return out;
}

/// One row per file of a batch: the summary metrics, or the error, with the path relative to the input.
constexpr const char* kSummaryCsvHeader =
    "file,format,duration_s,steps,cadence_steps_per_min,gct_ms,pta_g,distance_m,lost_samples,error\n";

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (const char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string summary_csv_row(const std::string& file, const ReplayResult* r, const std::string& error) {
  if (r == nullptr) return csv_field(file) + ",,,,,,,,," + csv_field(error) + "\n";
  const auto cell = [](const ojson& v) { return v.is_null() ? std::string() : v.dump(); };
  const ojson s = summary_json(r->summary);
  return fmt::format("{},{},{},{},{},{},{},{},{},\n", csv_field(file), r->format, cell(s["duration_s"]), r->summary.steps,
                     cell(s["cadence_steps_per_min"]), cell(s["gct_ms"]), cell(s["pta_g"]), cell(s["distance_m"]),
                     cell(s["lost_samples"]));
}

/// Batch mode (--out DIR): every file replayed on its own worker thread (all cores), each written to
/// DIR/<name>.json (with per-step detail) and DIR/<name>.steps.csv. A file that fails is reported
/// and the others still finish; the exit code says whether all succeeded.
void run_batch(const std::vector<fs::path>& files, const ReplayOptions& options, const ReplayCliOptions& o) {
  std::error_code ec;
  fs::create_directories(o.out, ec);
  if (ec) throw RuntimeError("cannot create " + o.out + ": " + ec.message());
  std::vector<std::string> lines(files.size());
  std::vector<std::string> errors(files.size());
  std::vector<std::string> rows(files.size());
  const fs::path base = fs::is_directory(o.input) ? fs::path(o.input) : fs::path(o.input).parent_path();
  std::atomic<std::size_t> next{0};
  const auto worker = [&] {
    for (std::size_t i = next++; i < files.size(); i = next++) {
      const std::string name = files[i].string();
      try {
        const ReplayResult r = replay_file(files[i], options);
        // Named by the path below the input: two x-IMU3 devices' Inertial.csv files do not collide.
        std::string flat = files[i].lexically_relative(base).string();
        std::replace(flat.begin(), flat.end(), '/', '_');
        const std::string stem = (fs::path(o.out) / flat).string();
        std::ofstream json(stem + ".json", std::ios::binary);
        json << result_json(name, r, true).dump(2) << "\n";
        std::ofstream csv(stem + ".steps.csv", std::ios::binary);
        csv << step_csv_header();
        for (const auto& sensor : r.sensors)
          for (const auto& step : sensor.steps) csv << step_csv_row(name, sensor.stream_id, step);
        if (!json.flush() || !csv.flush()) throw RuntimeError("cannot write " + stem + ".json");
        lines[i] = fmt::format("{}: {} steps, {} -> {}.json", name, r.summary.steps, r.format, stem);
        rows[i] = summary_csv_row(files[i].lexically_relative(base).string(), &r, "");
      } catch (const std::exception& e) {
        errors[i] = e.what();
        rows[i] = summary_csv_row(files[i].lexically_relative(base).string(), nullptr, e.what());
      }
    }
  };
  const unsigned threads = std::max(1u, std::min<unsigned>(std::thread::hardware_concurrency(), static_cast<unsigned>(files.size())));
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (auto& t : pool) t.join();
  std::ofstream summary(fs::path(o.out) / "summary.csv", std::ios::binary);
  summary << kSummaryCsvHeader;
  for (const auto& row : rows) summary << row;
  if (!summary.flush()) throw RuntimeError("cannot write " + (fs::path(o.out) / "summary.csv").string());
  std::size_t failed = 0;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (errors[i].empty()) {
      std::cout << lines[i] << "\n";
    } else {
      ++failed;
      std::cerr << "runload: error: " << errors[i] << "\n";
    }
  }
  if (failed > 0) throw RuntimeError(fmt::format("{} of {} recordings could not be replayed", failed, files.size()));
}

void run_replay(const ReplayCliOptions& o) {
  const auto files = inputs(o.input);
  ReplayOptions options;
  options.placement = o.placement;
  options.step_length_m = o.step_length_m;
  options.distance_m = o.distance_m;
  options.accel_only = o.accel_only;
  options.realtime = o.speed == "realtime";
  if (!o.out.empty()) return run_batch(files, options, o);
  // --csv - : the per-step CSV on stdout (for a pipe); the summary text then goes to stderr.
  const bool csv_to_stdout = o.csv == "-";
  if (csv_to_stdout && o.json) throw CLI::ValidationError("--csv", "--csv - writes CSV to stdout: leave out --json");
  std::ofstream csv_file;
  std::ostream* csv = nullptr;
  if (csv_to_stdout) {
    csv = &std::cout;
  } else if (!o.csv.empty()) {
    csv_file.open(o.csv, std::ios::binary);
    if (!csv_file) throw RuntimeError("cannot write " + o.csv);
    csv = &csv_file;
  }
  if (csv != nullptr) *csv << step_csv_header();
  ojson all = ojson::array();
  std::string text;
  for (const auto& path : files) {
    const std::string name = path.string();
    if (o.progress) {
      options.progress = [name](double f) { std::fprintf(stderr, "runload: replay %s %3.0f %%\n", name.c_str(), f * 100.0); };
    }
    const ReplayResult r = replay_file(path, options);
    if (csv != nullptr)
      for (const auto& s : r.sensors)
        for (const auto& step : s.steps) *csv << step_csv_row(name, s.stream_id, step);
    const ojson j = result_json(name, r, o.steps);
    if (o.json) {
      all.push_back(j);
    } else {
      text += (text.empty() ? "" : "\n") + result_text(name, j);
    }
  }
  if (csv != nullptr && !csv->flush()) throw RuntimeError("cannot write " + o.csv);
  if (!o.json) {
    (csv_to_stdout ? std::cerr : std::cout) << text;
  } else if (files.size() == 1 && !fs::is_directory(o.input)) {
    std::cout << all.front().dump(2) << "\n";
  } else {
    std::cout << all.dump(2) << "\n";  // DIR: one object per file, sorted by name
  }
}

}  // namespace

void add_replay_command(CLI::App& app) {
  auto o = std::make_shared<ReplayCliOptions>();
  CLI::App* cmd = app.add_subcommand("replay", "Run the gait pipeline on recordings and print per-session / per-step metrics");
  cmd->footer(
      "Example: runload replay datasets/sim_foot_run_1khz_20s.bin --json --steps --csv steps.csv\n"
      "  FILE: a runload .rlrec recording, a raw capture (runload, x-IMU3, Xsens), a Voisard S-T_lf.txt file\n"
      "        or a PyShoe VICON trial (.mat, MAT v5; recognised by content).\n"
      "  DIR: every such file in it (sorted); --json then prints an array, one object per file.");
  cmd->add_option("input", o->input, "Recording, capture or dataset file, or a directory of them")->required()->check(CLI::ExistingPath);
  cmd->add_flag("--json", o->json, "Print JSON (an object per file: summary, sensors, stream, steps_detail)");
  cmd->add_flag("--steps", o->steps, "Include per-step metrics (steps_detail) in the JSON");
  cmd->add_flag("--progress", o->progress, "Report progress on stderr");
  cmd->add_option("--csv", o->csv, "Write per-step metrics as CSV to FILE ('-': stdout, the summary then on stderr)");
  cmd->add_option("--out", o->out, "Batch: write DIR/<file>.json and DIR/<file>.steps.csv for every input, using all cores, "
                                  "and DIR/summary.csv with one row per file (paths relative to the input)");
  cmd->add_option("--speed", o->speed, "max (as fast as possible) or realtime (paced at the sample rate)")
      ->check(CLI::IsMember({"max", "realtime"}))
      ->capture_default_str();
  cmd->add_option("--placement", o->placement, "Placement when the recording has no DEVICE_INFO: foot or shank")
      ->check(CLI::IsMember({"foot", "shoe", "shank", "knee"}))
      ->capture_default_str();
  cmd->add_option("--step-length", o->step_length_m, "Shank distance fallback: calibrated step length, m")
      ->check(CLI::Range(0.2f, 3.0f));
  cmd->add_option("--distance", o->distance_m, "Known session distance, m (overrides the estimate; splits follow it)")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_flag("--accel-only", o->accel_only,
                "Ignore the gyroscope: events from the accelerometer's impacts alone (automatic when a recording has "
                "no gyroscope)");
  cmd->callback([o] { run_replay(*o); });
}

}  // namespace runload::apps
