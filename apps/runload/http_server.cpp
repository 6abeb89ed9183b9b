#include "http_server.h"

// GCC 12 misreads Asio's coroutine frame allocator (its operator new/delete pair) as mismatched
// once the frame is inlined (GCC bug 109224): a false positive, silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <array>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

namespace runload::apps {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using asio::ip::tcp;

namespace {

/// Counts a connection, in all and for its client, for as long as its coroutine lives (also when the
/// io_context destroys it). The counts are shared by the io threads: under their mutex.
template <typename Counts>
class ConnectionSlot {
 public:
  ConnectionSlot(std::shared_ptr<Counts> counts, asio::ip::address client)
      : counts_(std::move(counts)), client_(std::move(client)) {
    const std::lock_guard lock(counts_->mutex);
    ++counts_->total;
    ++counts_->per_client[client_];
  }
  ~ConnectionSlot() {
    const std::lock_guard lock(counts_->mutex);
    --counts_->total;
    if (--counts_->per_client[client_] == 0) counts_->per_client.erase(client_);
  }
  ConnectionSlot(const ConnectionSlot&) = delete;
  ConnectionSlot& operator=(const ConnectionSlot&) = delete;

 private:
  std::shared_ptr<Counts> counts_;
  asio::ip::address client_;
};

/// What the peer still sends after a refusal is read and dropped, up to this much, for at most 2 s.
constexpr std::size_t kMaxDrainBytes = 1024 * 1024;
constexpr std::chrono::seconds kDrainTimeout{2};

}  // namespace

HttpResponse make_http_response(unsigned status, std::string body, std::string_view content_type) {
  HttpResponse res{static_cast<http::status>(status), 11};
  res.set(http::field::server, "runload");
  res.set(http::field::content_type, std::string(content_type));
  res.set(http::field::cache_control, "no-store");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  res.set("X-Frame-Options", "DENY");
  res.body() = std::move(body);
  res.prepare_payload();
  return res;
}

HttpResponse make_http_error(unsigned status, std::string_view message) {
  return make_http_response(status, nlohmann::json{{"error", message}}.dump() + "\n", "application/json");
}

HttpServer::HttpServer(asio::io_context& io, const tcp::endpoint& endpoint, HttpServerSettings settings,
                       HttpHandler handler)
    : io_(io), acceptor_(asio::make_strand(io)), settings_(settings), handler_(std::move(handler)) {
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
}

tcp::endpoint HttpServer::local_endpoint() const { return acceptor_.local_endpoint(); }

void HttpServer::start() { asio::co_spawn(acceptor_.get_executor(), accept_loop(), asio::detached); }

void HttpServer::stop() {
  // On the acceptor's strand: another io thread may be in the accept loop.
  asio::dispatch(acceptor_.get_executor(), [this] {
    boost::system::error_code ec;
    acceptor_.close(ec);
  });
}

asio::awaitable<void> HttpServer::accept_loop() {
  for (;;) {
    boost::system::error_code ec;
    // Each connection on its own strand: with several io threads, its stream's operations and timer
    // handlers never run at once.
    tcp::socket socket =
        co_await acceptor_.async_accept(asio::make_strand(io_), asio::redirect_error(asio::use_awaitable, ec));
    if (!acceptor_.is_open()) co_return;
    if (ec) {
      spdlog::warn("accept: {}", ec.message());
      continue;
    }
    const auto peer = socket.remote_endpoint(ec);
    if (ec) continue;  // already gone
    bool over_limit = false;
    {
      const std::lock_guard lock(open_connections_->mutex);
      const auto client = open_connections_->per_client.find(peer.address());
      over_limit = open_connections_->total >= settings_.max_connections ||
                   (client != open_connections_->per_client.end() &&
                    client->second >= settings_.max_connections_per_client);
    }
    if (over_limit) {
      socket.close(ec);  // over a limit: refuse at once rather than queue
      continue;
    }
    const auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_connection(std::move(socket), peer.address()), asio::detached);
  }
}

asio::awaitable<void> HttpServer::reject(beast::tcp_stream& stream, unsigned status, std::string_view message,
                                         unsigned version) {
  boost::system::error_code ec;
  auto res = make_http_error(status, message);
  res.version(version);
  res.keep_alive(false);
  stream.expires_after(settings_.request_timeout);
  co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  // Closing with unread input would send a reset that can destroy the answer in flight: drain first.
  std::array<char, 8192> sink{};
  std::size_t drained = 0;
  stream.expires_after(kDrainTimeout);
  while (!ec && drained < kMaxDrainBytes) {
    drained += co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
  }
}

asio::awaitable<void> HttpServer::serve_connection(tcp::socket socket, asio::ip::address client) {
  const ConnectionSlot slot(open_connections_, std::move(client));
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer(settings_.max_header_bytes + settings_.max_body_bytes + 4096);
  try {
    for (;;) {
      boost::system::error_code ec;
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(settings_.max_header_bytes));
      parser.body_limit(settings_.max_body_bytes);
      // Deadlines for the whole headers, then the whole request, not per byte (slow senders).
      const auto started = std::chrono::steady_clock::now();
      stream.expires_after(std::min(settings_.header_timeout, settings_.request_timeout));
      co_await http::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      if (!ec && !parser.is_done()) {
        stream.expires_at(started + settings_.request_timeout);
        co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
      }
      if (ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::connection_reset ||
          ec == asio::error::eof) {
        break;
      }
      const unsigned version = parser.is_header_done() ? parser.get().version() : 11;
      if (ec == http::error::header_limit || ec == http::error::body_limit ||
          ec == http::error::buffer_overflow) {
        co_await reject(stream, 413, "request too large (headers and body are limited to 64 KiB each)", version);
        co_return;
      }
      if (ec) {
        co_await reject(stream, 400, "malformed request: " + ec.message(), version);
        co_return;
      }
      const HttpRequest req = parser.release();
      HttpResponse res;
      try {
        res = handler_(req);
      } catch (const std::exception& e) {
        // The detail (it may name files) goes to the server's log only; the query, which may carry the
        // token, goes nowhere.
        const std::string_view target(req.target().data(), req.target().size());
        const auto query = target.find('?');
        spdlog::error("{} {}{}: {}", std::string(req.method_string()), target.substr(0, query),
                      query == std::string_view::npos ? "" : "?…", e.what());
        res = make_http_error(500, "internal error (the server's log has the details)");
      }
      res.version(req.version());
      res.keep_alive(req.keep_alive() && res.keep_alive());
      stream.expires_after(settings_.request_timeout);
      co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !res.keep_alive()) break;
    }
  } catch (const std::exception& e) {
    spdlog::warn("connection: {}", e.what());  // top of the coroutine: log and drop the connection
  }
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.socket().close(ignored);
}

}  // namespace runload::apps
