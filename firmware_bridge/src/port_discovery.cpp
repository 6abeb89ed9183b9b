// libserialport discovery (metadata only; never sp_open). libserialport stays inside this file.
#include "runload/bridge/port_discovery.h"

#include <libserialport.h>

#include <memory>
#include <string_view>

namespace runload::bridge {
namespace {

/// The one place sp_return becomes our error; SP_ERR_FAIL's OS message is read immediately.
DiscoveryError to_error(sp_return code, std::string_view call) {
  DiscoveryError error;
  error.code = static_cast<int>(code);
  std::string text;
  switch (code) {
    case SP_ERR_FAIL: {
      char* message = sp_last_error_message();
      text = message != nullptr ? message : "OS error";
      sp_free_error_message(message);
      break;
    }
    case SP_ERR_ARG:
      text = "invalid argument";
      break;
    case SP_ERR_MEM:
      text = "out of memory";
      break;
    case SP_ERR_SUPP:
      text = "not supported on this platform";
      break;
    case SP_OK:
      text = "ok";
      break;
  }
  error.message = std::string(call) + ": " + text;
  return error;
}

/// RAII for the array from sp_list_ports.
struct PortListDeleter {
  void operator()(sp_port** list) const noexcept { sp_free_port_list(list); }
};
using PortList = std::unique_ptr<sp_port*, PortListDeleter>;

std::string text_or_empty(const char* text) { return text != nullptr ? std::string(text) : std::string(); }

std::string transport_name(sp_transport transport) {
  switch (transport) {
    case SP_TRANSPORT_USB:
      return "usb";
    case SP_TRANSPORT_BLUETOOTH:
      return "bluetooth";
    case SP_TRANSPORT_NATIVE:
      break;
  }
  return "native";
}

PortInfo describe(const sp_port* port) {
  PortInfo info;
  info.path = text_or_empty(sp_get_port_name(port));
  info.description = text_or_empty(sp_get_port_description(port));
  const sp_transport transport = sp_get_port_transport(port);
  info.transport = transport_name(transport);
  if (transport == SP_TRANSPORT_USB) {
    int vid = 0;
    int pid = 0;
    if (sp_get_port_usb_vid_pid(port, &vid, &pid) == SP_OK && vid >= 0 && vid <= 0xFFFF && pid >= 0 &&
        pid <= 0xFFFF) {
      info.usb_vid = static_cast<std::uint16_t>(vid);
      info.usb_pid = static_cast<std::uint16_t>(pid);
    }
    info.usb_serial = text_or_empty(sp_get_port_usb_serial(port));
    info.manufacturer = text_or_empty(sp_get_port_usb_manufacturer(port));
    info.product = text_or_empty(sp_get_port_usb_product(port));
  } else if (transport == SP_TRANSPORT_BLUETOOTH) {
    info.bluetooth_address = text_or_empty(sp_get_port_bluetooth_address(port));
  }
  return info;
}

}  // namespace

tl::expected<std::vector<PortInfo>, DiscoveryError> discover_ports() {
  sp_port** raw = nullptr;
  const sp_return result = sp_list_ports(&raw);
  if (result != SP_OK) return tl::make_unexpected(to_error(result, "sp_list_ports"));
  const PortList list(raw);
  std::vector<PortInfo> ports;
  for (sp_port** it = list.get(); it != nullptr && *it != nullptr; ++it) ports.push_back(describe(*it));
  return ports;
}

std::optional<PortInfo> find_usb_port(const std::vector<PortInfo>& ports, std::uint16_t usb_vid, std::uint16_t usb_pid,
                                      const std::string& usb_serial) {
  for (const PortInfo& port : ports) {
    if (port.usb_vid != usb_vid || port.usb_pid != usb_pid) continue;
    if (!usb_serial.empty() && port.usb_serial != usb_serial) continue;
    return port;
  }
  return std::nullopt;
}

}  // namespace runload::bridge
