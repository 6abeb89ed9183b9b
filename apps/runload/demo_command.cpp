// runload demo — the README's main job, no hardware needed: an emulated shoe sensor on a
// pseudo-terminal, read live through the serial path, decoded, with stream statistics at the end.
#include <spdlog/spdlog.h>

#include <boost/asio/steady_timer.hpp>
#include <iostream>
#include <thread>

#include "cli.h"
#include "runload/bridge/emulator_output.h"
#include "runload/bridge/link.h"
#include "runload/signal/gait_simulator.h"

namespace runload::apps {

namespace {

struct DemoOptions {
  double duration_s = 5.0;
  float rate_hz = 1000.0f;
  bool json = false;
};

class DemoObserver final : public bridge::LinkObserver {
 public:
  explicit DemoObserver(bridge::Decoder& decoder, bridge::StreamMonitor& monitor) : decoder_(decoder), monitor_(monitor) {}
  void on_bytes(std::span<const std::uint8_t> bytes, signal::HostTime host_rx) override {
    monitor_.set_arrival_time(host_rx);
    decoder_.push(bytes);
  }
  void on_link_down(bridge::LinkDownReason, std::string_view) override { decoder_.on_link_break(); }

 private:
  bridge::Decoder& decoder_;
  bridge::StreamMonitor& monitor_;
};

void run_demo(const DemoOptions& o) {
  // The device: a left-shoe sensor at 1 kHz on a pty, in its own thread.
  signal::GaitSimulatorSettings gait;
  gait.sample_rate_hz = o.rate_hz;
  gait.placement = signal::Placement::kFoot;
  auto simulator = std::make_shared<signal::GaitSimulator>(gait);
  const auto total = static_cast<std::uint64_t>(o.duration_s * static_cast<double>(o.rate_hz));
  auto produced = std::make_shared<std::uint64_t>(0);
  bridge::EmulatorSettings settings;
  settings.info.serial = "DEMO-LEFT-SHOE";
  settings.info.placement = signal::Placement::kFoot;
  settings.info.side = signal::BodySide::kLeft;
  settings.info.sample_rate_hz = o.rate_hz;
  bridge::SensorEmulator emulator(settings, [simulator, produced, total]() -> std::optional<signal::ImuSample> {
    if (*produced >= total) return std::nullopt;
    ++*produced;
    return simulator->next();
  }, o.rate_hz);
  auto output = bridge::make_pty_output(std::nullopt);
  const std::string pty_path = output->address();
  if (!o.json) std::cout << "emulated left-shoe sensor on " << pty_path << " (" << o.rate_hz << " Hz, " << o.duration_s << " s)\n";
  bridge::EmulatorReport report;
  std::thread device([&] { report = bridge::run_emulator(emulator, *output, {}); });

  // The host: the same serial path `runload record --serial` uses.
  bridge::StreamMonitor monitor;
  auto decoder = bridge::make_decoder(bridge::Protocol::kRunload, monitor);
  DemoObserver observer(*decoder, monitor);
  boost::asio::io_context io;
  bridge::LinkEndpoint endpoint;
  endpoint.address = pty_path;
  bridge::Link link(io, endpoint, {}, observer);
  boost::asio::steady_timer tick(io);
  std::function<void()> on_tick = [&] {
    tick.expires_after(std::chrono::milliseconds(50));
    tick.async_wait([&](const boost::system::error_code& ec) {
      if (ec) return;
      if (monitor.all_ended()) {
        link.stop();
        io.stop();
        return;
      }
      on_tick();
    });
  };
  on_tick();
  link.start();
  io.run_for(std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::duration<double>(o.duration_s + 10.0)));
  device.join();

  nlohmann::json j = stream_stats_json(decoder->protocol(), decoder->stats(), monitor);
  j["source"] = "serial:" + pty_path;
  j["samples_sent"] = report.samples_sent;
  if (o.json) {
    std::cout << j.dump(2) << "\n";
  } else {
    std::cout << stream_stats_text(j) << "samples sent     " << report.samples_sent << "\n";
  }
  if (decoder->stats().samples != report.samples_sent) throw RuntimeError("the demo lost samples on the pty link");
}

}  // namespace

void add_demo_command(CLI::App& app) {
  auto o = std::make_shared<DemoOptions>();
  CLI::App* cmd = app.add_subcommand("demo", "Run an emulated sensor through the live serial path (no hardware)");
  cmd->footer("Example: runload demo --duration 5");
  cmd->add_option("--duration", o->duration_s, "Seconds of emulated running")->check(CLI::Range(0.5, 600.0))->capture_default_str();
  cmd->add_option("--rate", o->rate_hz, "Sample rate, Hz")->check(CLI::Range(50.0f, 3200.0f))->capture_default_str();
  cmd->add_flag("--json", o->json, "Print the statistics as JSON");
  cmd->callback([o] { run_demo(*o); });
}

}  // namespace runload::apps
