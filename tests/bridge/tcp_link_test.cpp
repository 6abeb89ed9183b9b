// Link over TCP on loopback with ephemeral ports: client and server, peer close and return.
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp needs std::exchange

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include "bridge/link_test_util.h"
#include "runload/bridge/link.h"

namespace runload::bridge {
namespace {
namespace asio = boost::asio;
using asio::ip::tcp;
using namespace std::chrono_literals;
using test::RecordingObserver;
using test::run_until;

const asio::ip::address kLoopback = asio::ip::make_address("127.0.0.1");

LinkEndpoint tcp_endpoint(LinkEndpoint::Kind kind, std::uint16_t port) { return test::loopback_endpoint(kind, port); }
LinkOptions fast_options() { return test::fast_link_options(); }

/// Writes `data` to `socket` in random chunks and drives `io` until the observer holds `expected` bytes.
bool write_and_receive(asio::io_context& io, tcp::socket& socket, std::span<const std::uint8_t> data,
                       const RecordingObserver& observer, std::size_t expected) {
  bool writer_failed = false;
  asio::co_spawn(io, test::write_chunked(socket, data, 5, 1500),
                 [&writer_failed](std::exception_ptr error) { writer_failed = error != nullptr; });
  return run_until(io, [&] { return writer_failed || observer.bytes_.size() >= expected; }, 30s) && !writer_failed;
}

/// Accepts one connection on `acceptor` into `peer`, driving `io`.
bool accept_one(asio::io_context& io, tcp::acceptor& acceptor, tcp::socket& peer) {
  bool accepted = false;
  acceptor.async_accept(peer, [&accepted](const boost::system::error_code& ec) { accepted = !ec; });
  return run_until(io, [&] { return accepted; }, 5s);
}

TEST(TcpLinkTest, ClientReceivesAllBytesAndReconnectsWhenThePeerReturns) {
  // GIVEN a loopback listener (the "ESP32 bridge") and a client Link to it
  asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(kLoopback, 0));
  RecordingObserver observer;
  Link link(io, tcp_endpoint(LinkEndpoint::Kind::kTcpClient, acceptor.local_endpoint().port()), fast_options(),
            observer);
  link.start();
  tcp::socket peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, peer));
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));

  // WHEN the peer sends 1 MiB in random chunks
  const auto data = test::random_bytes(1 << 20, 9);
  ASSERT_TRUE(write_and_receive(io, peer, data, observer, data.size()));

  // THEN all of it arrives in order
  EXPECT_TRUE(observer.bytes_ == data);

  // WHEN the peer closes
  peer.close();

  // THEN the link reports end of file, reconnects, and data flows on the new connection
  ASSERT_TRUE(run_until(io, [&] { return !observer.downs_.empty(); }, 2s));
  EXPECT_EQ(observer.downs_.front(), LinkDownReason::kEndOfFile);
  tcp::socket second_peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, second_peer));
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 2; }, 2s));
  EXPECT_EQ(link.reconnects(), 1U);
  const auto more = test::random_bytes(4096, 10);
  ASSERT_TRUE(write_and_receive(io, second_peer, more, observer, data.size() + more.size()));
  EXPECT_TRUE(std::equal(more.begin(), more.end(), observer.bytes_.begin() + static_cast<std::ptrdiff_t>(data.size())));
  link.stop();
}

TEST(TcpLinkTest, RefusedConnectionReportsOnceAndConnectsWhenTheServerAppears) {
  // GIVEN a port with nobody listening: bound but not listening, so connections are refused and no other
  // process (nor the client's own ephemeral port, a TCP self-connect) can take it meanwhile
  asio::io_context io;
  tcp::acceptor acceptor(io);
  acceptor.open(tcp::v4());
  acceptor.bind(tcp::endpoint(kLoopback, 0));
  const std::uint16_t port = acceptor.local_endpoint().port();
  RecordingObserver observer;
  Link link(io, tcp_endpoint(LinkEndpoint::Kind::kTcpClient, port), fast_options(), observer);

  // WHEN the client runs for a while
  link.start();
  io.run_for(300ms);

  // THEN the refusal was reported once as kOpenFailed, with several attempts behind it
  ASSERT_EQ(observer.downs_.size(), 1U);
  EXPECT_EQ(observer.downs_.front(), LinkDownReason::kOpenFailed);
  EXPECT_GE(link.open_attempts(), 2U);

  // WHEN the server appears, THEN the client connects
  acceptor.listen();
  tcp::socket peer(io);
  ASSERT_TRUE(accept_one(io, acceptor, peer));
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));
  EXPECT_EQ(link.reconnects(), 0U);
  link.stop();
}

TEST(TcpLinkTest, ServerServesOnePeerAtATimeAndAcceptsTheNextAfterTheFirstLeaves) {
  // GIVEN a listening Link on an ephemeral port
  asio::io_context io;
  RecordingObserver observer;
  Link link(io, tcp_endpoint(LinkEndpoint::Kind::kTcpServer, 0), fast_options(), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return link.local_port() != 0; }, 2s));
  const tcp::endpoint server(kLoopback, link.local_port());

  // WHEN a first peer connects and sends
  tcp::socket first(io);
  first.connect(server);
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 1; }, 2s));
  const auto first_data = test::random_bytes(200000, 21);
  ASSERT_TRUE(write_and_receive(io, first, first_data, observer, first_data.size()));

  // AND a second peer connects and sends while the first is still connected
  tcp::socket second(io);
  second.connect(server);  // completes in the kernel backlog
  const auto second_data = test::random_bytes(3000, 22);
  asio::write(second, asio::buffer(second_data));
  io.run_for(100ms);

  // THEN the second peer is not served yet
  EXPECT_EQ(observer.ups_, 1);
  EXPECT_EQ(observer.bytes_.size(), first_data.size());

  // WHEN the first peer leaves
  first.close();

  // THEN the link reports the end, accepts the second peer and receives what it sent
  ASSERT_TRUE(run_until(io, [&] { return observer.ups_ == 2 && observer.bytes_.size() >= first_data.size() + second_data.size(); },
                        5s));
  EXPECT_EQ(observer.downs_.size(), 1U);
  EXPECT_EQ(observer.downs_.front(), LinkDownReason::kEndOfFile);
  EXPECT_EQ(link.reconnects(), 1U);
  EXPECT_TRUE(std::equal(second_data.begin(), second_data.end(),
                         observer.bytes_.begin() + static_cast<std::ptrdiff_t>(first_data.size())));
  EXPECT_EQ(observer.bytes_.size(), first_data.size() + second_data.size());
  link.stop();
}

TEST(TcpLinkTest, StopClosesTheListeningSocket) {
  // GIVEN a listening Link with no peer
  asio::io_context io;
  RecordingObserver observer;
  Link link(io, tcp_endpoint(LinkEndpoint::Kind::kTcpServer, 0), fast_options(), observer);
  link.start();
  ASSERT_TRUE(run_until(io, [&] { return link.local_port() != 0; }, 2s));

  // WHEN stopped, THEN the pending accept ends and the io_context runs out of work
  link.stop();
  io.restart();
  io.run_for(1s);
  EXPECT_TRUE(io.stopped());
  EXPECT_EQ(link.local_port(), 0);
  EXPECT_TRUE(observer.downs_.empty());
}

}  // namespace
}  // namespace runload::bridge
