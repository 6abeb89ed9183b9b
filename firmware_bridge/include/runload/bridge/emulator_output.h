#pragma once
/// Where an emulated sensor writes its bytes: a pseudo-terminal it creates (like a USB-CDC device),
/// an existing tty path (e.g. one end of a socat pty pair), a TCP server or client (ESP32 / phone
/// BLE bridges), UDP datagrams, or a file. Each can simulate an unplug and the device's return.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "runload/bridge/emulator.h"

namespace runload::bridge {

class EmulatorOutput {
 public:
  virtual ~EmulatorOutput() = default;
  /// Where a receiver connects: a pty path, "tcp:127.0.0.1:7000", a file path...
  virtual std::string address() const = 0;
  /// Non-blocking: whether a receiver can get bytes now (a TCP server accepts a pending client
  /// here). Always true for ptys, tty paths, UDP and files.
  virtual bool ready() { return true; }
  /// Writes bytes; false when the receiver went away (the frame is lost).
  virtual bool write(std::span<const std::uint8_t> bytes) = 0;
  /// Whether writes of `chunk` bytes are separate datagrams (UDP) rather than a byte stream.
  virtual bool datagrams() const { return false; }
  /// Waits (up to `timeout`) until the receiver has read what was written, so closing the output
  /// does not discard the last frames (a pty's queue is flushed when its master closes).
  virtual void drain(std::chrono::milliseconds /*timeout*/) {}
  /// Delivers what the output still buffers; the error text when bytes could not be delivered (a full
  /// disk), else empty. Call once at the end: a stream that went nowhere is not a success.
  virtual std::string finish() { return {}; }
  /// Simulates an unplug: the receiver sees EOF/EIO or a refused connection.
  virtual void unplug() = 0;
  /// The device comes back (a new pty behind the same symlink, the TCP server listening again).
  virtual void replug() = 0;
};

/// Creates a pseudo-terminal in raw mode. A write that cannot go on for kStalledReceiver (nobody reads
/// the queue) or is interrupted by a signal fails, so a device whose reader is gone never hangs. With `link`, a symlink to the slave path is kept
/// pointing at the current pty (re-pointed on replug), like a udev /dev/serial/by-id link.
/// Throws std::runtime_error when no pty can be created.
std::unique_ptr<EmulatorOutput> make_pty_output(std::optional<std::filesystem::path> link);
/// Writes into an existing tty (e.g. socat's end of a pty pair). Throws std::runtime_error.
std::unique_ptr<EmulatorOutput> make_tty_output(const std::filesystem::path& path);
/// A TCP server on host:port (port 0 = ephemeral); streams to one client at a time.
/// Throws std::runtime_error when the address cannot be resolved or bound (also for the others).
std::unique_ptr<EmulatorOutput> make_tcp_listen_output(const std::string& host, std::uint16_t port);
/// A TCP client that connects to host:port at once (std::runtime_error naming the address and the
/// reason when it cannot: no server there), and again after an unplug.
std::unique_ptr<EmulatorOutput> make_tcp_connect_output(const std::string& host, std::uint16_t port);
/// UDP datagrams to host:port.
std::unique_ptr<EmulatorOutput> make_udp_output(const std::string& host, std::uint16_t port);
/// A plain file (the raw byte stream, no pacing needed); finish() reports bytes the file did not take.
std::unique_ptr<EmulatorOutput> make_file_output(const std::filesystem::path& path);

struct EmulatorRunOptions {
  bool realtime = true;                 ///< pace frames at the device's sample clock
  std::size_t chunk_bytes = 0;          ///< split writes (20 = BLE notifications at MTU 23); 0 = whole frames
  std::optional<double> disconnect_after_s;  ///< unplug after this much device time
  double down_for_s = 1.0;              ///< how long the device stays away
  std::optional<double> restart_after_s;  ///< the device reboots after this much device time
  const std::atomic<bool>* stop = nullptr;  ///< set to end early (Ctrl-C)
};

/// Streams every frame of `emulator` to `output`, applying faults and the unplug schedule.
/// Returns what was injected. Blocking; run it on its own thread for an in-process device.
EmulatorReport run_emulator(SensorEmulator& emulator, EmulatorOutput& output, const EmulatorRunOptions& options);

}  // namespace runload::bridge
