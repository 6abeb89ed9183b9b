// UDP transport: bind, then every datagram is one read. Connectionless, so silence is reported by
// Link but the socket stays bound; only socket errors close and re-bind it. The stream is locked to its
// first sender: datagrams from any other address or port are dropped (another sender's samples would
// corrupt the stream and its loss accounting), until the locked sender has been silent for
// kSenderTakeover (a restarted bridge sends from a new port).
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <chrono>
#include <optional>

#include "transport.h"

namespace runload::bridge::detail {
namespace asio = boost::asio;
using asio::ip::udp;
namespace {

/// A 1600 Hz sender bursts faster than a busy host drains; the kernel caps this at net.core.rmem_max.
constexpr int kReceiveBufferBytes = 4 * 1024 * 1024;
/// The largest UDP payload over IPv4; a smaller buffer would truncate datagrams.
constexpr std::size_t kMaxDatagramBytes = 65536;
/// After this much silence from the locked sender, another sender may take the stream over.
constexpr std::chrono::seconds kSenderTakeover{2};

class UdpTransport final : public Transport {
 public:
  UdpTransport(asio::io_context& io, const LinkEndpoint& endpoint)
      : resolver_(io), socket_(io), host_(endpoint.address), port_(endpoint.port) {}

  asio::awaitable<OpenResult> open() override {
    close();
    const std::string target = host_ + ":" + std::to_string(port_);
    boost::system::error_code ec;
    const auto results = co_await resolver_.async_resolve(host_, std::to_string(port_), udp::resolver::passive,
                                                          asio::redirect_error(asio::use_awaitable, ec));
    if (ec || results.empty()) co_return OpenResult{false, describe_error("resolve " + target, ec)};
    const udp::endpoint local = results.begin()->endpoint();
    socket_.open(local.protocol(), ec);
    if (!ec) socket_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) {
      boost::system::error_code ignored;  // best effort: an unprivileged process gets rmem_max
      socket_.set_option(asio::socket_base::receive_buffer_size(kReceiveBufferBytes), ignored);
    }
    if (!ec) socket_.bind(local, ec);
    if (ec) {
      close();
      co_return OpenResult{false, describe_error("bind " + target, ec)};
    }
    if (port_ == 0) port_ = local_port();  // a re-bind after an error keeps the ephemeral port
    co_return OpenResult{true, "udp " + host_ + ":" + std::to_string(local_port())};
  }

  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer, boost::system::error_code& ec) override {
    for (;;) {
      ec.clear();
      const std::size_t n = co_await socket_.async_receive_from(asio::buffer(buffer.data(), buffer.size()), sender_,
                                                                asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return n;
      const auto now = std::chrono::steady_clock::now();
      if (!locked_sender_ || sender_ == *locked_sender_ || now - last_from_locked_ >= kSenderTakeover) {
        locked_sender_ = sender_;
        last_from_locked_ = now;
        co_return n;
      }
    }
  }

  void close() noexcept override {
    resolver_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

  bool connectionless() const noexcept override { return true; }

  std::uint16_t local_port() const noexcept override {
    if (!socket_.is_open()) return 0;
    boost::system::error_code ec;
    const auto local = socket_.local_endpoint(ec);
    return ec ? std::uint16_t{0} : local.port();
  }

  std::size_t min_read_buffer_bytes() const noexcept override { return kMaxDatagramBytes; }

 private:
  udp::resolver resolver_;
  udp::socket socket_;
  udp::endpoint sender_;
  std::optional<udp::endpoint> locked_sender_;
  std::chrono::steady_clock::time_point last_from_locked_;
  std::string host_;
  std::uint16_t port_;
};

}  // namespace

std::unique_ptr<Transport> make_udp_transport(asio::io_context& io, const LinkEndpoint& endpoint) {
  return std::make_unique<UdpTransport>(io, endpoint);
}

}  // namespace runload::bridge::detail
