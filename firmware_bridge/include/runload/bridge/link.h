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

/// "serial:/dev/ttyACM0", "tcp:HOST:PORT" (client), "tcp-listen:HOST:PORT", "udp:PORT" or
/// "udp:HOST:PORT" (bind). nullopt with `error` set for anything else.
std::optional<LinkEndpoint> parse_endpoint(std::string_view text, std::string* error = nullptr);
std::string to_string(const LinkEndpoint& endpoint);

struct LinkOptions {
  /// Back-off between reconnection attempts: starts at min, doubles up to max.
  std::chrono::milliseconds reconnect_min{50};
  std::chrono::milliseconds reconnect_max{1000};
  /// No bytes for this long ends the connection as "sensor silent" (and reconnects).
  /// For UDP (connectionless) it is reported once per silence and the socket stays bound.
  std::chrono::milliseconds silence_timeout{3000};
  /// Read buffer per async read.
  std::size_t read_buffer_bytes = 4096;
};

/// Why a link went down.
enum class LinkDownReason { kEndOfFile, kIoError, kSilent, kOpenFailed };
std::string_view to_string(LinkDownReason reason) noexcept;

/// Callbacks run on the io_context's thread.
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
  /// Whether the link is currently open.
  bool connected() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

/// The host clock now, as HostTime.
signal::HostTime host_now() noexcept;

}  // namespace runload::bridge
