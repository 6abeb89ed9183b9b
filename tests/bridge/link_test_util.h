#pragma once
/// Shared by the Link tests: a recording observer, an io_context driver with a deadline, a random
/// chunked writer, an openpty() pair and a per-test temp directory. Real IO only, no mocks.
#include <fcntl.h>
#include <pty.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <utility>  // before Asio: Boost 1.74 awaitable.hpp needs std::exchange

#include <boost/asio/awaitable.hpp>
#include <boost/asio/buffer.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <cstdint>
#include <ctime>
#include <filesystem>
#include <random>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "runload/bridge/link.h"

namespace runload::bridge::test {

/// Records everything a Link reports.
class RecordingObserver : public LinkObserver {
 public:
  void on_bytes(std::span<const std::uint8_t> bytes, signal::HostTime host_rx) override {
    bytes_.insert(bytes_.end(), bytes.begin(), bytes.end());
    chunks_.emplace_back(bytes.begin(), bytes.end());
    last_rx_ = host_rx;
  }
  void on_link_up(std::string_view description) override {
    ++ups_;
    last_up_ = std::string(description);
  }
  void on_link_down(LinkDownReason reason, std::string_view detail) override {
    downs_.push_back(reason);
    last_down_ = std::string(detail);
  }

  std::vector<std::uint8_t> bytes_;
  std::vector<std::vector<std::uint8_t>> chunks_;
  std::vector<LinkDownReason> downs_;
  int ups_ = 0;
  std::string last_up_;
  std::string last_down_;
  signal::HostTime last_rx_{};
};

/// Runs handlers until `done()` or `timeout` elapsed; returns done(). Blocks inside the io_context
/// (run_one_for), so nothing sleeps while work is pending; with no work at all (waiting for another
/// process) it naps 5 ms per step.
template <typename Predicate>
bool run_until(boost::asio::io_context& io, Predicate done, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= deadline) return false;
    if (io.stopped()) io.restart();
    const auto step = std::min<std::chrono::steady_clock::duration>(deadline - now, std::chrono::milliseconds(20));
    // An io_context without work returns at once; then only another process can make progress.
    if (io.run_one_for(step) == 0 && io.stopped()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

/// Seeded pseudo-random payload.
inline std::vector<std::uint8_t> random_bytes(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> byte(0, 255);
  std::vector<std::uint8_t> out(n);
  for (auto& b : out) b = static_cast<std::uint8_t>(byte(rng));
  return out;
}

/// Writes `data` to `stream` in random chunk sizes in [1, max_chunk], in order.
template <typename AsyncWriteStream>
boost::asio::awaitable<void> write_chunked(AsyncWriteStream& stream, std::span<const std::uint8_t> data,
                                           std::uint32_t seed, std::size_t max_chunk) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<std::size_t> chunk(1, max_chunk);
  std::size_t offset = 0;
  while (offset < data.size()) {
    const std::size_t n = std::min(chunk(rng), data.size() - offset);
    co_await boost::asio::async_write(stream, boost::asio::buffer(data.data() + offset, n), boost::asio::use_awaitable);
    offset += n;
  }
}

/// CPU time (user + system) used by this process.
inline std::chrono::nanoseconds process_cpu_time() {
  timespec ts{};
  ::clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return std::chrono::seconds(ts.tv_sec) + std::chrono::nanoseconds(ts.tv_nsec);
}

/// A fresh directory under the system temp dir, removed at scope exit.
class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "runload_link_XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

/// An openpty() pair in raw mode. The slave fd stays open (as a real device node would) until
/// unplug(), which closes both ends: readers of the slave then see EOF/EIO.
class PtyPair {
 public:
  PtyPair() {
    if (::openpty(&master_, &slave_, name_, nullptr, nullptr) != 0) return;
    termios raw{};
    ::tcgetattr(slave_, &raw);
    ::cfmakeraw(&raw);
    ::tcsetattr(slave_, TCSANOW, &raw);
  }
  ~PtyPair() { unplug(); }
  PtyPair(const PtyPair&) = delete;
  PtyPair& operator=(const PtyPair&) = delete;

  bool ok() const { return master_ >= 0; }
  int master() const { return master_; }
  std::string slave_path() const { return name_; }

  void unplug() {
    if (master_ >= 0) ::close(master_);
    if (slave_ >= 0) ::close(slave_);
    master_ = -1;
    slave_ = -1;
  }

 private:
  int master_ = -1;
  int slave_ = -1;
  char name_[128] = {};
};

/// Points `link` at `target`, replacing an existing symlink atomically (as udev or an emulator would).
inline void repoint_symlink(const std::filesystem::path& link, const std::filesystem::path& target) {
  const auto tmp = link.string() + ".new";
  std::filesystem::remove(tmp);
  std::filesystem::create_symlink(target, tmp);
  std::filesystem::rename(tmp, link);
}

/// A TCP client/server or UDP endpoint on 127.0.0.1.
inline LinkEndpoint loopback_endpoint(LinkEndpoint::Kind kind, std::uint16_t port) {
  LinkEndpoint endpoint;
  endpoint.kind = kind;
  endpoint.address = "127.0.0.1";
  endpoint.port = port;
  return endpoint;
}

/// A short reconnect back-off (20–100 ms); the silence timeout is long unless a test is about it.
inline LinkOptions fast_link_options(std::chrono::milliseconds silence_timeout = std::chrono::seconds(10)) {
  LinkOptions options;
  options.reconnect_min = std::chrono::milliseconds(20);
  options.reconnect_max = std::chrono::milliseconds(100);
  options.silence_timeout = silence_timeout;
  return options;
}

}  // namespace runload::bridge::test
