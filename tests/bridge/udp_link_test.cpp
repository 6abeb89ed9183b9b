// Link over UDP on loopback: every datagram arrives whole, one on_bytes each; a bind failure retries.
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp needs std::exchange

#include <boost/asio/ip/udp.hpp>
#include <cstring>
#include <gtest/gtest.h>

#include "bridge/link_test_util.h"
#include "runload/bridge/link.h"

namespace runload::bridge {
namespace {
namespace asio = boost::asio;
using asio::ip::udp;
using namespace std::chrono_literals;
using test::RecordingObserver;
using test::run_until;

LinkEndpoint udp_endpoint(std::uint16_t port) { return test::loopback_endpoint(LinkEndpoint::Kind::kUdp, port); }
LinkOptions fast_options() { return test::fast_link_options(); }

/// A datagram of `size` bytes starting with its little-endian sequence number.
std::vector<std::uint8_t> datagram(std::uint32_t seq, std::size_t size) {
  auto bytes = test::random_bytes(size, seq);
  for (std::size_t i = 0; i < 4; ++i) bytes[i] = static_cast<std::uint8_t>(seq >> (8 * i));
  return bytes;
}

TEST(UdpLinkTest, EveryDatagramArrivesWholeAndInItsOwnCallback) {
  // GIVEN a UDP Link bound to an ephemeral loopback port
  asio::io_context io;
  RecordingObserver observer;
  Link link(io, udp_endpoint(0), fast_options(), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1 && link.local_port() != 0; }, 2s));
  const udp::endpoint target(asio::ip::make_address("127.0.0.1"), link.local_port());
  udp::socket sender(io, udp::endpoint(udp::v4(), 0));

  // WHEN 5000 datagrams of 4..1400 bytes are sent in bursts of 200 (≈ 140 KiB, below the receive buffer)
  constexpr std::uint32_t kDatagrams = 5000;
  std::vector<std::vector<std::uint8_t>> sent;
  for (std::uint32_t seq = 0; seq < kDatagrams; ++seq) {
    sent.push_back(datagram(seq, 4 + (seq * 7919U) % 1397U));
    sender.send_to(asio::buffer(sent.back()), target);
    if (sent.size() % 200 == 0) {
      ASSERT_TRUE(run_until(io, [&] { return observer.chunks_.size() == sent.size(); }, 5s));
    }
  }
  ASSERT_TRUE(run_until(io, [&] { return observer.chunks_.size() == kDatagrams; }, 5s));

  // THEN each arrived exactly once, whole, in order (loopback neither drops nor reorders here)
  ASSERT_EQ(observer.chunks_.size(), sent.size());
  for (std::size_t i = 0; i < sent.size(); ++i) ASSERT_TRUE(observer.chunks_[i] == sent[i]) << "datagram " << i;
  EXPECT_TRUE(observer.downs_.empty());
  EXPECT_NE(observer.last_up_.find(std::to_string(link.local_port())), std::string::npos) << observer.last_up_;
  link.stop();
}

TEST(UdpLinkTest, MaximumSizeDatagramIsNotTruncated) {
  // GIVEN a UDP link with a small configured read buffer
  asio::io_context io;
  RecordingObserver observer;
  LinkOptions options = fast_options();
  options.read_buffer_bytes = 512;
  Link link(io, udp_endpoint(0), options, observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return link.local_port() != 0; }, 2s));
  udp::socket sender(io, udp::endpoint(udp::v4(), 0));

  // WHEN a 60000-byte datagram is sent
  const auto big = datagram(1, 60000);
  sender.send_to(asio::buffer(big), udp::endpoint(asio::ip::make_address("127.0.0.1"), link.local_port()));

  // THEN it arrives whole
  ASSERT_TRUE(run_until(io, [&] { return !observer.chunks_.empty(); }, 2s));
  EXPECT_TRUE(observer.chunks_.front() == big);
  link.stop();
}

TEST(UdpLinkTest, BusyPortReportsOpenFailedOnceAndBindsWhenFreed) {
  // GIVEN a port already bound exclusively by someone else
  asio::io_context io;
  auto blocker = std::make_unique<udp::socket>(io, udp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  const std::uint16_t port = blocker->local_endpoint().port();
  RecordingObserver observer;
  Link link(io, udp_endpoint(port), fast_options(), observer);

  // WHEN the link runs
  link.start();
  io.run_for(200ms);

  // THEN the bind failure is reported once and retried
  ASSERT_EQ(observer.downs_.size(), 1U);
  EXPECT_EQ(observer.downs_.front(), LinkDownReason::kOpenFailed);
  EXPECT_GE(link.open_attempts(), 2U);

  // WHEN the port is freed, THEN the link binds it
  blocker.reset();
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));
  EXPECT_EQ(link.local_port(), port);
  link.stop();
}

}  // namespace
}  // namespace runload::bridge
