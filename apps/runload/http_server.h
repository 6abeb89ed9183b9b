#pragma once
/// A small HTTP/1.1 server on Boost.Beast with C++20 coroutines: one accept loop and one coroutine per
/// connection, each request read under a deadline and within size limits, handed to a handler that
/// returns the response. Policy (authentication, routing) lives in the handler, not here.
///
/// Limits: headers and body are bounded (over → 413, then the connection is closed after draining what
/// the peer still sends, so it reads the answer instead of a reset); a request must arrive completely
/// within `request_timeout`, and its headers within `header_timeout` (this also bounds a keep-alive
/// connection's idle time; over → closed); at most `max_connections` connections are open at once, and at
/// most `max_connections_per_client` from one address (more are closed on accept), so slow senders from
/// one client (slowloris) cannot take every slot.
/// Thread-safety: everything runs on the io_context's thread(s), each connection on its own strand; the
/// handler is called there, from several threads at once when the io_context runs on several.
#include <utility>  // Boost 1.74's awaitable.hpp uses std::exchange without including it

#include <boost/asio/awaitable.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace runload::apps {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;
/// One request in, one response out. Exceptions become a 500 with a one-line JSON error.
using HttpHandler = std::function<HttpResponse(const HttpRequest&)>;

struct HttpServerSettings {
  std::size_t max_header_bytes = 64 * 1024;
  std::size_t max_body_bytes = 64 * 1024;
  std::chrono::milliseconds request_timeout{10'000};
  /// The request line and headers must have arrived by then (at most request_timeout).
  std::chrono::milliseconds header_timeout{3'000};
  std::size_t max_connections = 64;
  std::size_t max_connections_per_client = 8;
};

/// A route whose request bodies go to a file, never whole into memory (uploads). For a request that
/// `matches` (seen with its headers only), `admit` answers a refusal (sent at once, the body unread) or
/// nullopt; the body is then written to a new file in `spool_dir` — at most `max_body_bytes` (over → 413),
/// each read within the request timeout — and `handler` gets the headers and the file. A client that sent
/// `Expect: 100-continue` waits for the admission. Whatever is still at the file's path when the handler
/// returns is removed (the handler moves the file away to keep it); a failed or cut-off body leaves no file.
struct FileBodyRoute {
  std::function<bool(const HttpRequest& head)> matches;
  std::function<std::optional<HttpResponse>(const HttpRequest& head)> admit;
  std::function<HttpResponse(const HttpRequest& head, const std::filesystem::path& body_file)> handler;
  std::filesystem::path spool_dir;
  std::uint64_t max_body_bytes = 1ull << 30;
};

/// A response with the given status, body and content type, and the headers every answer carries
/// (no caching, no sniffing, no referrer).
HttpResponse make_http_response(unsigned status, std::string body, std::string_view content_type);
/// `{"error": message}` with `status`.
HttpResponse make_http_error(unsigned status, std::string_view message);

class HttpServer {
 public:
  /// Binds and listens on `endpoint` (port 0 = a free port); throws boost::system::system_error.
  /// `io` must outlive the server.
  HttpServer(boost::asio::io_context& io, const boost::asio::ip::tcp::endpoint& endpoint, HttpServerSettings settings,
             HttpHandler handler);
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// The bound address and port.
  boost::asio::ip::tcp::endpoint local_endpoint() const;
  /// Bodies of the requests `route` matches go to files (call before start()).
  void add_file_body_route(FileBodyRoute route);
  /// Starts the accept loop on `io`.
  void start();
  /// Stops accepting (at once when called on an io thread, else when the io_context next runs);
  /// connections end at their next read.
  void stop();

 private:
  using HeadParser = boost::beast::http::request_parser<boost::beast::http::empty_body>;
  /// What reading a request's body came to: an answer to send, a refusal to send before closing (the
  /// body may be partly unread), or nothing because the peer is gone.
  struct BodyOutcome {
    enum Kind { kAnswer, kRefused, kGone } kind = kGone;
    HttpResponse response;
    static BodyOutcome answer(HttpResponse r) { return {kAnswer, std::move(r)}; }
    static BodyOutcome refuse(HttpResponse r) { return {kRefused, std::move(r)}; }
    static BodyOutcome gone() { return {}; }
  };

  boost::asio::awaitable<void> accept_loop();
  /// One counted connection (http_server.cpp).
  class ConnectionSlot;
  boost::asio::awaitable<void> serve_connection(boost::asio::ip::tcp::socket socket, ConnectionSlot slot);
  /// The body in memory (at most max_body_bytes, within request_timeout of `started`), then the handler.
  boost::asio::awaitable<BodyOutcome> read_into_memory(boost::beast::tcp_stream& stream,
                                                       boost::beast::flat_buffer& buffer, HeadParser& head,
                                                       std::chrono::steady_clock::time_point started);
  /// The body of a file_route_ request into a spool file, then its handler (FileBodyRoute).
  boost::asio::awaitable<BodyOutcome> read_into_file(boost::beast::tcp_stream& stream,
                                                     boost::beast::flat_buffer& buffer, HeadParser& head,
                                                     const HttpRequest& req);
  std::string limits_text() const;
  /// Sends `res` and closes the connection, after draining what the peer still sends (so it reads the
  /// answer instead of a reset).
  boost::asio::awaitable<void> reject(boost::beast::tcp_stream& stream, HttpResponse res, unsigned version);

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  HttpServerSettings settings_;
  HttpHandler handler_;
  std::optional<FileBodyRoute> file_route_;
  /// Open connections, in all and per client address; shared with each connection's coroutine, which
  /// can outlive the server.
  struct OpenConnections {
    std::mutex mutex;  ///< the io threads share the counts
    std::size_t total = 0;
    std::map<boost::asio::ip::address, std::size_t> per_client;
  };
  std::shared_ptr<OpenConnections> open_connections_ = std::make_shared<OpenConnections>();
};

}  // namespace runload::apps
