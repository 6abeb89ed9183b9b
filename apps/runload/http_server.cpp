#include "http_server.h"

// GCC 12 misreads Asio's coroutine frame allocator (its operator new/delete pair) as mismatched
// once the frame is inlined (GCC bug 109224): a false positive, silenced for this file only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

#include <fmt/format.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/file_body.hpp>
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

/// The peer closed, went quiet or reset: nothing to answer.
bool connection_ended(const boost::system::error_code& ec) {
  return ec == http::error::end_of_stream || ec == beast::error::timeout || ec == asio::error::connection_reset ||
         ec == asio::error::eof;
}

/// A 413 saying which limit.
HttpResponse too_large(std::string_view what) { return make_http_error(413, fmt::format("request too large ({})", what)); }

/// The handler's answer; an exception becomes a 500 whose detail (it may name files) goes to the
/// server's log only, and the query, which may carry the token, nowhere.
template <typename Call>
auto answer(const HttpRequest& req, Call&& call) -> decltype(call()) {
  try {
    return call();
  } catch (const std::exception& e) {
    const std::string_view target(req.target().data(), req.target().size());
    const auto query = target.find('?');
    spdlog::error("{} {}{}: {}", std::string(req.method_string()), target.substr(0, query),
                  query == std::string_view::npos ? "" : "?…", e.what());
    return make_http_error(500, "internal error (the server's log has the details)");
  }
}

/// A new file in a folder for one request's body, removed when the request is over unless the handler
/// moved it away. path() is empty when it could not be created (error() says why).
class SpoolFile {
 public:
  explicit SpoolFile(const std::filesystem::path& dir) {
    std::string pattern = (dir / "upload-XXXXXX.part").string();
    const int fd = ::mkstemps(pattern.data(), 5);
    if (fd < 0) {
      error_ = std::strerror(errno);
      return;
    }
    ::close(fd);
    path_ = pattern;
  }
  ~SpoolFile() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove(path_, ec);
  }
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;
  const std::filesystem::path& path() const { return path_; }
  const std::string& error() const { return error_; }

 private:
  std::filesystem::path path_;
  std::string error_;
};

/// What the peer still sends after a refusal is read and dropped, up to this much, for at most 2 s.
/// A reverse proxy forwards a large body at loopback speed and answers 502 instead of our 413 if we
/// close before it has sent it all (tests/apps/nginx_tls_test.cpp): several MB, not 1 MiB.
constexpr std::size_t kMaxDrainBytes = 64 * 1024 * 1024;
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

/// Counts a connection, in all and for its client, from the accept loop's limit check (taken together
/// with it, so a burst of connections cannot pass the limits before their coroutines run) for as long
/// as its coroutine lives (also when the io_context destroys it). The io threads share the counts:
/// under their mutex.
class HttpServer::ConnectionSlot {
 public:
  /// A slot for `client` when both limits allow one more connection; none otherwise.
  static std::optional<ConnectionSlot> take(std::shared_ptr<OpenConnections> counts, const asio::ip::address& client,
                                            const HttpServerSettings& limits) {
    const std::lock_guard lock(counts->mutex);
    const auto from_client = counts->per_client.find(client);
    if (counts->total >= limits.max_connections ||
        (from_client != counts->per_client.end() && from_client->second >= limits.max_connections_per_client)) {
      return std::nullopt;
    }
    ++counts->total;
    ++counts->per_client[client];
    return ConnectionSlot(std::move(counts), client);
  }
  ConnectionSlot(ConnectionSlot&&) noexcept = default;  // the moved-from slot holds no counts
  ConnectionSlot& operator=(ConnectionSlot&&) = delete;
  ~ConnectionSlot() { release(); }
  /// Gives the slot back now; later calls (and the destructor) do nothing.
  void release() noexcept {
    if (!counts_) return;
    {
      const std::lock_guard lock(counts_->mutex);
      --counts_->total;
      if (--counts_->per_client[client_] == 0) counts_->per_client.erase(client_);
    }
    counts_.reset();
  }

 private:
  ConnectionSlot(std::shared_ptr<OpenConnections> counts, asio::ip::address client)
      : counts_(std::move(counts)), client_(std::move(client)) {}

  std::shared_ptr<OpenConnections> counts_;
  asio::ip::address client_;
};

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
    auto slot = ConnectionSlot::take(open_connections_, peer.address(), settings_);
    if (!slot) {
      socket.close(ec);  // over a limit: refuse at once rather than queue
      continue;
    }
    const auto executor = socket.get_executor();
    asio::co_spawn(executor, serve_connection(std::move(socket), std::move(*slot)), asio::detached);
  }
}

void HttpServer::add_file_body_route(FileBodyRoute route) { file_route_ = std::move(route); }

asio::awaitable<void> HttpServer::reject(beast::tcp_stream& stream, HttpResponse res, unsigned version) {
  boost::system::error_code ec;
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

asio::awaitable<HttpServer::BodyOutcome> HttpServer::read_into_memory(beast::tcp_stream& stream,
                                                                      beast::flat_buffer& buffer, HeadParser& head,
                                                                      std::chrono::steady_clock::time_point started) {
  if (const auto declared = head.content_length(); declared && *declared > settings_.max_body_bytes) {
    co_return BodyOutcome::refuse(too_large(limits_text()));
  }
  http::request_parser<http::string_body> parser(std::move(head));
  parser.body_limit(settings_.max_body_bytes);
  boost::system::error_code ec;
  if (!parser.is_done()) {
    stream.expires_at(started + settings_.request_timeout);
    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  }
  if (connection_ended(ec)) co_return BodyOutcome::gone();
  if (ec == http::error::body_limit || ec == http::error::buffer_overflow) {
    co_return BodyOutcome::refuse(too_large(limits_text()));
  }
  if (ec) co_return BodyOutcome::refuse(make_http_error(400, "malformed request: " + ec.message()));
  const HttpRequest req = parser.release();
  co_return BodyOutcome::answer(answer(req, [&] { return handler_(req); }));
}

asio::awaitable<HttpServer::BodyOutcome> HttpServer::read_into_file(beast::tcp_stream& stream,
                                                                    beast::flat_buffer& buffer, HeadParser& head,
                                                                    const HttpRequest& req) {
  const FileBodyRoute& route = *file_route_;
  const std::string limit = fmt::format("uploads are limited to {} MiB", route.max_body_bytes >> 20);
  if (const auto declared = head.content_length(); declared && *declared > route.max_body_bytes) {
    co_return BodyOutcome::refuse(too_large(limit));
  }
  // Admitted (or refused) on its headers, before a byte of the body is read.
  if (auto refusal = answer(req, [&] { return route.admit(req); })) co_return BodyOutcome::refuse(std::move(*refusal));
  SpoolFile spool(route.spool_dir);
  http::request_parser<http::file_body> parser(std::move(head));
  parser.body_limit(route.max_body_bytes);
  boost::system::error_code ec;
  if (!spool.path().empty()) parser.get().body().open(spool.path().c_str(), beast::file_mode::write, ec);
  if (spool.path().empty() || ec) {
    spdlog::error("upload spool in {}: {}", route.spool_dir.string(), ec ? ec.message() : spool.error());
    co_return BodyOutcome::refuse(make_http_error(507, "the server cannot store uploads now (its log says why)"));
  }
  if (beast::iequals(req[http::field::expect], "100-continue")) {
    http::response<http::empty_body> go_on{http::status::continue_, req.version()};
    stream.expires_after(settings_.request_timeout);
    co_await http::async_write(stream, go_on, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) co_return BodyOutcome::gone();
  }
  while (!ec && !parser.is_done()) {  // an idle limit per read: a long upload may take its time
    stream.expires_after(settings_.request_timeout);
    co_await http::async_read_some(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
  }
  boost::system::error_code closed;
  parser.get().body().file().close(closed);
  if (!ec && closed) ec = closed;
  if (ec == http::error::body_limit) co_return BodyOutcome::refuse(too_large(limit));
  if (connection_ended(ec)) co_return BodyOutcome::gone();
  if (ec) co_return BodyOutcome::refuse(make_http_error(400, "malformed request: " + ec.message()));
  co_return BodyOutcome::answer(answer(req, [&] { return route.handler(req, spool.path()); }));
}

std::string HttpServer::limits_text() const {
  return fmt::format("headers and body are limited to {} KiB each", settings_.max_header_bytes / 1024);
}

// `slot` counts the connection until the server closes it; a refused request's until its drain ends.
asio::awaitable<void> HttpServer::serve_connection(tcp::socket socket, ConnectionSlot slot) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer(settings_.max_header_bytes + settings_.max_body_bytes + 4096);
  try {
    for (;;) {
      boost::system::error_code ec;
      HeadParser head;
      head.header_limit(static_cast<std::uint32_t>(settings_.max_header_bytes));
      // The body's limit depends on the route, known once the headers are in: read_into_* check it.
      head.body_limit(std::numeric_limits<std::uint64_t>::max());
      // Deadlines for the whole headers, then the whole request, not per byte (slow senders).
      const auto started = std::chrono::steady_clock::now();
      stream.expires_after(std::min(settings_.header_timeout, settings_.request_timeout));
      co_await http::async_read_header(stream, buffer, head, asio::redirect_error(asio::use_awaitable, ec));
      if (connection_ended(ec)) break;
      const unsigned version = head.is_header_done() ? head.get().version() : 11;
      if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
        co_await reject(stream, too_large(limits_text()), version);
        co_return;
      }
      if (ec) {
        co_await reject(stream, make_http_error(400, "malformed request: " + ec.message()), version);
        co_return;
      }
      const HttpRequest req(head.get().base());  // the headers; the body stays with the parser
      BodyOutcome outcome;  // (not a ?: of two co_awaits: GCC 12 miscompiles that)
      if (file_route_ && file_route_->matches(req)) {
        outcome = co_await read_into_file(stream, buffer, head, req);
      } else {
        outcome = co_await read_into_memory(stream, buffer, head, started);
      }
      if (outcome.kind == BodyOutcome::kGone) break;
      if (outcome.kind == BodyOutcome::kRefused) {
        co_await reject(stream, std::move(outcome.response), version);
        co_return;
      }
      HttpResponse& res = outcome.response;
      res.version(version);
      res.keep_alive(req.keep_alive() && res.keep_alive());
      stream.expires_after(settings_.request_timeout);
      co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
      if (ec || !res.keep_alive()) break;
    }
  } catch (const std::exception& e) {
    spdlog::warn("connection: {}", e.what());  // top of the coroutine: log and drop the connection
  }
  // The slot is given back before the client can see the close: a client that read the answer to its end
  // and connects again at once finds it free (it used to be counted still, and refused at the limit).
  slot.release();
  boost::system::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.socket().close(ignored);
}

}  // namespace runload::apps
