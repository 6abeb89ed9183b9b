#pragma once
/// Serial port discovery: the ports the OS knows, with USB/Bluetooth metadata, via libserialport.
/// Metadata only: ports are never opened here (IO is Boost.Asio's job, see link.h). ptys (socat,
/// ble-serial, openpty) are not listed by libserialport; pass their paths explicitly.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace runload::bridge {

/// One serial port as enumerated. Strings are empty when the OS does not say.
struct PortInfo {
  /// Device path, e.g. "/dev/ttyACM0".
  std::string path;
  std::string description;
  /// "native", "usb" or "bluetooth".
  std::string transport;
  /// USB only.
  std::optional<std::uint16_t> usb_vid;
  std::optional<std::uint16_t> usb_pid;
  std::string usb_serial;
  std::string manufacturer;
  std::string product;
  /// Bluetooth only.
  std::string bluetooth_address;
};

/// A libserialport failure, read at once on the calling thread.
struct DiscoveryError {
  /// The sp_return code (-1 ARG, -2 FAIL, -3 MEM, -4 SUPP).
  int code = 0;
  /// The libserialport/OS message, e.g. "sp_list_ports: No such file or directory".
  std::string message;
};

/// Lists the serial ports. An empty list (not an error) when there are none.
/// Thread-safety: safe to call from any thread; the error message is read on the calling thread.
tl::expected<std::vector<PortInfo>, DiscoveryError> discover_ports();

/// The first port whose USB VID/PID (and serial, when given) match; nullopt if none.
std::optional<PortInfo> find_usb_port(const std::vector<PortInfo>& ports, std::uint16_t usb_vid, std::uint16_t usb_pid,
                                      const std::string& usb_serial = {});

}  // namespace runload::bridge
