#pragma once
/// nginx in front of a test's `runload serve`, the way docs/club.md sets it up: tools/nginx/runload.conf
/// itself, rendered with a self-signed certificate for `club.test`, free loopback ports and every file
/// nginx writes in a temporary folder. nginx runs in the foreground as one process (no workers), so a
/// kill leaves nothing behind; it is stopped on destruction and killed when the test process dies
/// (PR_SET_PDEATHSIG, through util-linux's setpriv). Under root (CI) it runs as `nobody`.
#include <memory>
#include <string>
#include <vector>

#include "testing/child_process.h"

namespace runload::testing {

class TempNginx {
 public:
  /// Empty when nginx, openssl, curl and setpriv are installed, else what is missing and how to get it.
  static std::string missing_tools();

  /// Starts nginx proxying to serve on 127.0.0.1:`upstream_port` and waits until it listens.
  /// REQUIRES: missing_tools() is empty. Throws std::runtime_error with nginx's error log on failure.
  explicit TempNginx(int upstream_port);
  ~TempNginx();
  TempNginx(const TempNginx&) = delete;
  TempNginx& operator=(const TempNginx&) = delete;

  /// The certificate's (and the server's) name.
  static constexpr const char* kServerName = "club.test";
  int https_port() const noexcept { return https_port_; }
  int http_port() const noexcept { return http_port_; }
  /// The self-signed certificate: the CA file a client trusts.
  std::string ca_file() const { return dir_.file("cert.pem"); }
  /// `curl` with `args`, `club.test` resolving to 127.0.0.1 and the certificate trusted.
  std::vector<std::string> curl(const std::vector<std::string>& args) const;
  /// What nginx logged at level warn and above so far.
  std::string error_log() const;
  /// A file in nginx's temporary folder (readable by nginx).
  std::string file(const std::string& name) const { return dir_.file(name); }

 private:
  void render_config(int upstream_port) const;
  bool start();  // false: a port was taken meanwhile

  TempDir dir_;
  int https_port_ = 0;
  int http_port_ = 0;
  std::unique_ptr<ChildProcess> nginx_;
};

}  // namespace runload::testing
