// runload record — read a live sensor (serial/pty, TCP, UDP), decode it, keep the raw bytes in a
// recording file, show the live view, and with --athlete keep the session in the store while it is
// recorded (written once a second, finalised at the end: recorded_session.h). Ends after --duration,
// on Ctrl-C (SIGINT/SIGTERM/SIGHUP: the session is still finished, flushed and stored) or when every
// stream flagged its last frame.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <functional>
#include <iostream>

#include "cli.h"
#include "endpoint_args.h"
#include "live_session.h"
#include "recorded_session.h"
#include "run_summary.h"
#include "same_run_merge.h"
#include "session_store.h"
#include "store_options.h"
#include "version.h"

namespace runload::apps {

namespace {

struct RecordOptions {
  std::string serial, tcp, tcp_listen, udp;
  std::uint32_t baud = 921600;
  std::string protocol = "runload";
  double duration_s = 0;
  std::string out;
  bool json = false;
  bool quiet = false;
  double silence_timeout_s = 3.0;
  bool wait_for_device = false;
  std::string store, athlete, shoe, surface, placement = "foot";
  std::optional<double> rpe;
};

bridge::LinkEndpoint endpoint_from(const RecordOptions& o) {
  bridge::LinkEndpoint e;
  if (!o.serial.empty()) {
    e.kind = bridge::LinkEndpoint::Kind::kSerial;
    e.address = o.serial;
    e.baud = o.baud;
  } else if (!o.tcp.empty()) {
    e.kind = bridge::LinkEndpoint::Kind::kTcpClient;
    std::tie(e.address, e.port) = parse_host_port(o.tcp, "127.0.0.1");
  } else if (!o.tcp_listen.empty()) {
    e.kind = bridge::LinkEndpoint::Kind::kTcpServer;
    std::tie(e.address, e.port) = parse_host_port(o.tcp_listen, "127.0.0.1");
  } else {
    e.kind = bridge::LinkEndpoint::Kind::kUdp;
    std::tie(e.address, e.port) = parse_host_port(o.udp, "127.0.0.1");
  }
  return e;
}

/// Where a stored session's recording goes when --out is not given (recordings_dir).
std::string default_recording_path(const RecordOptions& o) {
  const auto [date, seconds] = local_now();
  const auto dir = recordings_dir(o.store);
  std::filesystem::create_directories(dir);
  std::string name = o.athlete;
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return (dir / fmt::format("{}_{}_{:05d}.rlrec", name, core::to_iso_string(date), seconds)).string();
}

/// How often a recorded session is written to the store while it is recorded, and how long one of those
/// writes waits for a busy store before it is left for the next one (the live link must not stall).
constexpr auto kCheckpointInterval = std::chrono::milliseconds(1000);
constexpr auto kCheckpointBusyTimeout = std::chrono::milliseconds(200);
/// How long the final write waits for a busy store.
constexpr auto kStoreBusyTimeout = std::chrono::milliseconds(5000);

/// The session so far into the store (in progress); the recording is flushed first so that it always
/// holds at least what the store does. A busy store is warned about once and tried again next time.
void write_checkpoint(SessionCheckpoint& checkpoint, store::Store& store, const LiveSession& session,
                      bridge::RecordingWriter* writer, const store::LocalStart& start) {
  if (writer != nullptr) writer->flush();
  const ReplayResult so_far = session.snapshot();
  if (so_far.sensors.empty() || !(so_far.summary.duration_s > 0)) return;
  store.set_busy_timeout(kCheckpointBusyTimeout);
  static bool warned = false;
  if (const auto error = checkpoint.write(so_far, start); error && !warned) {
    warned = true;
    spdlog::warn("cannot write the session so far to the store ({}); the recording goes on and is kept", *error);
  }
}

void run_record(RecordOptions o) {
  const auto protocol = bridge::protocol_from_string(o.protocol);
  if (!protocol || *protocol == bridge::Protocol::kXimu3Csv) throw RuntimeError("record needs a live protocol: runload, ximu3 or xsens");
  const bridge::LinkEndpoint endpoint = endpoint_from(o);

  // With --athlete the session is stored: check the athlete (and shoe) before the run, not after.
  std::optional<store::Store> store;
  std::optional<core::Athlete> athlete;
  if (!o.athlete.empty()) {
    store.emplace(open_store(o.store));
    athlete = require_athlete(*store, o.athlete);
    if (!o.shoe.empty() && !store->find_shoe(athlete->id, o.shoe)) {
      throw RuntimeError("no shoe named '" + o.shoe + "' for " + o.athlete);
    }
    if (o.out.empty()) o.out = default_recording_path(o);
  }

  std::optional<bridge::RecordingWriter> writer;
  if (!o.out.empty()) {
    pb::RecordingHeader header;
    header.set_protocol(std::string(bridge::to_string(*protocol)));
    header.set_source(bridge::to_string(endpoint));
    header.set_created_unix_ns(static_cast<std::uint64_t>(bridge::host_now().time_since_epoch().count()));
    header.set_runload_version(std::string(runload_version()));
    auto created = bridge::RecordingWriter::create(o.out, header);
    if (!created) throw RuntimeError(created.error());
    writer.emplace(std::move(*created));
  }

  // The session is in the store while it is recorded: written once a second, marked in progress, and
  // finalised at the end (recorded_session.h). The lock tells other runloads the recording is live.
  std::optional<RecordingLock> recording_lock;
  std::optional<SessionCheckpoint> checkpoint;
  if (athlete) {
    recording_lock.emplace(o.out);
    SessionLog log;
    if (!o.shoe.empty()) log.shoe = o.shoe;
    if (!o.surface.empty()) log.surface = core::surface_from_string(o.surface);
    log.rpe = o.rpe;
    checkpoint.emplace(*store, *athlete, o.out, log);
  }

  boost::asio::io_context io;
  LiveSession::Settings settings;
  settings.protocol = *protocol;
  settings.placement_fallback = o.placement;
  settings.log_links = !o.quiet;
  LiveSession session(io, settings, writer ? &*writer : nullptr);

  bool finished = false;
  auto finish = [&] {
    if (finished) return;
    finished = true;
    session.stop();
    io.stop();
  };
  std::optional<std::string> open_error;
  if (!o.wait_for_device) {
    session.on_first_open_failed([&](std::string detail) {
      open_error = std::move(detail);
      finish();
    });
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM, SIGHUP);  // HUP: the terminal (an SSH link) went away
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (!ec) finish();
  });
  boost::asio::steady_timer deadline(io);
  if (o.duration_s > 0) {
    deadline.expires_after(std::chrono::microseconds(static_cast<std::int64_t>(o.duration_s * 1e6)));
    deadline.async_wait([&](const boost::system::error_code& ec) {
      if (!ec) finish();
    });
  }
  // The live view a few times a second; the device's "last frame" flag ends the recording early.
  const bool view = !o.quiet && !o.json && ::isatty(STDERR_FILENO) != 0;
  LiveView live_view(stderr);
  boost::asio::steady_timer tick(io);
  session.watch(tick, view ? &live_view : nullptr, finish);
  // The session's start: when its first bytes arrived (system clock, local time zone).
  const auto session_start = [&] {
    const auto first = session.first_bytes_at().value_or(bridge::host_now());
    return store::local_start(first.time_since_epoch().count() / 1'000'000'000);
  };
  boost::asio::steady_timer checkpoint_timer(io);
  std::function<void()> schedule_checkpoint = [&] {
    checkpoint_timer.expires_after(kCheckpointInterval);
    checkpoint_timer.async_wait([&](const boost::system::error_code& ec) {
      if (ec || finished) return;
      write_checkpoint(*checkpoint, *store, session, writer ? &*writer : nullptr, session_start());
      schedule_checkpoint();
    });
  };
  if (checkpoint) schedule_checkpoint();
  bridge::LinkOptions link_options;
  link_options.silence_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o.silence_timeout_s * 1000));
  session.add_link(endpoint, link_options);
  io.run();
  if (view) live_view.close();
  if (open_error) throw RuntimeError("cannot open " + bridge::to_string(endpoint) + ": " + *open_error);
  if (writer && !writer->flush()) throw RuntimeError("cannot write recording " + o.out);
  if (session.write_failed()) throw RuntimeError("writing the recording " + o.out + " failed (disk full?)");

  const bridge::DecoderStats stats = session.stats();
  nlohmann::json j = stream_stats_json(bridge::to_string(*protocol), stats, session.monitor(0));
  j["source"] = bridge::to_string(endpoint);
  j["reconnects"] = session.reconnects();
  j["link_downs"] = session.link_downs();
  j["other_device_samples"] = session.other_device_samples();
  j["out"] = o.out.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.out);
  j["session_id"] = nullptr;

  if (athlete) {
    writer.reset();  // close the file before replaying it
    if (stats.samples == 0) throw RuntimeError("no samples received: nothing to store (recording kept at " + o.out + ")");
    ReplayOptions replay_options;
    replay_options.placement = o.placement;
    const ReplayResult replay = replay_file(o.out, replay_options);
    std::int64_t id = 0;
    try {
      store->set_busy_timeout(kStoreBusyTimeout);
      id = checkpoint->finalise(replay, session_start());
    } catch (const std::exception& e) {
      const std::string later =
          checkpoint->id() ? "session " + std::to_string(*checkpoint->id()) +
                                 " stays in progress and the next runload command that writes to the store finalises it "
                                 "from the recording"
                           : "runload import " + o.out + " --athlete \"" + o.athlete + "\" stores it later";
      throw RuntimeError(std::string(e.what()) + " (the recording is kept at " + o.out + "; " + later + ")");
    }
    j["session_id"] = id;
    // A watch activity of the same run imported before: one session (same_run_merge.h).
    j["merged"] = nlohmann::json::array();
    try {
      j["merged"] = merge_same_runs(*store, athlete->id);
    } catch (const std::exception& e) {
      std::cerr << "runload: " << e.what() << " (the next import for " << o.athlete << " merges them)\n";
    }
  }
  if (o.json) {
    std::cout << j.dump(2) << "\n";
  } else if (!o.quiet && athlete) {
    // The runner's summary, not link statistics (those are one line here and in full with --json).
    for (const auto& line : j["merged"]) std::cout << line.get<std::string>() << "\n";
    std::cout << run_summary_text(*store, j["session_id"].get<std::int64_t>(), read_risk_config(""));
    std::cout << fmt::format("link: {} samples, {} lost, {} reconnects; recording {}\n", stats.samples, stats.lost_samples,
                             session.reconnects(), o.out);
  } else if (!o.quiet) {
    std::cout << stream_stats_text(j);
    if (!o.out.empty()) std::cout << "recording        " << o.out << "\n";
  }
}

}  // namespace

void add_record_command(CLI::App& app) {
  auto o = std::make_shared<RecordOptions>();
  CLI::App* cmd = app.add_subcommand("record", "Record a live sensor over serial, TCP or UDP (live view; stores the session)");
  cmd->footer(
      "Examples:\n  runload record --serial /dev/ttyACM0 --athlete Ana --shoe \"Pegasus 41\"\n"
      "  runload record --tcp 192.168.4.1:7000 --duration 600 --out run.rlrec --json\n"
      "  runload record --udp 0.0.0.0:9000 --out bridge.rlrec   (a bridge on the network; loopback by default)");
  auto* in = cmd->add_option_group("link", "Where the sensor is (exactly one)");
  in->add_option("--serial", o->serial, "Serial device or pty path (symlinks are re-resolved on reconnect)");
  in->add_option("--tcp", o->tcp, "Connect to a TCP bridge at HOST:PORT");
  in->add_option("--tcp-listen", o->tcp_listen, "Accept a TCP bridge on [HOST:]PORT (HOST defaults to 127.0.0.1; 0.0.0.0 for all interfaces)");
  in->add_option("--udp", o->udp, "Receive UDP datagrams on [HOST:]PORT from one sender (HOST defaults to 127.0.0.1; 0.0.0.0 for all interfaces)");
  in->require_option(1);
  cmd->add_option("--baud", o->baud, "Serial baud rate")->capture_default_str();
  cmd->add_option("--protocol", o->protocol, "Wire protocol")->check(CLI::IsMember({"runload", "ximu3", "xsens"}))->capture_default_str();
  cmd->add_option("--duration", o->duration_s, "Stop after S seconds (default: until Ctrl-C or the device stops)")
      ->check(CLI::Range(0.0, 864000.0));
  cmd->add_option("--out", o->out, "Write a recording file (.rlrec); default with --athlete: beside the store");
  cmd->add_option("--silence-timeout", o->silence_timeout_s, "Seconds without bytes before the link counts as down")
      ->check(CLI::Range(0.05, 3600.0))->capture_default_str();
  cmd->add_flag("--wait-for-device", o->wait_for_device, "Keep retrying when the device is not there yet");
  add_store_option(cmd, o->store);
  cmd->add_option("--athlete", o->athlete, "Store the session for this athlete");
  cmd->add_option("--shoe", o->shoe, "Shoe worn (with --athlete)");
  cmd->add_option("--surface", o->surface, "Surface (with --athlete)")
      ->check(CLI::IsMember({"road", "track", "treadmill", "trail", "grass", "mixed"}));
  cmd->add_option("--rpe", o->rpe, "Session RPE 0-10 (with --athlete)")->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--placement", o->placement, "Placement when the device does not announce it")
      ->check(CLI::IsMember({"foot", "shank"}))->capture_default_str();
  cmd->add_flag("--json", o->json, "Print one JSON object at the end");
  cmd->add_flag("--quiet", o->quiet, "No live view, progress or summary output");
  cmd->callback([o] { run_record(*o); });
}

}  // namespace runload::apps
