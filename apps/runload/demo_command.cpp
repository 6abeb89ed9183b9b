// runload demo — the README's main job, no hardware needed: a left-shoe and a left-shank sensor
// emulated at 1 kHz on pseudo-terminals, read live through the serial path with the live view, the
// session stored in a fresh store with a few weeks of synthetic history, then the session summary,
// the training-load status, the risk flags and an HTML report.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

#include "cli.h"
#include "html_report.h"
#include "live_session.h"
#include "runload/bridge/emulator_output.h"
#include "runload/core/report_text.h"
#include "runload/core/risk_report.h"
#include "runload/signal/gait_simulator.h"
#include "run_summary.h"
#include "session_store.h"
#include "sim_presets.h"
#include "store_options.h"
#include "version.h"
#include "web_views.h"

namespace runload::apps {

namespace {

struct DemoOptions {
  double duration_s = 20.0;
  std::string store;
  std::string report;
};

/// One emulated sensor streaming on its own pty from its own thread.
struct EmulatedSensor {
  std::unique_ptr<signal::GaitSimulator> simulator;
  std::unique_ptr<bridge::SensorEmulator> emulator;
  std::unique_ptr<bridge::EmulatorOutput> output;
  bridge::EmulatorReport report;
  std::thread thread;
};

std::unique_ptr<EmulatedSensor> start_sensor(signal::Placement placement, std::uint8_t stream_id, double duration_s) {
  auto sensor = std::make_unique<EmulatedSensor>();
  signal::GaitSimulatorSettings gait;
  gait.sample_rate_hz = 1000.0f;
  gait.placement = placement;
  gait.side = signal::BodySide::kLeft;
  gait.accel_range_g = 32.0f;
  gait.gyro_range_dps = 4000.0f;
  gait.seed = 42u + stream_id;
  gait.schedule = *schedule_preset("run", duration_s, 3.3f, std::nullopt);
  sensor->simulator = std::make_unique<signal::GaitSimulator>(gait);
  const auto total = static_cast<std::uint64_t>(sensor->simulator->schedule_duration_s() * 1000.0);
  auto* simulator = sensor->simulator.get();
  auto produced = std::make_shared<std::uint64_t>(0);
  bridge::EmulatorSettings settings;
  settings.stream_id = stream_id;
  settings.info.serial = placement == signal::Placement::kFoot ? "DEMO-LEFT-SHOE" : "DEMO-LEFT-SHANK";
  settings.info.placement = placement;
  settings.info.side = signal::BodySide::kLeft;
  settings.info.sample_rate_hz = 1000.0f;
  settings.info.accel_range_g = 32.0f;
  settings.info.gyro_range_dps = 4000.0f;
  sensor->emulator = std::make_unique<bridge::SensorEmulator>(
      settings,
      [simulator, produced, total]() -> std::optional<signal::ImuSample> {
        if (*produced >= total) return std::nullopt;
        ++*produced;
        return simulator->next();
      },
      1000.0f);
  sensor->output = bridge::make_pty_output(std::nullopt);
  auto* s = sensor.get();
  sensor->thread = std::thread([s] { s->report = bridge::run_emulator(*s->emulator, *s->output, {}); });
  return sensor;
}

/// Five weeks before today: easy runs every other day with sensor metrics, then a long run two days
/// ago (a single-session spike), so load and risk have context.
void seed_history(store::Store& s, const core::Athlete& athlete, std::int64_t shoe_id, core::Date today) {
  std::vector<store::StoredSession> runs;
  for (int day = 35; day >= 3; day -= 2) {
    store::StoredSession run;
    core::Session& x = run.session;
    x.athlete_id = athlete.id;
    x.date = today - std::chrono::days{day};
    x.distance_m = 7000.0 + 150.0 * static_cast<double>(day % 7);
    x.duration_s = x.distance_m / 3.0;
    x.rpe = 4.0;
    x.shoe_id = shoe_id;
    x.surface = core::Surface::kRoad;
    x.placements = {signal::Placement::kFoot, signal::Placement::kShank};
    x.metrics.cadence_steps_per_min = 171.0 + 0.3 * static_cast<double>(day % 5);
    x.metrics.gct_ms = 252.0 - 0.5 * static_cast<double>(day % 4);
    x.metrics.pta_g = 7.6 + 0.05 * static_cast<double>(day % 3);
    x.metrics.speed_mps = 3.3;
    x.metrics.step_count = x.duration_s * 171.0 / 60.0;
    run.source = "demo-history";
    runs.push_back(run);
  }
  store::StoredSession long_run = runs.back();
  long_run.session.date = today - std::chrono::days{2};
  long_run.session.distance_m = 16000.0;
  long_run.session.duration_s = 16000.0 / 3.1;
  long_run.session.rpe = 7.0;
  runs.push_back(long_run);
  if (auto r = s.add_sessions(runs); !r) throw RuntimeError(r.error());
  // The days between runs were logged as rest days: zero load, not missing data.
  for (int day = 36; day >= 1; --day) {
    const core::Date date = today - std::chrono::days{day};
    const bool ran = std::any_of(runs.begin(), runs.end(), [&](const auto& r) { return r.session.date == date; });
    if (!ran) {
      if (auto r = s.add_rest_day({athlete.id, date}); !r) throw RuntimeError(r.error());
    }
  }
}

void run_demo(const DemoOptions& o) {
  // A fresh store in a temporary directory unless --store is given.
  std::string store_path = o.store;
  if (store_path.empty()) {
    std::string dir_template = (std::filesystem::temp_directory_path() / "runload-demo-XXXXXX").string();
    if (::mkdtemp(dir_template.data()) == nullptr) throw RuntimeError("cannot create a temporary directory");
    store_path = dir_template + "/runload.db";
  }
  auto s = open_store(store_path);
  const auto [today, now_s] = local_now();
  core::Athlete athlete;
  athlete.name = "Demo Runner";
  athlete.body_mass_kg = 68.0;
  if (const auto existing = s.find_athlete(athlete.name)) {
    athlete = *existing;
  } else {
    const auto id = s.add_athlete(athlete);
    if (!id) throw RuntimeError(id.error());
    athlete.id = *id;
    core::Shoe shoe;
    shoe.athlete_id = athlete.id;
    shoe.name = "Demo Trainer";
    shoe.budget_km = 700.0;
    shoe.initial_km = 420.0;
    const auto shoe_id = s.add_shoe(shoe);
    if (!shoe_id) throw RuntimeError(shoe_id.error());
    seed_history(s, athlete, *shoe_id, today);
  }

  // The devices: left shoe (stream 0) and left shank (stream 2), each on its own pty.
  std::cout << "runload demo: emulated left-shoe and left-shank sensors at 1 kHz on pseudo-terminals\n";
  auto foot = start_sensor(signal::Placement::kFoot, 0, o.duration_s);
  auto shank = start_sensor(signal::Placement::kShank, 2, o.duration_s);
  std::cout << "  shoe  " << foot->output->address() << "\n  shank " << shank->output->address() << "\n" << std::flush;

  // The host: the same serial path `runload record --serial` uses, one link per sensor, one recording.
  const auto recordings = recordings_dir(store_path);
  std::filesystem::create_directories(recordings);
  const std::string recording = (recordings / fmt::format("demo_{}_{:05d}.rlrec", core::to_iso_string(today), now_s)).string();
  pb::RecordingHeader header;
  header.set_protocol("runload");
  header.set_source("serial:" + foot->output->address() + " serial:" + shank->output->address());
  header.set_runload_version(std::string(runload_version()));
  auto created = bridge::RecordingWriter::create(recording, header);
  if (!created) throw RuntimeError(created.error());
  std::optional<bridge::RecordingWriter> writer(std::move(*created));

  boost::asio::io_context io;
  LiveSession session(io, LiveSession::Settings{}, &*writer);
  for (const auto* sensor : {foot.get(), shank.get()}) {
    bridge::LinkEndpoint endpoint;
    endpoint.address = sensor->output->address();
    session.add_link(endpoint, {});
  }
  const bool view = ::isatty(STDERR_FILENO) != 0;
  LiveView live_view(stderr);
  const auto started = std::chrono::steady_clock::now();
  boost::asio::steady_timer tick(io);
  session.watch(tick, view ? &live_view : nullptr, [&] {
    session.stop();
    io.stop();
  });
  io.run_for(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::duration<double>(o.duration_s + 20.0)));
  if (view) {
    live_view.draw(session, std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    live_view.close();
  }
  foot->thread.join();
  shank->thread.join();
  if (!writer->flush()) throw RuntimeError("cannot write " + recording);
  writer.reset();

  const auto stats = session.stats();
  const auto sent = foot->report.samples_sent + shank->report.samples_sent;
  std::cout << fmt::format("\nlive link: {} of {} samples received, {} lost, {} checksum errors\n", stats.samples, sent,
                           stats.lost_samples, stats.checksum_errors);
  if (stats.samples != sent) throw RuntimeError("the demo lost samples on the pty links");

  // The session: replayed from its recording (the same numbers `runload replay` gives), then stored.
  const ReplayResult replay = replay_file(recording, {});
  SessionLog log;
  log.shoe = "Demo Trainer";
  log.surface = core::Surface::kRoad;
  log.rpe = 5.0;
  log.source = "demo";
  const std::int64_t session_id =
      store_replayed_session(s, athlete, replay, recording, log, local_start_ending_now(replay.summary.duration_s));
  const core::RiskConfig config;
  // What a runner reads after `record`: the same summary.
  std::cout << fmt::format("\n{} sensors, stored in {}\n", replay.sensors.size(), s.name())
            << run_summary_text(s, session_id, config);

  const auto history = s.history(athlete.id);
  if (!history) throw RuntimeError(history.error());
  std::cout << "\n" << core::render_load_status_text(core::estimate_load_status(*history, today, config.load));
  std::cout << "\n" << core::render_risk_report_text(core::build_risk_report(*history, today, config));

  ViewOptions view_options;
  view_options.as_of = today;
  const std::string report_path =
      o.report.empty() ? (recordings_dir(store_path).parent_path() / "demo-report.html").string() : o.report;
  {
    std::ofstream out(report_path, std::ios::binary | std::ios::trunc);
    out << render_html_report(athlete_view_json(s, athlete, view_options), "runload — " + athlete.name);
    if (!out.flush()) throw RuntimeError("cannot write " + report_path);
  }
  std::cout << "\nHTML report: " << report_path << "\n";
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto o = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand(
      "demo", "Emulated shoe + shank sensors live through the serial path, stored with history, load, risk, report");
  cmd->footer("Example: runload demo\n         runload demo --store ~/runload-demo.db --duration 30");
  cmd->add_option("--duration", o->duration_s, "Seconds of emulated running")->check(CLI::Range(10.0, 600.0))->capture_default_str();
  cmd->add_option("--store", o->store, "Session store (default: a fresh one in a temporary directory)");
  cmd->add_option("--report", o->report, "Where to write the HTML report (default: beside the store)");
  cmd->callback([o] { run_demo(*o); });
}

}  // namespace runload::apps
