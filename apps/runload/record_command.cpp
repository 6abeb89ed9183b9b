// runload record — read a live sensor (serial/pty, TCP, UDP), decode it, keep the raw bytes in a
// recording file and print the stream statistics. Ends after --duration, on Ctrl-C, or when every
// stream flagged its last frame.
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <fmt/format.h>

#include <functional>
#include <iostream>

#include "cli.h"
#include "endpoint_args.h"
#include "runload/bridge/link.h"
#include "runload/bridge/recording_file.h"

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
    std::tie(e.address, e.port) = parse_host_port(o.tcp_listen, "0.0.0.0");
  } else {
    e.kind = bridge::LinkEndpoint::Kind::kUdp;
    std::tie(e.address, e.port) = parse_host_port(o.udp, "0.0.0.0");
  }
  return e;
}

/// Feeds link bytes to the recorder and the decoder; reports link changes.
class Recorder final : public bridge::LinkObserver {
 public:
  Recorder(bridge::Decoder& decoder, bridge::StreamMonitor& monitor, bridge::RecordingWriter* writer, bool quiet)
      : decoder_(decoder), monitor_(monitor), writer_(writer), quiet_(quiet) {}

  void on_bytes(std::span<const std::uint8_t> bytes, signal::HostTime host_rx) override {
    if (writer_ != nullptr && !writer_->write_bytes(bytes, host_rx)) write_failed_ = true;
    monitor_.set_arrival_time(host_rx);
    decoder_.push(bytes);
  }
  void on_link_up(std::string_view description) override {
    if (ever_up_ && writer_ != nullptr) writer_->write_event(pb::Record::LINK_RESTORED, bridge::host_now());
    if (!quiet_) spdlog::info("{} {}", ever_up_ ? "link restored:" : "link up:", description);
    ever_up_ = true;
  }
  void on_link_down(bridge::LinkDownReason reason, std::string_view detail) override {
    if (!ever_up_ && reason == bridge::LinkDownReason::kOpenFailed && on_first_open_failed_) {
      on_first_open_failed_(std::string(detail));
      return;
    }
    decoder_.on_link_break();
    ++link_downs_;
    if (writer_ != nullptr) writer_->write_event(pb::Record::LINK_LOST, bridge::host_now());
    if (!quiet_) spdlog::warn("link down ({}): {}; reconnecting", bridge::to_string(reason), detail);
  }
  std::uint64_t link_downs() const { return link_downs_; }
  /// Called instead of retrying when the very first open fails (unless --wait-for-device).
  std::function<void(std::string)> on_first_open_failed_;
  bool write_failed() const { return write_failed_; }

 private:
  bridge::Decoder& decoder_;
  bridge::StreamMonitor& monitor_;
  bridge::RecordingWriter* writer_;
  bool quiet_;
  bool ever_up_ = false;
  bool write_failed_ = false;
  std::uint64_t link_downs_ = 0;
};

void run_record(const RecordOptions& o) {
  const auto protocol = bridge::protocol_from_string(o.protocol);
  if (!protocol || *protocol == bridge::Protocol::kXimu3Csv) throw RuntimeError("record needs a live protocol: runload, ximu3 or xsens");
  const bridge::LinkEndpoint endpoint = endpoint_from(o);

  std::optional<bridge::RecordingWriter> writer;
  if (!o.out.empty()) {
    pb::RecordingHeader header;
    header.set_protocol(std::string(bridge::to_string(*protocol)));
    header.set_source(bridge::to_string(endpoint));
    header.set_created_unix_ns(static_cast<std::uint64_t>(bridge::host_now().time_since_epoch().count()));
    header.set_runload_version("0.1.0");
    auto created = bridge::RecordingWriter::create(o.out, header);
    if (!created) throw RuntimeError(created.error());
    writer.emplace(std::move(*created));
  }

  bridge::StreamMonitor monitor;
  auto decoder = bridge::make_decoder(*protocol, monitor);
  // Link events go to stderr even with --json (stdout holds only the JSON object).
  Recorder recorder(*decoder, monitor, writer ? &*writer : nullptr, o.quiet);

  boost::asio::io_context io;
  bridge::LinkOptions link_options;
  link_options.silence_timeout = std::chrono::milliseconds(static_cast<std::int64_t>(o.silence_timeout_s * 1000));
  bridge::Link link(io, endpoint, link_options, recorder);

  bool finished = false;
  auto finish = [&] {
    if (finished) return;
    finished = true;
    link.stop();
    io.stop();
  };
  std::optional<std::string> open_error;
  if (!o.wait_for_device) {
    recorder.on_first_open_failed_ = [&](std::string detail) {
      open_error = std::move(detail);
      finish();
    };
  }
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
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
  // The device's "last frame" flag ends the recording early; a status line a few times a second.
  boost::asio::steady_timer tick(io);
  const bool status_line = !o.quiet && !o.json && ::isatty(STDERR_FILENO) != 0;
  std::function<void()> on_tick = [&] {
    tick.expires_after(std::chrono::milliseconds(50));
    tick.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      if (monitor.all_ended()) return finish();
      if (status_line) {
        const auto e = monitor.main_estimate();
        std::cerr << fmt::format("\r{} samples  {:.1f} Hz  lost {}  link {}   ", decoder->stats().samples,
                                 e.rate_hz.value_or(0.0), decoder->stats().lost_samples, link.connected() ? "up" : "down")
                  << std::flush;
      }
      on_tick();
    });
  };
  on_tick();
  link.start();
  io.run();
  if (status_line) std::cerr << "\n";
  if (open_error) throw RuntimeError("cannot open " + bridge::to_string(endpoint) + ": " + *open_error);
  if (writer && !writer->flush()) throw RuntimeError("cannot write recording " + o.out);
  if (recorder.write_failed()) throw RuntimeError("writing the recording " + o.out + " failed (disk full?)");

  nlohmann::json j = stream_stats_json(decoder->protocol(), decoder->stats(), monitor);
  j["source"] = bridge::to_string(endpoint);
  j["reconnects"] = link.reconnects();
  j["link_downs"] = recorder.link_downs();
  j["out"] = o.out.empty() ? nlohmann::json(nullptr) : nlohmann::json(o.out);
  if (o.json) {
    std::cout << j.dump(2) << "\n";
  } else if (!o.quiet) {
    std::cout << stream_stats_text(j);
    if (!o.out.empty()) std::cout << "recording        " << o.out << "\n";
  }
}

}  // namespace

void add_record_command(CLI::App& app) {
  auto o = std::make_shared<RecordOptions>();
  CLI::App* cmd = app.add_subcommand("record", "Record a live sensor over serial, TCP or UDP");
  cmd->footer(
      "Examples:\n  runload record --serial /dev/ttyACM0 --duration 600 --out run.rlrec\n"
      "  runload record --tcp 192.168.4.1:7000 --json\n  runload record --udp 9000 --out bridge.rlrec");
  auto* in = cmd->add_option_group("link", "Where the sensor is (exactly one)");
  in->add_option("--serial", o->serial, "Serial device or pty path (symlinks are re-resolved on reconnect)");
  in->add_option("--tcp", o->tcp, "Connect to a TCP bridge at HOST:PORT");
  in->add_option("--tcp-listen", o->tcp_listen, "Accept a TCP bridge on [HOST:]PORT");
  in->add_option("--udp", o->udp, "Receive UDP datagrams on [HOST:]PORT");
  in->require_option(1);
  cmd->add_option("--baud", o->baud, "Serial baud rate")->capture_default_str();
  cmd->add_option("--protocol", o->protocol, "Wire protocol")->check(CLI::IsMember({"runload", "ximu3", "xsens"}))->capture_default_str();
  cmd->add_option("--duration", o->duration_s, "Stop after S seconds (default: until Ctrl-C or the device stops)")
      ->check(CLI::Range(0.0, 864000.0));
  cmd->add_option("--out", o->out, "Write a recording file (.rlrec)");
  cmd->add_option("--silence-timeout", o->silence_timeout_s, "Seconds without bytes before the link counts as down")
      ->check(CLI::Range(0.05, 3600.0))->capture_default_str();
  cmd->add_flag("--wait-for-device", o->wait_for_device, "Keep retrying when the device is not there yet");
  cmd->add_flag("--json", o->json, "Print one JSON object at the end");
  cmd->add_flag("--quiet", o->quiet, "No progress or summary output");
  cmd->callback([o] { run_record(*o); });
}

}  // namespace runload::apps
