#pragma once
/// Internal seam between Link (reconnect policy, watchdog, observer) and one transport (how bytes
/// are obtained). Errors are values: every asynchronous step reports an error_code, never throws
/// for IO failures. All calls on the io_context's thread. Not part of the public API.
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp uses std::exchange without it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/system/error_code.hpp>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "runload/bridge/link.h"

namespace runload::bridge::detail {

/// Outcome of Transport::open: on success `text` describes the connection, otherwise the failure.
struct OpenResult {
  bool ok = false;
  std::string text;
};

class Transport {
 public:
  virtual ~Transport() = default;

  /// Opens a connection (serial open, TCP connect, TCP accept of one peer, UDP bind).
  /// May wait indefinitely (accept); close() makes it return with ok == false.
  virtual boost::asio::awaitable<OpenResult> open() = 0;

  /// Reads what is available into `buffer` (one datagram for UDP). 0 bytes with `ec` set on failure;
  /// boost::asio::error::eof when the peer closed, operation_aborted after close().
  virtual boost::asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer,
                                                        boost::system::error_code& ec) = 0;

  /// Closes the current connection; pending open/read complete with an error. Idempotent.
  virtual void close() noexcept = 0;

  /// Closes everything, including listening sockets kept across peers. Idempotent.
  virtual void shutdown() noexcept { close(); }

  /// True for UDP: silence is reported but does not close the socket.
  virtual bool connectionless() const noexcept { return false; }

  /// The bound local port for listening kinds (tcp-listen, udp), 0 until bound or for clients.
  virtual std::uint16_t local_port() const noexcept { return 0; }

  /// Smallest read buffer this transport needs (UDP: a whole datagram).
  virtual std::size_t min_read_buffer_bytes() const noexcept { return 1; }
};

std::unique_ptr<Transport> make_serial_transport(boost::asio::io_context& io, const LinkEndpoint& endpoint);
std::unique_ptr<Transport> make_tcp_client_transport(boost::asio::io_context& io, const LinkEndpoint& endpoint);
std::unique_ptr<Transport> make_tcp_server_transport(boost::asio::io_context& io, const LinkEndpoint& endpoint);
std::unique_ptr<Transport> make_udp_transport(boost::asio::io_context& io, const LinkEndpoint& endpoint);

/// "what: error text" for reports.
std::string describe_error(std::string_view what, const boost::system::error_code& ec);

}  // namespace runload::bridge::detail
