// Discovery lists ports without opening them; the content depends on the machine's hardware.
#include "runload/bridge/port_discovery.h"

#include <gtest/gtest.h>

namespace runload::bridge {
namespace {

TEST(PortDiscoveryTest, ReturnsAListWithoutCrashing) {
  // WHEN the ports are listed
  const auto ports = discover_ports();

  // THEN it succeeds (maybe empty: containers and CI have no serial hardware) with sane metadata
  ASSERT_TRUE(ports.has_value()) << ports.error().message;
  for (const PortInfo& port : *ports) {
    EXPECT_FALSE(port.path.empty());
    EXPECT_TRUE(port.transport == "native" || port.transport == "usb" || port.transport == "bluetooth")
        << port.transport;
    if (port.transport != "usb") {
      EXPECT_FALSE(port.usb_vid.has_value());
    }
    std::cout << port.path << " [" << port.transport << "] " << port.description << '\n';
  }
}

TEST(PortDiscoveryTest, ListingTwiceIsStable) {
  const auto first = discover_ports();
  const auto second = discover_ports();
  ASSERT_TRUE(first.has_value());
  ASSERT_TRUE(second.has_value());
  EXPECT_EQ(first->size(), second->size());
}

TEST(PortDiscoveryTest, FindUsbPortMatchesVidPidAndSerial) {
  // GIVEN a hand-made list (no hardware needed)
  PortInfo ftdi;
  ftdi.path = "/dev/ttyUSB0";
  ftdi.transport = "usb";
  ftdi.usb_vid = 0x0403;
  ftdi.usb_pid = 0x6001;
  ftdi.usb_serial = "A1";
  PortInfo second = ftdi;
  second.path = "/dev/ttyUSB1";
  second.usb_serial = "B2";
  PortInfo native;
  native.path = "/dev/ttyS0";
  native.transport = "native";
  const std::vector<PortInfo> ports{native, ftdi, second};

  // THEN VID/PID picks the first match, the serial narrows it, and a miss is nullopt
  EXPECT_EQ(find_usb_port(ports, 0x0403, 0x6001)->path, "/dev/ttyUSB0");
  EXPECT_EQ(find_usb_port(ports, 0x0403, 0x6001, "B2")->path, "/dev/ttyUSB1");
  EXPECT_FALSE(find_usb_port(ports, 0x0403, 0x6001, "C3").has_value());
  EXPECT_FALSE(find_usb_port(ports, 0x10C4, 0xEA60).has_value());
}

}  // namespace
}  // namespace runload::bridge
