// Serial transport: Boost.Asio serial_port for all IO (works on ptys, unlike libserialport's sp_open).
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include <boost/asio/redirect_error.hpp>
#include <boost/asio/serial_port.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <filesystem>
#include <system_error>

#include "transport.h"

namespace runload::bridge::detail {
namespace asio = boost::asio;
namespace {

/// Unix98 pty slaves (/dev/pts/N) have majors 136..143 (Linux devices.txt).
bool is_pty(int fd, const std::string& canonical_path) {
  if (canonical_path.rfind("/dev/pts/", 0) == 0) return true;
  struct stat st {};
  if (::fstat(fd, &st) != 0) return false;
  const unsigned major_number = major(st.st_rdev);
  return S_ISCHR(st.st_mode) && major_number >= 136U && major_number <= 143U;
}

class SerialTransport final : public Transport {
 public:
  SerialTransport(asio::io_context& io, const LinkEndpoint& endpoint)
      : port_(io), path_(endpoint.address), baud_(endpoint.baud) {}

  asio::awaitable<OpenResult> open() override {
    co_return open_now();
  }

  asio::awaitable<std::size_t> read_some(std::span<std::uint8_t> buffer, boost::system::error_code& ec) override {
    ec.clear();
    const std::size_t n = co_await port_.async_read_some(asio::buffer(buffer.data(), buffer.size()),
                                                         asio::redirect_error(asio::use_awaitable, ec));
    co_return n;
  }

  void close() noexcept override {
    boost::system::error_code ignored;
    port_.close(ignored);
  }

 private:
  OpenResult open_now() {
    close();
    // Re-resolve every time: by-id and emulator symlinks point at a new node after a replug.
    std::error_code fs_ec;
    const std::filesystem::path resolved = std::filesystem::canonical(path_, fs_ec);
    if (fs_ec) return {false, path_ + ": " + fs_ec.message()};
    const std::string device = resolved.string();

    boost::system::error_code ec;
    port_.open(device, ec);  // O_RDWR|O_NONBLOCK|O_NOCTTY + raw termios
    if (ec) return {false, describe_error(device, ec)};

    const bool pty = is_pty(port_.native_handle(), device);
    if (!pty && ::ioctl(port_.native_handle(), TIOCEXCL) != 0) {
      const boost::system::error_code excl_ec(errno, boost::system::system_category());
      close();
      return {false, describe_error(device + ": TIOCEXCL", excl_ec)};
    }
    if (const auto config_ec = configure(); config_ec && !pty) {
      close();  // a real port that refuses the line settings would deliver garbage
      return {false, describe_error(device + ": line settings (baud " + std::to_string(baud_) + ")", config_ec)};
    }
    std::string text = "serial " + device;
    if (device != path_) text += " (" + path_ + ")";
    text += pty ? " [pty]" : " @ " + std::to_string(baud_) + " 8N1";
    return {true, std::move(text)};
  }

  /// Baud, 8N1, no flow control. Returns the first error (ptys accept or ignore these).
  boost::system::error_code configure() {
    using base = asio::serial_port_base;
    boost::system::error_code first;
    boost::system::error_code ec;
    const auto keep = [&first, &ec] {
      if (ec && !first) first = ec;
      ec.clear();
    };
    port_.set_option(base::baud_rate(baud_), ec);
    keep();
    port_.set_option(base::character_size(8), ec);
    keep();
    port_.set_option(base::parity(base::parity::none), ec);
    keep();
    port_.set_option(base::stop_bits(base::stop_bits::one), ec);
    keep();
    port_.set_option(base::flow_control(base::flow_control::none), ec);
    keep();
    return first;
  }

  asio::serial_port port_;
  std::string path_;
  unsigned baud_;
};

}  // namespace

std::unique_ptr<Transport> make_serial_transport(asio::io_context& io, const LinkEndpoint& endpoint) {
  return std::make_unique<SerialTransport>(io, endpoint);
}

}  // namespace runload::bridge::detail
