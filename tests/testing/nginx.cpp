#include "testing/nginx.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <utility>

#include "testing/paths.h"

namespace runload::testing {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

/// The executable `name` on PATH or in /usr/sbin and /sbin (nginx lives there, off a user's PATH); empty if none.
std::string find_tool(const std::string& name) {
  std::string dirs = std::getenv("PATH") ? std::getenv("PATH") : "";
  dirs += ":/usr/sbin:/sbin";
  std::istringstream in(dirs);
  for (std::string dir; std::getline(in, dir, ':');) {
    const auto path = (fs::path(dir.empty() ? "." : dir) / name).string();
    if (::access(path.c_str(), X_OK) == 0) return path;
  }
  return {};
}

/// A loopback port nothing listens on right now.
int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t size = sizeof addr;
  const bool bound = fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
                     ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size) == 0;
  if (fd >= 0) ::close(fd);
  if (!bound) throw std::runtime_error("cannot find a free port");
  return ntohs(addr.sin_port);
}

bool accepts_connections(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<std::uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  ::close(fd);
  return ok;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

/// Replaces every `from` in `text`; throws when there is none (the shipped file changed under the test).
void replace_all(std::string& text, const std::string& from, const std::string& to) {
  std::size_t at = text.find(from);
  if (at == std::string::npos) {
    throw std::runtime_error("tools/nginx/runload.conf no longer contains '" + from +
                             "': update tests/testing/nginx.cpp");
  }
  for (; at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
}

}  // namespace

std::string TempNginx::missing_tools() {
  std::string missing;
  for (const char* tool : {"nginx", "openssl", "curl", "setpriv"}) {
    if (find_tool(tool).empty()) missing += std::string(missing.empty() ? "" : ", ") + tool;
  }
  if (missing.empty()) return {};
  return missing + " not installed (Debian packages nginx, openssl, curl, util-linux; ./setup.sh test installs them)";
}

TempNginx::TempNginx(int upstream_port) {
  const auto made =
      run({find_tool("openssl"), "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
           "-days", "2", "-subj", std::string("/CN=") + kServerName, "-addext",
           std::string("subjectAltName=DNS:") + kServerName, "-keyout", dir_.file("key.pem"), "-out", ca_file()});
  if (made.exit_code != 0) throw std::runtime_error("openssl cannot make a certificate: " + made.err);
  for (int attempt = 0; attempt < 3; ++attempt) {  // another process may take a free port before nginx binds it
    https_port_ = free_port();
    http_port_ = free_port();
    render_config(upstream_port);
    if (start()) return;
  }
  throw std::runtime_error("nginx found no free ports in 3 attempts:\n" + error_log());
}

TempNginx::~TempNginx() {
  if (!nginx_) return;
  nginx_->send_signal(SIGTERM);  // fast shutdown; ~ChildProcess kills it if it hangs
  nginx_->wait(5s);
}

void TempNginx::render_config(int upstream_port) const {
  std::string conf = read_file((source_dir() / "tools/nginx/runload.conf").string());
  replace_all(conf, "/etc/letsencrypt/live/club.example.org/fullchain.pem", ca_file());
  replace_all(conf, "/etc/letsencrypt/live/club.example.org/privkey.pem", dir_.file("key.pem"));
  replace_all(conf, "club.example.org", kServerName);
  replace_all(conf, "listen 443 ssl", "listen 127.0.0.1:" + std::to_string(https_port_) + " ssl");
  replace_all(conf, "listen 80;", "listen 127.0.0.1:" + std::to_string(http_port_) + ";");
  replace_all(conf, "server 127.0.0.1:8080", "server 127.0.0.1:" + std::to_string(upstream_port));
  // IPv6 may be off in a CI container: the [::] listeners go.
  std::istringstream lines(conf);
  std::ofstream out(dir_.file("runload.conf"));
  for (std::string line; std::getline(lines, line);) {
    if (line.find("listen [::]:") == std::string::npos) out << line << '\n';
  }
  std::ofstream(dir_.file("error.log"), std::ios::trunc).close();
  // The main context Debian's /etc/nginx/nginx.conf gives in production, with every path in the folder.
  const std::string d = dir_.path();
  std::ofstream(dir_.file("nginx.conf")) << "daemon off;\n"
                                         << "master_process off;  # one process: a kill leaves no worker behind\n"
                                         << "pid " << d << "/nginx.pid;\n"
                                         << "error_log " << d << "/error.log warn;\n"
                                         << "events { worker_connections 256; }\n"
                                         << "http {\n"
                                         << "  access_log " << d << "/access.log;\n"
                                         << "  client_body_temp_path " << d << "/client_body;\n"
                                         << "  proxy_temp_path " << d << "/proxy;\n"
                                         << "  fastcgi_temp_path " << d << "/fastcgi;\n"
                                         << "  uwsgi_temp_path " << d << "/uwsgi;\n"
                                         << "  scgi_temp_path " << d << "/scgi;\n"
                                         << "  include " << d << "/runload.conf;\n"
                                         << "}\n";
}

bool TempNginx::start() {
  std::vector<std::string> argv{find_tool("setpriv")};
  if (::geteuid() == 0) {  // never a server as root: nobody owns the folder and runs nginx
    const passwd* nobody = ::getpwnam("nobody");
    if (nobody == nullptr) throw std::runtime_error("no user `nobody` to run nginx as");
    for (const auto& entry : fs::recursive_directory_iterator(dir_.path())) {
      if (::chown(entry.path().c_str(), nobody->pw_uid, nobody->pw_gid) != 0) throw std::runtime_error("chown failed");
    }
    if (::chown(dir_.path().c_str(), nobody->pw_uid, nobody->pw_gid) != 0) throw std::runtime_error("chown failed");
    argv.insert(argv.end(), {"--reuid=" + std::to_string(nobody->pw_uid), "--regid=" + std::to_string(nobody->pw_gid),
                             "--clear-groups"});
  }
  argv.insert(argv.end(), {"--pdeathsig=KILL", find_tool("nginx"), "-p", dir_.path() + "/", "-c",
                           dir_.file("nginx.conf"), "-e", dir_.file("error.log")});
  nginx_ = std::make_unique<ChildProcess>(argv);
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (const auto code = nginx_->wait(50ms)) {
      const std::string log = error_log() + nginx_->err();
      nginx_.reset();
      if (log.find("Address already in use") != std::string::npos) return false;
      throw std::runtime_error("nginx exited with " + std::to_string(*code) + ":\n" + log);
    }
    if (accepts_connections(https_port_) && accepts_connections(http_port_)) return true;
  }
  throw std::runtime_error("nginx does not listen after 10 s:\n" + error_log());
}

std::vector<std::string> TempNginx::curl(const std::vector<std::string>& args) const {
  const std::string host = kServerName;
  std::vector<std::string> argv{find_tool("curl"), "-sS",
                                "--noproxy",       "*",
                                "--max-time",      "20",
                                "--cacert",        ca_file(),
                                "--resolve",       host + ":" + std::to_string(https_port_) + ":127.0.0.1",
                                "--resolve",       host + ":" + std::to_string(http_port_) + ":127.0.0.1"};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

std::string TempNginx::error_log() const { return read_file(dir_.file("error.log")); }

}  // namespace runload::testing
