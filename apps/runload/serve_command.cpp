// runload serve — the coach dashboard: a roster sorted by flag severity, each athlete's trends and a
// drill-down to a session, over a small JSON API. Loopback and read-only by default.
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <vector>

#include "cli.h"
#include "dashboard.h"
#include "store_options.h"

namespace runload::apps {

namespace {
namespace asio = boost::asio;
using asio::ip::tcp;

struct ServeOptions {
  std::string store, bind = "127.0.0.1:8080", token, as_of, config;
  bool allow_writes = false;
  double timeout_s = 10.0;
  unsigned threads = 1;
  HttpServerSettings limits;
  std::string upload_dir;
  int upload_workers = 2;
  std::uint64_t max_upload_mib = 1024;
  int upload_lease_s = 60;
};

/// Uploads live beside a SQLite store (`<store folder>/uploads`); for a PostgreSQL store in the user's
/// data folder. Several serve processes on one database must be given one shared --upload-dir.
std::filesystem::path default_upload_dir(const std::string& store) {
  const auto base = store::is_server_store(store) || store.empty() ? store::default_store_path() : std::filesystem::path(store);
  return base.parent_path() / "uploads";
}

tcp::endpoint parse_bind(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) throw CLI::ValidationError("--bind", "'" + text + "' is not HOST:PORT");
  std::string host = text.substr(0, colon);
  const std::string port_text = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  if (host == "localhost") host = "127.0.0.1";
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (ec) throw CLI::ValidationError("--bind", "'" + host + "' is not an IP address");
  unsigned port = 0;
  if (port_text.empty() || port_text.size() > 5 || port_text.find_first_not_of("0123456789") != std::string::npos ||
      (port = static_cast<unsigned>(std::stoul(port_text))) > 65535) {
    throw CLI::ValidationError("--bind", "'" + port_text + "' is not a port (0-65535)");
  }
  return {address, static_cast<unsigned short>(port)};
}

std::string url_of(const tcp::endpoint& endpoint) {
  const auto a = endpoint.address();
  const std::string host = a.is_v6() ? "[" + a.to_string() + "]" : a.to_string();
  return "http://" + host + ":" + std::to_string(endpoint.port()) + "/";
}

void run_serve(const ServeOptions& o) {
  const auto endpoint = parse_bind(o.bind);
  DashboardSettings settings;
  settings.store_path = o.store;
  settings.allow_writes = o.allow_writes;
  settings.config = read_risk_config(o.config);
  if (!o.as_of.empty()) {
    settings.as_of = core::parse_iso_date(o.as_of);
    if (!settings.as_of) throw CLI::ValidationError("--as-of", "'" + o.as_of + "' is not a date (YYYY-MM-DD)");
  }
  const bool loopback = endpoint.address().is_loopback();
  settings.token = o.token;
  const bool generated = settings.token.empty() && (!loopback || o.allow_writes);
  if (generated) settings.token = generate_token();
  // Fail now, with the reason, rather than on the first request.
  const std::string store_name = (o.allow_writes ? open_store(o.store) : open_store_read_only(o.store)).name();

  std::unique_ptr<UploadWorkers> workers;
  if (o.allow_writes) {
    UploadSettings uploads;
    uploads.store_location = o.store;
    uploads.dir = std::filesystem::absolute(o.upload_dir.empty() ? default_upload_dir(o.store) : std::filesystem::path(o.upload_dir));
    uploads.max_bytes = o.max_upload_mib << 20;
    uploads.workers = o.upload_workers;
    uploads.lease = std::chrono::seconds(o.upload_lease_s);
    try {
      upload_spool_dir(uploads);
    } catch (const std::filesystem::filesystem_error& e) {
      throw RuntimeError("cannot use " + uploads.dir.string() + " for uploads: " + e.code().message());
    }
    if (uploads.workers > 0) workers = std::make_unique<UploadWorkers>(uploads);
    settings.uploads = uploads;
    settings.upload_queued = [w = workers.get()] {
      if (w) w->wake();
    };
  }

  asio::io_context io;
  HttpServerSettings limits = o.limits;
  limits.request_timeout = std::chrono::milliseconds(static_cast<long>(o.timeout_s * 1000.0));
  std::unique_ptr<HttpServer> server;
  try {
    auto dashboard = std::make_shared<const Dashboard>(settings);
    server = std::make_unique<HttpServer>(io, endpoint, limits,
                                          [dashboard](const HttpRequest& r) { return dashboard->handle(r); });
    // POST /api/uploads always goes this way: a read-only server refuses it on its headers.
    FileBodyRoute route;
    route.matches = [dashboard](const HttpRequest& head) { return dashboard->takes_upload(head); };
    route.admit = [dashboard](const HttpRequest& head) { return dashboard->admit_upload(head); };
    route.handler = [dashboard](const HttpRequest& head, const std::filesystem::path& file) {
      return dashboard->receive_upload(head, file);
    };
    if (settings.uploads) {
      route.spool_dir = upload_spool_dir(*settings.uploads);
      route.max_body_bytes = settings.uploads->max_bytes;
    }
    server->add_file_body_route(std::move(route));
  } catch (const boost::system::system_error& e) {
    throw RuntimeError("cannot listen on " + o.bind + ": " + e.code().message());
  }
  const auto bound = server->local_endpoint();
  // First stdout line: the URL (tests and scripts read it). The token travels in it when one is needed.
  std::cout << url_of(bound) << (settings.token.empty() ? "" : "?token=" + settings.token) << std::endl;
  if (generated) std::cerr << "runload: access token (required on this bind): " << settings.token << "\n";
  std::cerr << "runload: serving " << store_name << (o.allow_writes ? " (writes allowed with the token)" : " read-only")
            << "; Ctrl-C stops\n";
  if (settings.uploads) {
    std::cerr << "runload: uploads into " << settings.uploads->dir.string() << ", " << o.upload_workers
              << " worker(s)\n";
  }

  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int) {
    if (ec) return;
    server->stop();
    io.stop();
  });
  server->start();
  // The handler is synchronous: with more threads a slow page (a large team's roster) does not hold up
  // the others. Each thread borrows its own store connection (store_pool.h).
  std::vector<std::thread> more;
  for (unsigned i = 1; i < o.threads; ++i) more.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& t : more) t.join();
  workers.reset();  // an upload being processed is finished first
  std::cerr << "runload: server stopped\n";
}

}  // namespace

void add_serve_command(CLI::App& app) {
  auto o = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand("serve", "Coach dashboard: roster by flag severity, trends, session drill-down");
  cmd->footer(
      "Example: runload serve --bind 127.0.0.1:8080\n"
      "Loopback needs no token; any other address requires one (--token, or one is generated and printed).\n"
      "The first line of output is the URL to open.");
  add_store_option(cmd, o->store);
  cmd->add_option("--bind", o->bind, "HOST:PORT to listen on (port 0 picks a free port)")->capture_default_str();
  cmd->add_option("--token", o->token, "Access token required on every request (Bearer header or ?token=)")
      ->check([](const std::string& t) { return t.size() >= 8 ? std::string{} : std::string("at least 8 characters"); });
  cmd->add_flag("--allow-writes", o->allow_writes, "Allow the athletes' logs and uploads (POST routes; requires a token)");
  cmd->add_option("--as-of", o->as_of, "Evaluate every view as of this date (YYYY-MM-DD; default today)");
  cmd->add_option("--config", o->config, "Risk/load thresholds override file (key = value lines)")->check(CLI::ExistingFile);
  cmd->add_option("--timeout-s", o->timeout_s, "Seconds a request (or an idle connection) may take")
      ->check(CLI::Range(0.1, 600.0))
      ->capture_default_str();
  cmd->add_option("--threads", o->threads, "Threads answering requests, each with its own store connection")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  cmd->add_option("--max-connections", o->limits.max_connections, "Connections open at once, from all clients")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--max-connections-per-client", o->limits.max_connections_per_client,
                  "Connections open at once from one address (behind a reverse proxy all clients share its address: "
                  "raise it to --max-connections)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--upload-dir", o->upload_dir,
                  "Where uploads are kept (default: beside a SQLite store, else the user's data folder); "
                  "serve processes on one database share one");
  cmd->add_option("--upload-workers", o->upload_workers,
                  "Threads that turn uploads into sessions (0: this process only receives them)")
      ->check(CLI::Range(0, 64))
      ->capture_default_str();
  cmd->add_option("--max-upload-mib", o->max_upload_mib, "Largest upload accepted, MiB")
      ->check(CLI::Range(1, 65536))
      ->capture_default_str();
  cmd->add_option("--upload-lease-s", o->upload_lease_s,
                  "Seconds a worker holds an upload without renewing; a dead process's upload is taken over after it")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  cmd->callback([o] { run_serve(*o); });
}

}  // namespace runload::apps
