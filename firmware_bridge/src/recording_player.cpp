#include "runload/bridge/recording_player.h"

#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

#include "runload/bridge/recording_file.h"

namespace runload::bridge {

namespace {
using Clock = std::chrono::steady_clock;

bool write_chunked(EmulatorOutput& output, std::span<const std::uint8_t> bytes, std::size_t chunk) {
  if (chunk == 0) return output.write(bytes);
  for (std::size_t i = 0; i < bytes.size(); i += chunk) {
    if (!output.write(bytes.subspan(i, std::min(chunk, bytes.size() - i)))) return false;
  }
  return true;
}

bool stopped(const PlaybackOptions& o) { return o.stop != nullptr && o.stop->load(); }

void wait_for_receiver(EmulatorOutput& output, const PlaybackOptions& options) {
  while (!output.ready() && !stopped(options)) std::this_thread::sleep_for(std::chrono::milliseconds(5));
}
}  // namespace

tl::expected<PlaybackReport, std::string> play_recording(const std::filesystem::path& path, EmulatorOutput& output,
                                                         const PlaybackOptions& options) {
  PlaybackReport report;
  if (!is_recording_file(path)) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return tl::unexpected("cannot open " + path.string());
    wait_for_receiver(output, options);
    std::vector<char> block(options.chunk_bytes != 0 ? options.chunk_bytes : 4096);
    while (in && !stopped(options)) {
      in.read(block.data(), static_cast<std::streamsize>(block.size()));
      const auto n = static_cast<std::size_t>(in.gcount());
      if (n == 0) break;
      if (!output.write(std::span(reinterpret_cast<const std::uint8_t*>(block.data()), n))) break;
      ++report.chunks;
      report.bytes += n;
    }
    output.drain(std::chrono::seconds(2));
    return report;
  }
  auto reader = RecordingReader::open(path);
  if (!reader) return tl::unexpected(reader.error());
  wait_for_receiver(output, options);
  pb::Record record;
  std::optional<std::uint64_t> first_rx_ns;
  const Clock::time_point start = Clock::now();
  while (reader->next(record) && !stopped(options)) {
    if (record.raw_bytes().empty()) continue;  // link events are the receiver's, not the device's
    if (!first_rx_ns) first_rx_ns = record.host_rx_ns();
    if (options.realtime) {
      std::this_thread::sleep_until(start + std::chrono::nanoseconds(record.host_rx_ns() - *first_rx_ns));
    }
    const auto& raw = record.raw_bytes();
    if (!write_chunked(output, std::span(reinterpret_cast<const std::uint8_t*>(raw.data()), raw.size()),
                       options.chunk_bytes)) {
      break;
    }
    ++report.chunks;
    report.bytes += raw.size();
  }
  report.truncated = reader->truncated();
  output.drain(std::chrono::seconds(2));
  return report;
}

}  // namespace runload::bridge
