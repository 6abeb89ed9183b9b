// Link: one coroutine that opens a transport, reads until the connection ends, reports, backs off
// and reopens; one watchdog coroutine that ends silent connections. Both hold the shared Impl so
// they can finish safely after ~Link; after stop() neither calls the observer again.
#include "runload/bridge/link.h"

#include <algorithm>
#include <utility>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <exception>
#include <vector>

#include "transport.h"

namespace runload::bridge {
namespace asio = boost::asio;
using std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

namespace detail {
std::string describe_error(std::string_view what, const boost::system::error_code& ec) {
  return std::string(what) + ": " + ec.message();
}
}  // namespace detail

namespace {

std::unique_ptr<detail::Transport> make_transport(asio::io_context& io, const LinkEndpoint& endpoint) {
  switch (endpoint.kind) {
    case LinkEndpoint::Kind::kSerial:
      return detail::make_serial_transport(io, endpoint);
    case LinkEndpoint::Kind::kTcpClient:
      return detail::make_tcp_client_transport(io, endpoint);
    case LinkEndpoint::Kind::kTcpServer:
      return detail::make_tcp_server_transport(io, endpoint);
    case LinkEndpoint::Kind::kUdp:
      return detail::make_udp_transport(io, endpoint);
  }
  return detail::make_serial_transport(io, endpoint);
}

/// Longest back-off or silence timeout honoured; larger values (e.g. milliseconds::max() meaning
/// "never") would overflow time_point arithmetic.
constexpr milliseconds kLongest = std::chrono::hours(24);

/// Never a zero back-off (that would spin on a port that fails at once); max is at least min.
LinkOptions sanitise(LinkOptions options) {
  options.reconnect_min = std::clamp(options.reconnect_min, milliseconds{1}, kLongest);
  options.reconnect_max = std::clamp(options.reconnect_max, options.reconnect_min, kLongest);
  options.silence_timeout = std::min(options.silence_timeout, kLongest);
  options.read_buffer_bytes = std::max<std::size_t>(options.read_buffer_bytes, 1);
  return options;
}

}  // namespace

struct Link::Impl : std::enable_shared_from_this<Link::Impl> {
  Impl(asio::io_context& io_context, LinkEndpoint link_endpoint, LinkOptions link_options, LinkObserver& link_observer)
      : io(io_context),
        endpoint(std::move(link_endpoint)),
        options(sanitise(link_options)),
        observer(link_observer),
        transport(make_transport(io_context, endpoint)),
        backoff_timer(io_context),
        watchdog_timer(io_context) {}

  asio::io_context& io;
  const LinkEndpoint endpoint;
  const LinkOptions options;
  LinkObserver& observer;
  std::unique_ptr<detail::Transport> transport;
  asio::steady_timer backoff_timer;
  asio::steady_timer watchdog_timer;
  std::vector<std::uint8_t> buffer;
  std::string description;

  bool started = false;
  bool stopped = false;
  bool open = false;             // a connection is established (UDP: bound)
  bool silent = false;           // the watchdog fired on this connection
  bool outage_reported = false;  // on_link_down already told the observer about this outage
  bool ever_up = false;
  std::uint64_t reconnect_count = 0;
  std::uint64_t open_attempt_count = 0;
  SteadyClock::time_point last_rx{};

  bool watchdog_enabled() const noexcept { return options.silence_timeout > milliseconds::zero(); }

  /// At most one on_link_down per outage; nothing after stop().
  void report_down(LinkDownReason reason, std::string_view detail) {
    if (stopped || outage_reported) return;
    outage_reported = true;
    observer.on_link_down(reason, detail);
  }

  void report_up() {
    if (stopped) return;
    if (ever_up) ++reconnect_count;
    ever_up = true;
    outage_reported = false;
    observer.on_link_up(description);
  }

  std::string silence_text() const {
    return "no bytes for " + std::to_string(options.silence_timeout.count()) + " ms on " + to_string(endpoint);
  }

  /// Waits the current back-off (always awaited, so a port that fails at once never spins), then doubles it.
  asio::awaitable<void> back_off(milliseconds& backoff) {
    backoff_timer.expires_after(backoff);
    boost::system::error_code ignored;
    co_await backoff_timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    backoff = std::min(backoff * 2, options.reconnect_max);
  }

  /// Reads one connection until it ends. Returns whether it delivered any bytes.
  asio::awaitable<bool> read_connection() {
    buffer.resize(std::max(options.read_buffer_bytes, transport->min_read_buffer_bytes()));
    bool delivered = false;
    for (;;) {
      boost::system::error_code ec;
      const std::size_t n = co_await transport->read_some(buffer, ec);
      if (stopped) co_return delivered;
      const bool connectionless = transport->connectionless();
      if ((silent && !connectionless) || ec) {
        LinkDownReason reason = LinkDownReason::kIoError;
        std::string detail;
        if (silent && !connectionless) {
          reason = LinkDownReason::kSilent;
          detail = silence_text();
        } else {
          reason = ec == asio::error::eof ? LinkDownReason::kEndOfFile : LinkDownReason::kIoError;
          detail = detail::describe_error(description, ec);
        }
        open = false;
        transport->close();
        report_down(reason, detail);
        co_return delivered;
      }
      if (n == 0) continue;  // an empty datagram carries nothing
      const signal::HostTime host_rx = host_now();
      last_rx = SteadyClock::now();
      delivered = true;
      if (silent) {  // only UDP stays open through silence: the sender is back
        silent = false;
        report_up();
      }
      observer.on_bytes(std::span<const std::uint8_t>(buffer.data(), n), host_rx);
    }
  }

  static asio::awaitable<void> run(std::shared_ptr<Impl> self) {
    try {
      co_await self->run_loop();
    } catch (const std::exception& e) {
      self->open = false;
      self->transport->close();
      self->report_down(LinkDownReason::kIoError, std::string("link stopped: ") + e.what());
    }
  }

  asio::awaitable<void> run_loop() {
    milliseconds backoff = options.reconnect_min;
    while (!stopped) {
      ++open_attempt_count;
      detail::OpenResult opened = co_await transport->open();
      if (stopped) break;
      if (!opened.ok) {
        transport->close();
        report_down(LinkDownReason::kOpenFailed, opened.text);
        co_await back_off(backoff);
        continue;
      }
      description = std::move(opened.text);
      open = true;
      silent = false;
      last_rx = SteadyClock::now();
      report_up();
      const bool delivered = co_await read_connection();
      if (stopped) break;
      if (delivered) backoff = options.reconnect_min;  // a healthy connection resets the back-off
      co_await back_off(backoff);
    }
    open = false;
  }

  /// Ends a connection (serial/TCP) or reports once (UDP) when no bytes came for silence_timeout.
  static asio::awaitable<void> watchdog(std::shared_ptr<Impl> self) {
    try {
      co_await self->watchdog_loop();
    } catch (const std::exception&) {
      // The link keeps running without a watchdog; nothing here can usefully be reported twice.
    }
  }

  asio::awaitable<void> watchdog_loop() {
    const auto timeout = options.silence_timeout;
    while (!stopped) {
      const auto now = SteadyClock::now();
      auto due = last_rx + timeout;
      if (open && !silent && now >= due) {
        silent = true;
        if (transport->connectionless()) {
          report_down(LinkDownReason::kSilent, silence_text());
        } else {
          transport->close();  // the read completes with an error; read_connection reports kSilent
        }
        due = now + timeout;
      } else if (due <= now) {
        due = now + timeout;  // nothing open (or already silent): look again later, never spin
      }
      watchdog_timer.expires_at(due);
      boost::system::error_code ignored;
      co_await watchdog_timer.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
    }
  }

  void stop() noexcept {
    if (stopped) return;
    stopped = true;
    open = false;
    transport->shutdown();
    backoff_timer.cancel();
    watchdog_timer.cancel();
  }
};

Link::Link(asio::io_context& io, LinkEndpoint endpoint, LinkOptions options, LinkObserver& observer)
    : impl_(std::make_shared<Impl>(io, std::move(endpoint), options, observer)) {}

Link::~Link() { impl_->stop(); }

void Link::start() {
  if (impl_->started || impl_->stopped) return;
  impl_->started = true;
  asio::co_spawn(impl_->io, Impl::run(impl_), asio::detached);
  if (impl_->watchdog_enabled()) asio::co_spawn(impl_->io, Impl::watchdog(impl_), asio::detached);
}

void Link::stop() { impl_->stop(); }

std::uint64_t Link::reconnects() const noexcept { return impl_->reconnect_count; }

bool Link::connected() const noexcept { return impl_->open && !impl_->silent; }

std::uint64_t Link::open_attempts() const noexcept { return impl_->open_attempt_count; }

std::uint16_t Link::local_port() const noexcept { return impl_->transport->local_port(); }

}  // namespace runload::bridge
