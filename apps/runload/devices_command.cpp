// runload devices — serial ports the OS knows, with USB metadata (libserialport discovery).
#include <fmt/format.h>

#include <iostream>

#include "cli.h"
#include "runload/bridge/port_discovery.h"

namespace runload::apps {

namespace {
void run_devices(bool json) {
  const auto ports = bridge::discover_ports();
  if (!ports) throw RuntimeError("cannot list serial ports: " + ports.error().message);
  if (json) {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& p : *ports) {
      out.push_back({{"path", p.path},
                     {"description", p.description},
                     {"transport", p.transport},
                     {"usb_vid", p.usb_vid ? nlohmann::json(*p.usb_vid) : nlohmann::json(nullptr)},
                     {"usb_pid", p.usb_pid ? nlohmann::json(*p.usb_pid) : nlohmann::json(nullptr)},
                     {"usb_serial", p.usb_serial},
                     {"manufacturer", p.manufacturer},
                     {"product", p.product},
                     {"bluetooth_address", p.bluetooth_address}});
    }
    std::cout << nlohmann::json{{"ports", out}}.dump(2) << "\n";
    return;
  }
  if (ports->empty()) {
    std::cout << "no serial ports found (pseudo-terminals and bridges are not listed: pass their path to record)\n";
    return;
  }
  for (const auto& p : *ports) {
    std::cout << p.path << "  " << p.transport << "  " << p.description;
    if (p.usb_vid && p.usb_pid) std::cout << fmt::format("  {:04x}:{:04x}", *p.usb_vid, *p.usb_pid);
    if (!p.usb_serial.empty()) std::cout << "  serial " << p.usb_serial;
    std::cout << "\n";
  }
}
}  // namespace

void add_devices_command(CLI::App& app) {
  auto json = std::make_shared<bool>(false);
  CLI::App* cmd = app.add_subcommand("devices", "List serial ports with USB VID/PID/serial metadata");
  cmd->footer("Example: runload devices --json");
  cmd->add_flag("--json", *json, "Print JSON");
  cmd->callback([json] { run_devices(*json); });
}

}  // namespace runload::apps
