// parse_endpoint / to_string: what the command line accepts and rejects.
#include <gtest/gtest.h>

#include "runload/bridge/link.h"

namespace runload::bridge {
namespace {

using Kind = LinkEndpoint::Kind;

LinkEndpoint parse_ok(std::string_view text) {
  std::string error;
  const auto endpoint = parse_endpoint(text, &error);
  EXPECT_TRUE(endpoint.has_value()) << text << ": " << error;
  EXPECT_TRUE(error.empty()) << error;
  return endpoint.value_or(LinkEndpoint{});
}

std::string parse_error(std::string_view text) {
  std::string error;
  const auto endpoint = parse_endpoint(text, &error);
  EXPECT_FALSE(endpoint.has_value()) << text << " should be rejected";
  EXPECT_FALSE(error.empty()) << text << " rejected without a message";
  return error;
}

TEST(EndpointTest, AcceptsSerialPaths) {
  const auto endpoint = parse_ok("serial:/dev/serial/by-id/usb-runload_imu-if00");
  EXPECT_EQ(endpoint.kind, Kind::kSerial);
  EXPECT_EQ(endpoint.address, "/dev/serial/by-id/usb-runload_imu-if00");
  EXPECT_EQ(endpoint.baud, 921600U);
  EXPECT_EQ(parse_ok("serial:relative/ttyIMU0").address, "relative/ttyIMU0");
}

TEST(EndpointTest, AcceptsTcpClientAndServer) {
  const auto client = parse_ok("tcp:192.168.4.1:7000");
  EXPECT_EQ(client.kind, Kind::kTcpClient);
  EXPECT_EQ(client.address, "192.168.4.1");
  EXPECT_EQ(client.port, 7000);
  EXPECT_EQ(parse_ok("tcp:esp32.local:65535").port, 65535);

  const auto server = parse_ok("tcp-listen:127.0.0.1:0");
  EXPECT_EQ(server.kind, Kind::kTcpServer);
  EXPECT_EQ(server.address, "127.0.0.1");
  EXPECT_EQ(server.port, 0);

  const auto any = parse_ok("tcp-listen:7000");
  EXPECT_EQ(any.address, "0.0.0.0");
  EXPECT_EQ(any.port, 7000);
}

TEST(EndpointTest, AcceptsUdpWithAndWithoutHost) {
  const auto any = parse_ok("udp:8000");
  EXPECT_EQ(any.kind, Kind::kUdp);
  EXPECT_EQ(any.address, "0.0.0.0");
  EXPECT_EQ(any.port, 8000);
  const auto bound = parse_ok("udp:127.0.0.1:8001");
  EXPECT_EQ(bound.address, "127.0.0.1");
  EXPECT_EQ(bound.port, 8001);
}

TEST(EndpointTest, AcceptsBracketedIpv6) {
  const auto endpoint = parse_ok("tcp:[::1]:7000");
  EXPECT_EQ(endpoint.address, "::1");
  EXPECT_EQ(endpoint.port, 7000);
  EXPECT_EQ(to_string(endpoint), "tcp:[::1]:7000");
}

TEST(EndpointTest, RejectsBadPorts) {
  parse_error("tcp:host:");
  parse_error("tcp:host:0");  // a client needs a real port
  parse_error("tcp:host:65536");
  parse_error("tcp:host:99999999999");
  parse_error("tcp:host:-1");
  parse_error("tcp:host:70a");
  parse_error("tcp:host:+7");
  parse_error("tcp:host: 7000");
  parse_error("udp:");
  parse_error("udp:abc");
  parse_error("tcp-listen:127.0.0.1:x");
}

TEST(EndpointTest, RejectsEmptyPathsAndHosts) {
  parse_error("serial:");
  parse_error("tcp:7000");  // no host
  parse_error("tcp::7000");
  parse_error("tcp-listen::7000");
  parse_error("udp::8000");
}

TEST(EndpointTest, RejectsUnknownSchemes) {
  EXPECT_NE(parse_error("bluetooth:AA:BB").find("bluetooth"), std::string::npos);
  parse_error("/dev/ttyACM0");
  parse_error("");
  parse_error("SERIAL:/dev/ttyACM0");
  parse_error("tcp-connect:host:1");
}

TEST(EndpointTest, ErrorPointerIsOptional) { EXPECT_FALSE(parse_endpoint("nope").has_value()); }

TEST(EndpointTest, ToStringRoundTrips) {
  for (const char* text : {"serial:/dev/ttyACM0", "tcp:10.0.0.2:7000", "tcp-listen:0.0.0.0:7000",
                           "udp:127.0.0.1:8000", "udp:0.0.0.0:0"}) {
    const auto endpoint = parse_ok(text);
    EXPECT_EQ(to_string(endpoint), text);
    const auto again = parse_ok(to_string(endpoint));
    EXPECT_EQ(again.kind, endpoint.kind);
    EXPECT_EQ(again.address, endpoint.address);
    EXPECT_EQ(again.port, endpoint.port);
  }
}

TEST(EndpointTest, DownReasonsHaveNames) {
  EXPECT_EQ(to_string(LinkDownReason::kSilent), "sensor silent");
  EXPECT_EQ(to_string(LinkDownReason::kOpenFailed), "open failed");
  EXPECT_EQ(to_string(LinkDownReason::kEndOfFile), "end of file");
  EXPECT_EQ(to_string(LinkDownReason::kIoError), "io error");
}

TEST(EndpointTest, HostNowIsTheSystemClock) {
  const auto before = std::chrono::system_clock::now().time_since_epoch();
  const auto now = host_now().time_since_epoch();
  const auto after = std::chrono::system_clock::now().time_since_epoch();
  EXPECT_GE(now, before);
  EXPECT_LE(now, after);
}

}  // namespace
}  // namespace runload::bridge
