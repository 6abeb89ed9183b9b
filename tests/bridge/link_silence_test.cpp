// The silence watchdog with a short timeout: serial and TCP links are closed and reopened, a UDP
// link reports once per silence and comes back with the next datagram.
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp needs std::exchange

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/read.hpp>
#include <gtest/gtest.h>

#include "bridge/link_test_util.h"
#include "runload/bridge/link.h"

namespace runload::bridge {
namespace {
namespace asio = boost::asio;
using namespace std::chrono_literals;
using test::RecordingObserver;
using test::run_until;

LinkOptions silence_options() { return test::fast_link_options(100ms); }

/// Accepts one connection, driving `io` (the Link's connect runs on it too).
bool accept_one(asio::io_context& io, asio::ip::tcp::acceptor& acceptor, asio::ip::tcp::socket& peer) {
  bool accepted = false;
  acceptor.async_accept(peer, [&accepted](const boost::system::error_code& ec) { accepted = !ec; });
  return run_until(io, [&] { return accepted; }, 5s);
}

std::size_t count(const std::vector<LinkDownReason>& downs, LinkDownReason reason) {
  return static_cast<std::size_t>(std::count(downs.begin(), downs.end(), reason));
}

TEST(LinkSilenceTest, SilentSerialDeviceIsReportedAndReopened) {
  // GIVEN a serial link on a pty that sends one burst and then nothing
  test::PtyPair pty;
  ASSERT_TRUE(pty.ok());
  asio::io_context io;
  RecordingObserver observer;
  LinkEndpoint endpoint;
  endpoint.address = pty.slave_path();
  Link link(io, endpoint, silence_options(), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));
  const std::uint8_t burst[3] = {1, 2, 3};
  const auto sent = std::chrono::steady_clock::now();  // the link cannot have received the burst earlier
  ASSERT_EQ(::write(pty.master(), burst, sizeof burst), 3);
  ASSERT_TRUE(run_until(io, [&] { return observer.bytes_.size() == 3; }, 2s));

  // WHEN nothing arrives for longer than the timeout
  ASSERT_TRUE(run_until(io, [&] { return !observer.downs_.empty(); }, 2s));
  const auto waited = std::chrono::steady_clock::now() - sent;

  // THEN it is reported as silent after the timeout from the last byte (not before), and the port is reopened
  EXPECT_EQ(observer.downs_.front(), LinkDownReason::kSilent);
  EXPECT_GE(waited, 100ms);
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 2; }, 2s));
  EXPECT_EQ(link.reconnects(), 1U);

  // AND bytes written now flow through the reopened port
  ASSERT_EQ(::write(pty.master(), burst, sizeof burst), 3);
  ASSERT_TRUE(run_until(io, [&] { return observer.bytes_.size() == 6; }, 2s));
  link.stop();
}

TEST(LinkSilenceTest, SteadyTrafficKeepsTheLinkUp) {
  // GIVEN a serial link with a 500 ms silence timeout. (The writer below runs on the test's own thread:
  // a scheduling stall of this process is a real gap on the wire, which the watchdog rightly reports.
  // With 100 ms, stalls over 80 ms on a loaded 2-core machine did so in 2 of 195 runs.)
  test::PtyPair pty;
  ASSERT_TRUE(pty.ok());
  asio::io_context io;
  RecordingObserver observer;
  LinkEndpoint endpoint;
  endpoint.address = pty.slave_path();
  Link link(io, endpoint, test::fast_link_options(500ms), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));

  // WHEN a byte arrives every 20 ms for 1.5 s, three timeouts (paced by an Asio timer)
  asio::steady_timer pace(io);
  std::size_t sent = 0;
  for (; sent < 75; ++sent) {
    const std::uint8_t byte = static_cast<std::uint8_t>(sent);
    ASSERT_EQ(::write(pty.master(), &byte, 1), 1);
    pace.expires_after(20ms);
    bool fired = false;
    pace.async_wait([&fired](const boost::system::error_code&) { fired = true; });
    ASSERT_TRUE(run_until(io, [&] { return fired; }, 1s));
  }

  // THEN the watchdog never fired
  EXPECT_TRUE(observer.downs_.empty());
  EXPECT_EQ(observer.bytes_.size(), sent);
  link.stop();
}

TEST(LinkSilenceTest, SilentTcpPeerIsDisconnectedAndTheClientReconnects) {
  // GIVEN a TCP client link to a peer that accepts but never sends
  asio::io_context io;
  asio::ip::tcp::acceptor acceptor(io, asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), 0));
  RecordingObserver observer;
  LinkEndpoint endpoint;
  endpoint.kind = LinkEndpoint::Kind::kTcpClient;
  endpoint.address = "127.0.0.1";
  endpoint.port = acceptor.local_endpoint().port();
  Link link(io, endpoint, silence_options(), observer);
  link.start();
  asio::ip::tcp::socket peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, peer));

  // WHEN the timeout passes, THEN the link reports kSilent and closes the connection (the peer sees EOF)
  ASSERT_TRUE(run_until(io, [&] { return !observer.downs_.empty(); }, 2s));
  EXPECT_EQ(observer.downs_.front(), LinkDownReason::kSilent);
  std::uint8_t byte = 0;
  boost::system::error_code ec;
  asio::read(peer, asio::buffer(&byte, 1), ec);
  EXPECT_EQ(ec, asio::error::eof);

  // AND it reconnects
  asio::ip::tcp::socket second(io);
  ASSERT_TRUE(accept_one(io, acceptor, second));
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 2; }, 2s));
  EXPECT_EQ(link.reconnects(), 1U);
  link.stop();
}

TEST(LinkSilenceTest, UdpSilenceIsReportedOnceAndTheNextDatagramBringsTheLinkBack) {
  // GIVEN a bound UDP link that received one datagram
  asio::io_context io;
  RecordingObserver observer;
  LinkEndpoint endpoint;
  endpoint.kind = LinkEndpoint::Kind::kUdp;
  endpoint.address = "127.0.0.1";
  Link link(io, endpoint, silence_options(), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return link.local_port() != 0; }, 2s));
  const asio::ip::udp::endpoint target(asio::ip::make_address("127.0.0.1"), link.local_port());
  asio::ip::udp::socket sender(io, asio::ip::udp::endpoint(asio::ip::udp::v4(), 0));
  const std::uint8_t payload[4] = {9, 8, 7, 6};
  sender.send_to(asio::buffer(payload), target);
  ASSERT_TRUE(run_until(io, [&] { return observer.chunks_.size() == 1; }, 2s));

  // WHEN the sender goes quiet for several timeouts
  io.run_for(450ms);

  // THEN the silence is reported exactly once and the socket stays bound (same port, no re-bind)
  EXPECT_EQ(observer.downs_.size(), 1U);
  EXPECT_EQ(count(observer.downs_, LinkDownReason::kSilent), 1U);
  EXPECT_FALSE(link.connected());
  EXPECT_EQ(link.open_attempts(), 1U);

  // WHEN the sender returns, THEN the link is up again and the datagram is delivered
  sender.send_to(asio::buffer(payload), target);
  ASSERT_TRUE(run_until(io, [&] { return observer.chunks_.size() == 2; }, 2s));
  EXPECT_EQ(observer.ups_, 2);
  EXPECT_EQ(link.reconnects(), 1U);
  EXPECT_TRUE(link.connected());
  link.stop();
}

}  // namespace
}  // namespace runload::bridge
