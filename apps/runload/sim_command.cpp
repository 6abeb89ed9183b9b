// runload sim — a sensor emulator: a synthetic gait stream played as a device over a pty, a tty,
// TCP, UDP or into a file, with exact fault accounting (--report).
#include <csignal>
#include <fstream>
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli.h"
#include "endpoint_args.h"
#include "runload/bridge/emulator_output.h"
#include "runload/bridge/recording_player.h"
#include "runload/signal/gait_simulator.h"
#include "session_json.h"
#include "sim_presets.h"

namespace runload::apps {

namespace {

std::atomic<bool> g_sim_stop{false};
extern "C" void on_sim_signal(int) { g_sim_stop.store(true); }

struct SimOptions {
  std::string protocol = "runload";
  float rate_hz = 1000.0f;
  double duration_s = 10.0;
  std::string placement = "foot";
  std::string side = "left";
  float cadence_steps_per_min = 170.0f;
  std::uint32_t stream_id = 0;
  std::uint32_t samples_per_frame = 0;
  bool pty = false;
  std::string pty_link, serial, tcp_listen, tcp_connect, udp, out, report;
  double corrupt = 0.0, drop = 0.0;
  std::size_t chunk = 0;
  double disconnect_after_s = -1.0, down_for_s = 1.0, restart_after_s = -1.0;
  std::uint32_t seed = 1;
  bool full_speed = false;
  bool no_gyro = false;
  bool cadence_set = false;
  std::string replay;
  // Gait (issue #3): speed, schedule preset, impact, strike, contact time; --truth writes the truth.
  float speed_mps = 3.3f;
  std::string schedule = "steady";
  float impact_peak_g = 8.0f;
  float strike_angle_deg = 12.0f;
  float contact_time_ms = 250.0f;
  std::string truth;
};

/// --truth: the simulator's per-stride truth (strides planned inside the stream) and its summary.
void write_truth(const SimOptions& o, const signal::GaitSimulator& sim, std::uint64_t samples) {
  const double duration_s = static_cast<double>(samples) / static_cast<double>(o.rate_hz);
  std::vector<signal::GaitStrideTruth> truth;
  for (const auto& t : sim.truth()) {
    const bool inside = (!t.ic_index_samples || *t.ic_index_samples < samples) && (!t.tc_index_samples || *t.tc_index_samples < samples);
    if (inside && (t.ic_index_samples || t.tc_index_samples)) truth.push_back(t);
  }
  const auto placement = sim.settings().placement;
  ojson steps = ojson::array();
  for (const auto& t : truth) {
    const bool full = t.ic_time_s && t.tc_time_s;
    steps.push_back({{"ic_index", t.ic_index_samples ? ojson(*t.ic_index_samples) : ojson(nullptr)},
                     {"tc_index", t.tc_index_samples ? ojson(*t.tc_index_samples) : ojson(nullptr)},
                     {"ic_time_s", fixed(t.ic_time_s, 4)},
                     {"tc_time_s", fixed(t.tc_time_s, 4)},
                     {"mode", t.mode == signal::GaitMode::kRun ? "run" : t.mode == signal::GaitMode::kWalk ? "walk" : "stand"},
                     {"speed_mps", fixed(std::optional<float>(t.speed_mps), 3)},
                     {"stride_time_s", fixed(full ? std::optional<float>(t.stride_time_s) : std::nullopt, 4)},
                     {"cadence_steps_per_min", fixed(full ? std::optional<float>(t.cadence_steps_per_min) : std::nullopt, 2)},
                     {"gct_ms", fixed(full ? std::optional<float>(t.contact_time_ms) : std::nullopt, 1)},
                     {"flight_time_ms", fixed(full ? std::optional<float>(t.flight_time_ms) : std::nullopt, 1)},
                     {"stride_length_m", fixed(t.tc_time_s ? std::optional<float>(t.stride_length_m) : std::nullopt, 3)},
                     {"pta_g", fixed(t.ic_time_s ? std::optional<float>(t.pta_axial_g) : std::nullopt, 3)},
                     {"strike_angle_deg", fixed(t.ic_time_s && placement == signal::Placement::kFoot ? std::optional<float>(t.strike_angle_deg) : std::nullopt, 2)},
                     {"pronation_excursion_deg", fixed(t.ic_time_s && placement == signal::Placement::kFoot ? std::optional<float>(t.pronation_excursion_deg) : std::nullopt, 2)},
                     {"braking_g", fixed(t.ic_time_s ? std::optional<float>(t.braking_g) : std::nullopt, 3)},
                     {"pivot_landing", t.ic_time_s ? ojson(t.pivot_landing) : ojson(nullptr)}});
  }
  ojson summary = summary_json(signal::summarise_truth(truth, placement, duration_s));
  summary["distance_source"] = "truth";
  summary.erase("quality");
  summary.erase("lost_samples");
  summary.erase("event_method");  // the truth has events, not a method
  const ojson j = {{"placement", std::string(signal::to_string(placement))},
                   {"side", std::string(signal::to_string(sim.settings().side))},
                   {"sample_rate_hz", o.rate_hz},
                   {"duration_s", fixed(std::optional<double>(duration_s), 3)},
                   {"schedule", o.schedule},
                   {"seed", o.seed},
                   {"summary", summary},
                   {"steps", steps}};
  std::ofstream out(o.truth);
  out << j.dump(2) << "\n";
  if (!out) throw RuntimeError("cannot write truth " + o.truth);
}

std::unique_ptr<bridge::EmulatorOutput> open_output(const SimOptions& o) {
  if (o.pty) return bridge::make_pty_output(o.pty_link.empty() ? std::nullopt : std::optional<std::filesystem::path>(o.pty_link));
  if (!o.serial.empty()) return bridge::make_tty_output(o.serial);
  if (!o.tcp_listen.empty()) {
    const auto [host, port] = parse_host_port(o.tcp_listen, "127.0.0.1");
    return bridge::make_tcp_listen_output(host, port);
  }
  if (!o.tcp_connect.empty()) {
    const auto [host, port] = parse_host_port(o.tcp_connect, "127.0.0.1");
    return bridge::make_tcp_connect_output(host, port);
  }
  if (!o.udp.empty()) {
    const auto [host, port] = parse_host_port(o.udp, "127.0.0.1");
    return bridge::make_udp_output(host, port);
  }
  return bridge::make_file_output(o.out);
}

nlohmann::json report_json(const bridge::EmulatorReport& r, const std::string& address) {
  return {{"address", address},
          {"frames_sent", r.frames_sent},
          {"samples_sent", r.samples_sent},
          {"frames_dropped", r.frames_dropped},
          {"samples_dropped", r.samples_dropped},
          {"frames_corrupted", r.frames_corrupted},
          {"samples_corrupted", r.samples_corrupted},
          {"bytes_corrupted", r.bytes_corrupted},
          {"frames_lost_in_outage", r.frames_lost_in_outage},
          {"samples_lost_in_outage", r.samples_lost_in_outage},
          {"expected_lost_samples", r.expected_lost_samples()},
          {"disconnects", r.disconnects},
          {"restarts", r.restarts},
          {"bytes_sent", r.bytes_sent}};
}

/// --replay: the device's bytes come from a recording instead of the gait simulator.
void run_replay(const SimOptions& o) {
  auto output = open_output(o);
  std::cout << output->address() << std::endl;
  bridge::PlaybackOptions playback;
  playback.realtime = !o.full_speed && o.out.empty();
  playback.chunk_bytes = o.chunk;
  playback.stop = &g_sim_stop;
  const auto played = bridge::play_recording(o.replay, *output, playback);
  if (!played) throw RuntimeError(played.error());
  if (const auto error = output->finish(); !error.empty()) throw RuntimeError(error);
  const nlohmann::json j = {{"address", output->address()}, {"replayed", o.replay}, {"chunks", played->chunks},
                            {"bytes_sent", played->bytes}, {"truncated", played->truncated}};
  if (!o.report.empty()) {
    std::ofstream out(o.report);
    out << j.dump(2) << "\n";
    if (!out) throw RuntimeError("cannot write report " + o.report);
  }
  spdlog::info("sim replay done: {} bytes from {}", played->bytes, o.replay);
}

void run_sim(const SimOptions& o) {
  std::signal(SIGINT, on_sim_signal);
  std::signal(SIGTERM, on_sim_signal);
  std::signal(SIGPIPE, SIG_IGN);
  if (!o.replay.empty()) return run_replay(o);
  signal::GaitSimulatorSettings gait;
  gait.sample_rate_hz = o.rate_hz;
  gait.cadence_steps_per_min = o.cadence_steps_per_min;
  gait.placement = *signal::placement_from_string(o.placement);
  gait.side = *signal::side_from_string(o.side);
  gait.seed = o.seed;
  gait.speed_mps = o.speed_mps;
  gait.impact_peak_g = o.impact_peak_g;
  gait.gyro_present = !o.no_gyro;
  gait.strike_angle_deg = o.strike_angle_deg;
  gait.contact_time_ms = o.contact_time_ms;
  if (o.schedule != "steady") {
    const auto cadence = o.cadence_set ? std::optional<float>(o.cadence_steps_per_min) : std::nullopt;
    gait.schedule = *schedule_preset(o.schedule, o.duration_s, o.speed_mps, cadence);
  }
  auto simulator = std::make_shared<signal::GaitSimulator>(gait);
  const auto total = static_cast<std::uint64_t>(std::llround(o.duration_s * static_cast<double>(o.rate_hz)));
  auto produced = std::make_shared<std::uint64_t>(0);
  bridge::SensorEmulator::SampleSource source = [simulator, produced, total]() -> std::optional<signal::ImuSample> {
    if (*produced >= total) return std::nullopt;
    ++*produced;
    return simulator->next();
  };

  bridge::EmulatorSettings settings;
  settings.protocol = *bridge::protocol_from_string(o.protocol);
  settings.stream_id = static_cast<std::uint8_t>(o.stream_id);
  settings.info.serial = "SIM-" + std::to_string(o.seed);
  settings.info.model = "runload sim";
  settings.info.placement = gait.placement;
  settings.info.side = *signal::side_from_string(o.side);
  settings.info.accel_range_g = 16.0f;
  settings.info.gyro_range_dps = 2000.0f;
  settings.info.sample_rate_hz = o.rate_hz;
  settings.samples_per_frame = o.samples_per_frame;
  settings.corrupt_rate = o.corrupt;
  settings.drop_rate = o.drop;
  settings.seed = o.seed;

  std::unique_ptr<bridge::SensorEmulator> emulator;
  try {
    emulator = std::make_unique<bridge::SensorEmulator>(settings, source, o.rate_hz);
  } catch (const std::invalid_argument& e) {
    throw RuntimeError(e.what());
  }
  auto output = open_output(o);
  std::cout << output->address() << std::endl;  // first line: where to connect (tests read it)

  bridge::EmulatorRunOptions run;
  run.realtime = !o.full_speed && o.out.empty();
  run.chunk_bytes = o.chunk;
  if (o.disconnect_after_s >= 0) run.disconnect_after_s = o.disconnect_after_s;
  run.down_for_s = o.down_for_s;
  if (o.restart_after_s >= 0) run.restart_after_s = o.restart_after_s;
  run.stop = &g_sim_stop;
  const bridge::EmulatorReport report = bridge::run_emulator(*emulator, *output, run);
  if (!o.truth.empty()) write_truth(o, *simulator, *produced);
  const nlohmann::json j = report_json(report, output->address());
  if (!o.report.empty()) {
    std::ofstream out(o.report);
    out << j.dump(2) << "\n";
    if (!out) throw RuntimeError("cannot write report " + o.report);
  }
  if (const auto error = output->finish(); !error.empty()) throw RuntimeError(error);
  spdlog::info("sim done: {} frames, {} samples sent; dropped {}, corrupted {}, lost in outage {}", report.frames_sent,
               report.samples_sent, report.frames_dropped, report.frames_corrupted, report.frames_lost_in_outage);
}

}  // namespace

void add_sim_command(CLI::App& app) {
  auto o = std::make_shared<SimOptions>();
  CLI::App* cmd = app.add_subcommand("sim", "Emulate a sensor: stream a synthetic gait over a pty, tty, TCP, UDP or file");
  cmd->footer(
      "Examples:\n  runload sim --pty --rate 1600 --duration 10\n"
      "  runload sim --tcp-listen 127.0.0.1:7000 --chunk 20 --drop 0.05 --report report.json\n"
      "  runload sim --out stream.bin --protocol xsens --rate 100 --duration 60\n"
      "  runload sim --out run.bin --schedule session10 --duration 600 --truth run.bin.json");
  cmd->add_option("--protocol", o->protocol, "Wire protocol")->check(CLI::IsMember({"runload", "ximu3", "xsens"}))->capture_default_str();
  cmd->add_option("--rate", o->rate_hz, "Sample rate, Hz")->check(CLI::Range(1.0f, 100000.0f))->capture_default_str();
  cmd->add_option("--duration", o->duration_s, "Stream length, s")->check(CLI::Range(0.0, 864000.0))->capture_default_str();
  cmd->add_option("--placement", o->placement, "foot or shank")->check(CLI::IsMember({"foot", "shoe", "shank", "knee"}))->capture_default_str();
  cmd->add_option("--side", o->side, "left or right")->check(CLI::IsMember({"left", "right"}))->capture_default_str();
  auto* cadence = cmd->add_option("--cadence", o->cadence_steps_per_min, "Cadence, steps/min")->check(CLI::Range(30.0f, 260.0f))->capture_default_str();
  cmd->add_option("--speed", o->speed_mps, "Running speed, m/s (stride length = speed × stride time)")->check(CLI::Range(0.5f, 10.0f))->capture_default_str();
  cmd->add_option("--schedule", o->schedule,
                  "steady (run from the start), run (stand 5 s, run, stand 5 s) or session10 (10 min: speed changes, a walking break)")
      ->check(CLI::IsMember({"steady", "run", "session10"}))
      ->capture_default_str();
  cmd->add_option("--impact-g", o->impact_peak_g, "Steady-run peak axial acceleration at impact, g")->check(CLI::Range(1.5f, 30.0f))->capture_default_str();
  cmd->add_option("--strike", o->strike_angle_deg, "Foot-strike angle, deg (> 8 rearfoot, < -1.6 forefoot)")->check(CLI::Range(-20.0f, 30.0f))->capture_default_str();
  cmd->add_option("--contact-ms", o->contact_time_ms, "Steady-run ground contact time, ms")->check(CLI::Range(120.0f, 600.0f))->capture_default_str();
  cmd->add_option("--truth", o->truth, "Write the true per-stride events and the true summary as JSON to FILE");
  cmd->callback([o, cadence] {
    o->cadence_set = cadence->count() > 0;
    run_sim(*o);
  });
  cmd->add_option("--stream-id", o->stream_id, "runload stream id (0 left shoe, 1 right shoe, 2 shank)")->check(CLI::Range(0, 255));
  cmd->add_option("--samples-per-frame", o->samples_per_frame, "runload batch size (default: 10 ms of samples)")->check(CLI::Range(1, 64));
  auto* out_group = cmd->add_option_group("output", "Where the emulated device writes (exactly one)");
  out_group->add_flag("--pty", o->pty, "Create a pseudo-terminal and print its path");
  out_group->add_option("--serial", o->serial, "Write into an existing tty (e.g. one end of a socat pty pair)");
  out_group->add_option("--tcp-listen", o->tcp_listen, "Serve the stream to one TCP client at HOST:PORT");
  out_group->add_option("--tcp", o->tcp_connect, "Connect to a TCP server at HOST:PORT and stream to it");
  out_group->add_option("--udp", o->udp, "Send UDP datagrams to HOST:PORT");
  out_group->add_option("--out", o->out, "Write the raw byte stream to FILE at full speed");
  out_group->require_option(1);
  cmd->add_option("--pty-link", o->pty_link, "With --pty: keep a symlink at PATH to the current pty");
  cmd->add_option("--corrupt", o->corrupt, "Probability that a frame gets one bit flipped")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--drop", o->drop, "Probability that a frame is not sent")->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--chunk", o->chunk, "Split writes into N-byte pieces (20 = BLE notifications)")->check(CLI::Range(1, 65536));
  cmd->add_option("--disconnect-after", o->disconnect_after_s, "Unplug after S seconds of stream")->check(CLI::Range(0.0, 864000.0));
  cmd->add_option("--down-for", o->down_for_s, "Stay unplugged for S seconds")->check(CLI::Range(0.0, 3600.0))->capture_default_str();
  cmd->add_option("--restart-after", o->restart_after_s,
                  "Reboot the device after S seconds of stream (its counters and clock start again at 0)")
      ->check(CLI::Range(0.0, 864000.0));
  cmd->add_option("--seed", o->seed, "Random seed for noise and faults")->capture_default_str();
  cmd->add_option("--report", o->report, "Write what was sent and injected as JSON to FILE");
  cmd->add_flag("--full-speed", o->full_speed, "Do not pace at the sample rate");
  cmd->add_flag("--no-gyro", o->no_gyro, "An accelerometer-only sensor: the gyroscope reads zero");
  cmd->add_option("--replay", o->replay, "Play a recording (.rlrec, at its recorded pace) or a raw capture as the device")
      ->check(CLI::ExistingFile);
}

}  // namespace runload::apps
