#include "runload/bridge/emulator_output.h"

#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/write.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <system_error>
#include <thread>

namespace runload::bridge {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;

namespace {

[[noreturn]] void throw_errno(const std::string& what) {
  throw std::runtime_error(what + ": " + std::strerror(errno));
}

/// An IP address or a host name ("localhost") resolved once; clear error text otherwise.
asio::ip::address resolve_address(const std::string& host) {
  boost::system::error_code ec;
  const auto address = asio::ip::make_address(host, ec);
  if (!ec) return address;
  asio::io_context io;
  tcp::resolver resolver(io);
  const auto results = resolver.resolve(host, "", ec);
  if (ec || results.empty()) throw std::runtime_error("cannot resolve host '" + host + "': " + ec.message());
  return results.begin()->endpoint().address();
}

/// How long a tty write may wait for a receiver that does not read before the receiver counts as gone.
constexpr int kStalledReceiverMs = 3000;

/// Whether `fd` takes bytes within `timeout_ms`; false on a timeout or a signal (Ctrl-C, SIGTERM).
bool writable(int fd, int timeout_ms) {
  pollfd p{fd, POLLOUT, 0};
  return ::poll(&p, 1, timeout_ms) == 1 && (p.revents & POLLOUT) != 0;
}

/// Writes all of `bytes` to a non-blocking fd; false when the receiver stopped reading for
/// kStalledReceiverMs, on a signal, or on an error (the bytes not written are lost).
bool write_all_fd(int fd, std::span<const std::uint8_t> bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd, bytes.data(), bytes.size());
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!writable(fd, kStalledReceiverMs)) return false;
      continue;
    }
    if (n < 0 && errno == EINTR) return false;
    if (n <= 0) return false;
    bytes = bytes.subspan(static_cast<std::size_t>(n));
  }
  return true;
}

void make_non_blocking(int fd) { ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK); }

void make_raw(int fd) {
  termios tio{};
  if (::tcgetattr(fd, &tio) == 0) {
    ::cfmakeraw(&tio);
    ::tcsetattr(fd, TCSANOW, &tio);
  }
}

class PtyOutput final : public EmulatorOutput {
 public:
  explicit PtyOutput(std::optional<std::filesystem::path> link) : link_(std::move(link)) { open_pty(); }
  ~PtyOutput() override { close_pty(); if (link_) std::filesystem::remove(*link_); }
  std::string address() const override { return link_ ? link_->string() : slave_path_; }
  bool ready() override { return master_ >= 0 && writable(master_, 0); }  // a full queue: nobody reads
  bool write(std::span<const std::uint8_t> bytes) override { return master_ >= 0 && write_all_fd(master_, bytes); }
  void unplug() override {
    // Like udev removing /dev/serial/by-id on unplug: a receiver must not follow the link to a
    // pty number the kernel may hand to someone else meanwhile.
    if (link_) std::filesystem::remove(*link_);
    close_pty();
  }
  void replug() override { open_pty(); }
  void drain(std::chrono::milliseconds timeout) override {
    // Our own slave fd sees the input queue the receiver reads from. Bytes can still sit in the
    // kernel's flip buffer while that queue reads empty, so require it empty for a while.
    using Clock = std::chrono::steady_clock;
    constexpr auto kQuiet = std::chrono::milliseconds(150);
    const auto deadline = Clock::now() + timeout;
    auto empty_since = Clock::now();
    while (slave_ >= 0 && Clock::now() < deadline && Clock::now() - empty_since < kQuiet) {
      int queued = 0;
      if (::ioctl(slave_, FIONREAD, &queued) != 0) break;
      if (queued > 0) empty_since = Clock::now();
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
  }


 private:
  void open_pty() {
    char name[256] = {};
    if (::openpty(&master_, &slave_, name, nullptr, nullptr) != 0) throw_errno("openpty");
    // Raw on the slave side so no byte (0x0A, 0x11...) is translated or echoed before the receiver
    // sets its own mode. The slave stays open here so writes queue until a receiver opens it.
    make_raw(slave_);
    make_non_blocking(master_);
    slave_path_ = name;
    if (link_) {
      const std::filesystem::path tmp = link_->string() + ".tmp";
      std::filesystem::remove(tmp);
      std::filesystem::create_symlink(slave_path_, tmp);
      std::filesystem::rename(tmp, *link_);  // atomic re-point
    }
  }
  void close_pty() {
    if (master_ >= 0) ::close(master_);
    if (slave_ >= 0) ::close(slave_);
    master_ = slave_ = -1;
  }
  std::optional<std::filesystem::path> link_;
  int master_ = -1;
  int slave_ = -1;
  std::string slave_path_;
};

class TtyOutput final : public EmulatorOutput {
 public:
  explicit TtyOutput(std::filesystem::path path) : path_(std::move(path)) { open_tty(); }
  ~TtyOutput() override { if (fd_ >= 0) ::close(fd_); }
  std::string address() const override { return path_.string(); }
  bool ready() override { return fd_ >= 0 && writable(fd_, 0); }
  bool write(std::span<const std::uint8_t> bytes) override { return fd_ >= 0 && write_all_fd(fd_, bytes); }
  void unplug() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }
  void replug() override { open_tty(); }

 private:
  void open_tty() {
    fd_ = ::open(path_.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
    if (fd_ < 0) throw_errno("cannot open " + path_.string());
    make_raw(fd_);
  }
  std::filesystem::path path_;
  int fd_ = -1;
};

class TcpListenOutput final : public EmulatorOutput {
 public:
  TcpListenOutput(const std::string& host, std::uint16_t port)
      : endpoint_(resolve_address(host), port), acceptor_(io_), socket_(io_) {
    listen();
    endpoint_.port(acceptor_.local_endpoint().port());  // resolve port 0 once, keep it on replug
  }
  std::string address() const override {
    return "tcp:" + endpoint_.address().to_string() + ":" + std::to_string(endpoint_.port());
  }
  bool ready() override {
    if (socket_.is_open()) return true;
    if (!acceptor_.is_open()) return false;
    boost::system::error_code ec;
    acceptor_.accept(socket_, ec);  // non-blocking acceptor: would_block until a client arrives
    if (ec) return false;
    socket_.set_option(tcp::no_delay(true), ec);
    return true;
  }
  bool write(std::span<const std::uint8_t> bytes) override {
    if (!socket_.is_open()) return false;
    boost::system::error_code ec;
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec) {
      socket_.close(ec);  // the client left: wait for the next one
      return false;
    }
    return true;
  }
  void unplug() override {
    boost::system::error_code ec;
    socket_.close(ec);
    acceptor_.close(ec);
  }
  void replug() override { listen(); }

 private:
  void listen() {
    acceptor_.open(endpoint_.protocol());
    acceptor_.set_option(tcp::acceptor::reuse_address(true));
    acceptor_.bind(endpoint_);
    acceptor_.listen();
    acceptor_.non_blocking(true);
  }
  asio::io_context io_;
  tcp::endpoint endpoint_;
  tcp::acceptor acceptor_;
  tcp::socket socket_;
};

class TcpConnectOutput final : public EmulatorOutput {
 public:
  TcpConnectOutput(const std::string& host, std::uint16_t port)
      : endpoint_(resolve_address(host), port), socket_(io_) {
    boost::system::error_code ec;
    socket_.connect(endpoint_, ec);  // a bridge whose server is not there says so, rather than wait silently
    if (ec) throw std::runtime_error("cannot connect to " + host + ":" + std::to_string(port) + ": " + ec.message());
  }
  std::string address() const override {
    return "tcp:" + endpoint_.address().to_string() + ":" + std::to_string(endpoint_.port());
  }
  bool ready() override {
    if (socket_.is_open()) return true;
    if (unplugged_) return false;
    boost::system::error_code ec;
    socket_.connect(endpoint_, ec);
    if (ec) {
      socket_.close(ec);
      return false;
    }
    return true;
  }
  bool write(std::span<const std::uint8_t> bytes) override {
    if (!socket_.is_open()) return false;
    boost::system::error_code ec;
    asio::write(socket_, asio::buffer(bytes.data(), bytes.size()), ec);
    if (ec) socket_.close(ec);
    return !ec;
  }
  void unplug() override {
    boost::system::error_code ec;
    socket_.close(ec);
    unplugged_ = true;
  }
  void replug() override { unplugged_ = false; }

 private:
  asio::io_context io_;
  tcp::endpoint endpoint_;
  tcp::socket socket_;
  bool unplugged_ = false;
};

class UdpOutput final : public EmulatorOutput {
 public:
  UdpOutput(const std::string& host, std::uint16_t port)
      : endpoint_(resolve_address(host), port), socket_(io_, udp::v4()) {}
  std::string address() const override {
    return "udp:" + endpoint_.address().to_string() + ":" + std::to_string(endpoint_.port());
  }
  bool ready() override { return !unplugged_; }
  bool datagrams() const override { return true; }
  bool write(std::span<const std::uint8_t> bytes) override {
    if (unplugged_) return false;
    boost::system::error_code ec;
    socket_.send_to(asio::buffer(bytes.data(), bytes.size()), endpoint_, 0, ec);
    return !ec;
  }
  void unplug() override { unplugged_ = true; }
  void replug() override { unplugged_ = false; }

 private:
  asio::io_context io_;
  udp::endpoint endpoint_;
  udp::socket socket_;
  bool unplugged_ = false;
};

class FileOutput final : public EmulatorOutput {
 public:
  explicit FileOutput(std::filesystem::path path) : path_(std::move(path)), out_(path_, std::ios::binary | std::ios::trunc) {
    if (!out_) throw_errno("cannot create " + path_.string());
  }
  std::string address() const override { return path_.string(); }
  bool write(std::span<const std::uint8_t> bytes) override {
    out_.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out_ && error_.empty()) error_ = std::strerror(errno);
    return static_cast<bool>(out_);
  }
  std::string finish() override {
    out_.flush();
    if (!out_ && error_.empty()) error_ = std::strerror(errno);
    return error_.empty() ? std::string() : "cannot write " + path_.string() + ": " + error_;
  }
  void unplug() override {}
  void replug() override {}

 private:
  std::filesystem::path path_;
  std::ofstream out_;
  std::string error_;
};

}  // namespace

std::unique_ptr<EmulatorOutput> make_pty_output(std::optional<std::filesystem::path> link) {
  return std::make_unique<PtyOutput>(std::move(link));
}
std::unique_ptr<EmulatorOutput> make_tty_output(const std::filesystem::path& path) {
  return std::make_unique<TtyOutput>(path);
}
std::unique_ptr<EmulatorOutput> make_tcp_listen_output(const std::string& host, std::uint16_t port) {
  try {
    return std::make_unique<TcpListenOutput>(host, port);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + e.code().message());
  }
}
std::unique_ptr<EmulatorOutput> make_tcp_connect_output(const std::string& host, std::uint16_t port) {
  return std::make_unique<TcpConnectOutput>(host, port);
}
std::unique_ptr<EmulatorOutput> make_udp_output(const std::string& host, std::uint16_t port) {
  try {
    return std::make_unique<UdpOutput>(host, port);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error("cannot send UDP to " + host + ":" + std::to_string(port) + ": " + e.code().message());
  }
}
std::unique_ptr<EmulatorOutput> make_file_output(const std::filesystem::path& path) {
  return std::make_unique<FileOutput>(path);
}

}  // namespace runload::bridge
