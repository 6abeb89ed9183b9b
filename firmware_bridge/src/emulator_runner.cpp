#include <chrono>
#include <thread>

#include "runload/bridge/emulator_output.h"

namespace runload::bridge {

namespace {
using Clock = std::chrono::steady_clock;
constexpr auto kPollInterval = std::chrono::milliseconds(5);

bool stopped(const EmulatorRunOptions& o) { return o.stop != nullptr && o.stop->load(); }

bool send(EmulatorOutput& output, std::span<const std::uint8_t> bytes, std::size_t chunk) {
  if (chunk == 0) return output.write(bytes);
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    if (!output.write(bytes.subspan(i, std::min(chunk, bytes.size() - i)))) return false;
  }
  return true;
}
}  // namespace

EmulatorReport run_emulator(SensorEmulator& emulator, EmulatorOutput& output, const EmulatorRunOptions& options) {
  // A device bridge streams once a receiver is there (a TCP server waits for its client).
  while (!output.ready()) {
    if (stopped(options)) return emulator.report();
    std::this_thread::sleep_for(kPollInterval);
  }
  // A leading delimiter lets a receiver that joined mid-way sync at once (docs/wire_format.md).
  const auto sync = emulator.sync_bytes();
  bool connected = sync.empty() || output.write(sync);

  const Clock::time_point start = Clock::now();
  std::optional<std::int64_t> t0_us;
  bool away = false;  // unplugged and not yet due back
  Clock::time_point back_at{};
  bool unplugged_once = false;
  bool restarted = false;
  while (auto frame = emulator.next()) {
    if (stopped(options)) break;
    if (!t0_us) t0_us = signal::to_us(frame->t_last_sample);
    const double t_s = static_cast<double>(signal::to_us(frame->t_last_sample) - *t0_us) / 1e6;
    if (options.realtime) {
      std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(t_s)));
    }
    if (options.restart_after_s && !restarted && t_s >= *options.restart_after_s) {
      restarted = true;
      emulator.restart();  // takes effect from the next frame
    }
    if (options.disconnect_after_s && !unplugged_once && t_s >= *options.disconnect_after_s) {
      unplugged_once = true;
      // Bytes already on the wire when the cable is pulled arrive; a pty would discard its queue
      // on close, so let the receiver read what was sent first (exact loss accounting).
      if (connected) output.drain(std::chrono::milliseconds(500));
      output.unplug();
      emulator.count_disconnect();
      connected = false;
      away = true;
      back_at = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(options.down_for_s));
    }
    if (!connected && away && Clock::now() >= back_at) {
      output.replug();
      away = false;
    }
    if (!connected && !away && output.ready()) connected = sync.empty() || output.write(sync);
    if (!connected) {
      emulator.count_lost_in_outage(*frame);
      continue;
    }
    if (!emulator.apply_faults(*frame)) continue;
    if (send(output, frame->bytes, output.datagrams() || options.chunk_bytes > 0 ? options.chunk_bytes : 0)) {
      emulator.count_sent(*frame);
    } else {
      connected = false;  // the receiver went away; frames are lost until it returns
      emulator.count_lost_in_outage(*frame);
    }
  }
  if (connected) output.drain(std::chrono::seconds(2));
  return emulator.report();
}

}  // namespace runload::bridge
