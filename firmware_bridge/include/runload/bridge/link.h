#pragma once
/// A live link to a sensor: serial port, TCP client/server or UDP, read with Boost.Asio coroutines.
/// Every transport hands raw bytes to one LinkObserver (which feeds the decoder and the recorder);
/// unplug (EOF/EIO/reset) is reported and the link reconnects with exponential back-off.
#include <boost/asio/io_context.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "runload/signal/time.h"

namespace runload::bridge {

/// Where a link connects. Parse user text with parse_endpoint().
struct LinkEndpoint {
  enum class Kind { kSerial, kTcpClient, kTcpServer, kUdp };
  Kind kind = Kind::kSerial;
  /// Serial: device path (a symlink such as /dev/serial/by-id/... is re-resolved at every open).
  /// TCP/UDP: host or address to connect to / bind.
  std::string address;
  std::uint16_t port = 0;
  /// Serial only; ptys ignore it.
  std::uint32_t baud = 921600;
};

/// "serial:/dev/ttyACM0", "tcp:HOST:PORT" (client), "tcp-listen:HOST:PORT" or "tcp-listen:PORT"
/// (bind 0.0.0.0), "udp:PORT" (bind 0.0.0.0) or "udp:HOST:PORT" (bind HOST). IPv6 hosts may be
/// bracketed ("tcp:[::1]:7000"). Ports are decimal 1..65535; 0 (an ephemeral port, see
/// Link::local_port) is accepted for tcp-listen and udp only. nullopt with `error` set for anything
/// else (unknown scheme, empty path or host, bad port).
std::optional<LinkEndpoint> parse_endpoint(std::string_view text, std::string* error = nullptr);
/// The canonical text of an endpoint; parse_endpoint(to_string(e)) gives back e (baud aside).
std::string to_string(const LinkEndpoint& endpoint);

struct LinkOptions {
  /// Back-off between reconnection attempts: starts at min, doubles up to max; back to min after a
  /// connection that delivered bytes. Always awaited, so a port that fails at once never spins.
  /// Clamped to [1 ms, 24 h].
  std::chrono::milliseconds reconnect_min{50};
  std::chrono::milliseconds reconnect_max{1000};
  /// No bytes for this long ends the connection as "sensor silent" (and reconnects).
  /// For UDP (connectionless) it is reported once per silence and the socket stays bound.
  /// Zero or negative disables the watchdog; values above 24 h are clamped.
  std::chrono::milliseconds silence_timeout{3000};
  /// Read buffer per async read (UDP uses at least 64 KiB so no datagram is truncated).
  std::size_t read_buffer_bytes = 4096;
};

/// Why a link went down.
enum class LinkDownReason { kEndOfFile, kIoError, kSilent, kOpenFailed };
std::string_view to_string(LinkDownReason reason) noexcept;

/// Callbacks run on the io_context's thread. Down/up alternate: on_link_down is called once per
/// outage (the first failure: EOF, IO error, silence, or kOpenFailed when the port cannot be opened),
/// never once per reconnection attempt. A callback may call Link::stop() but must not destroy the Link.
class LinkObserver {
 public:
  virtual ~LinkObserver() = default;
  /// Bytes as they arrived; `host_rx` is the host clock at arrival.
  virtual void on_bytes(std::span<const std::uint8_t> bytes, signal::HostTime host_rx) = 0;
  /// The link opened (first time or after a reconnect). `description` is human-readable.
  virtual void on_link_up(std::string_view /*description*/) {}
  /// The link went down; `detail` is the OS error text. Reconnection follows automatically.
  virtual void on_link_down(LinkDownReason /*reason*/, std::string_view /*detail*/) {}
};

/// Runs one link until stop(). Construct, start(), then run the io_context.
/// Not thread-safe; all calls on the io_context's thread (stop() may be posted).
/// REQUIRES: `io` outlives the Link; `observer` outlives the Link or stop(), whichever comes first
/// (after stop() no callback runs; the coroutines finish on their own and keep their state alive).
///
/// Serial: Boost.Asio serial_port on the path re-resolved with std::filesystem::canonical at every
/// open; baud/8N1/no flow control (ignored on ptys); TIOCEXCL on real ttys. TCP client: resolve +
/// connect. TCP server: one peer at a time, the next after the previous left. UDP: one datagram per
/// on_bytes, SO_RCVBUF 4 MiB (capped by net.core.rmem_max); silence is reported but the socket stays
/// bound, and the next datagram counts as the link coming back (on_link_up, reconnects()+1).
class Link {
 public:
  Link(boost::asio::io_context& io, LinkEndpoint endpoint, LinkOptions options, LinkObserver& observer);
  ~Link();
  Link(const Link&) = delete;
  Link& operator=(const Link&) = delete;

  /// Spawns the link's coroutine on the io_context.
  void start();
  /// Closes the link and stops reconnecting; the coroutine finishes soon after.
  void stop();
  /// Number of times the link came back after going down.
  std::uint64_t reconnects() const noexcept;
  /// Whether the link is currently open (and, for UDP, not silent).
  bool connected() const noexcept;
  /// Number of open attempts so far (serial open, TCP connect/accept, UDP bind); diagnostics and
  /// tests use it to check that a failing port backs off instead of spinning.
  std::uint64_t open_attempts() const noexcept;
  /// The bound local port of a tcp-listen or udp link (useful with port 0), 0 before it is bound
  /// and for serial or TCP client links.
  std::uint16_t local_port() const noexcept;

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;  // shared with the running coroutines
};

/// The host clock now, as HostTime.
signal::HostTime host_now() noexcept;

}  // namespace runload::bridge
