// TCP transports: a client that connects to a bridge (ESP32, phone, ble-serial --expose-tcp-port) and
// a server that accepts one peer at a time and the next one after the previous has left.
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "transport.h"

namespace runload::bridge::detail {
namespace asio = boost::asio;
using asio::ip::tcp;
namespace {

std::string endpoint_text(const tcp::endpoint& endpoint) {
  const auto address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

/// Reads shared by client and server: the peer socket.
asio::awaitable<std::size_t> read_socket(tcp::socket& socket, std::span<std::uint8_t> buffer,
                                         boost::system::error_code& ec) {
  ec.clear();
  const std::size_t n = co_await socket.async_read_some(asio::buffer(buffer.data(), buffer.size()),
                                                        asio::redirect_error(asio::use_awaitable, ec));
  co_return n;
}

class TcpClientTransport final : public Transport {
 public:
  TcpClientTransport(asio::io_context& io, const LinkEndpoint& endpoint)
      : resolver_(io), socket_(io), host_(endpoint.address), port_(endpoint.port) {}

  asio::awaitable<OpenResult> open() override {
    close();
    const std::string target = host_ + ":" + std::to_string(port_);
    boost::system::error_code ec;
    const auto results =
        co_await resolver_.async_resolve(host_, std::to_string(port_), asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return OpenResult{false, describe_error("resolve " + target, ec)};
    // Ranged connect tries each resolved address; it stops with operation_aborted once close() ran.
    const tcp::endpoint peer =
        co_await asio::async_connect(socket_, results, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      close();
      co_return OpenResult{false, describe_error("connect " + target, ec)};
    }
    boost::system::error_code ignored;
    socket_.set_option(asio::socket_base::keep_alive(true), ignored);
    co_return OpenResult{true, "tcp " + target + " (" + endpoint_text(peer) + ")"};
  }

  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer, boost::system::error_code& ec) override {
    return read_socket(socket_, buffer, ec);
  }

  void close() noexcept override {
    resolver_.cancel();
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

 private:
  tcp::resolver resolver_;
  tcp::socket socket_;
  std::string host_;
  std::uint16_t port_;
};

class TcpServerTransport final : public Transport {
 public:
  TcpServerTransport(asio::io_context& io, const LinkEndpoint& endpoint)
      : resolver_(io), acceptor_(io), socket_(io), host_(endpoint.address), port_(endpoint.port) {}

  asio::awaitable<OpenResult> open() override {
    close();
    boost::system::error_code ec;
    if (!acceptor_.is_open()) {
      if (auto bound = co_await bind(); !bound.ok) co_return bound;
    }
    // One peer at a time: a second client waits in the backlog until this one leaves.
    co_await acceptor_.async_accept(socket_, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      close();
      co_return OpenResult{false, describe_error("accept on " + listening_text(), ec)};
    }
    boost::system::error_code peer_ec;
    const auto peer = socket_.remote_endpoint(peer_ec);
    const std::string peer_text = peer_ec ? std::string("?") : endpoint_text(peer);
    co_return OpenResult{true, "tcp-listen " + listening_text() + " peer " + peer_text};
  }

  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer, boost::system::error_code& ec) override {
    return read_socket(socket_, buffer, ec);
  }

  void close() noexcept override {
    boost::system::error_code ignored;
    socket_.close(ignored);
  }

  void shutdown() noexcept override {
    close();
    resolver_.cancel();
    boost::system::error_code ignored;
    acceptor_.close(ignored);
  }

  std::uint16_t local_port() const noexcept override {
    if (!acceptor_.is_open()) return 0;
    boost::system::error_code ec;
    const auto local = acceptor_.local_endpoint(ec);
    return ec ? std::uint16_t{0} : local.port();
  }

 private:
  asio::awaitable<OpenResult> bind() {
    const std::string target = host_ + ":" + std::to_string(port_);
    boost::system::error_code ec;
    const auto results = co_await resolver_.async_resolve(host_, std::to_string(port_), tcp::resolver::passive,
                                                          asio::redirect_error(asio::use_awaitable, ec));
    if (ec || results.empty()) co_return OpenResult{false, describe_error("resolve " + target, ec)};
    const tcp::endpoint local = results.begin()->endpoint();
    acceptor_.open(local.protocol(), ec);
    if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(local, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      boost::system::error_code ignored;
      acceptor_.close(ignored);
      co_return OpenResult{false, describe_error("listen on " + target, ec)};
    }
    co_return OpenResult{true, {}};
  }

  std::string listening_text() const { return host_ + ":" + std::to_string(local_port()); }

  tcp::resolver resolver_;
  tcp::acceptor acceptor_;
  tcp::socket socket_;
  std::string host_;
  std::uint16_t port_;
};

}  // namespace

std::unique_ptr<Transport> make_tcp_client_transport(asio::io_context& io, const LinkEndpoint& endpoint) {
  return std::make_unique<TcpClientTransport>(io, endpoint);
}

std::unique_ptr<Transport> make_tcp_server_transport(asio::io_context& io, const LinkEndpoint& endpoint) {
  return std::make_unique<TcpServerTransport>(io, endpoint);
}

}  // namespace runload::bridge::detail
