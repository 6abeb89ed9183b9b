#pragma once
/// Plays a recording as a device: the raw link bytes of a `.rlrec` file (or any raw capture) are
/// written to an emulator output — at the pace they were received, or at full speed.
#include <atomic>
#include <cstdint>
#include <filesystem>

#include <tl/expected.hpp>

#include "runload/bridge/emulator_output.h"

namespace runload::bridge {

struct PlaybackReport {
  std::uint64_t chunks = 0;
  std::uint64_t bytes = 0;
  bool truncated = false;  ///< the recording ended in a cut-short record
};

struct PlaybackOptions {
  bool realtime = true;            ///< keep the recorded arrival times (raw captures: no pacing)
  std::size_t chunk_bytes = 0;     ///< re-split writes; 0 = as recorded (raw captures: 4 KiB)
  const std::atomic<bool>* stop = nullptr;
};

/// Writes the recording's bytes to `output`. Error text when the file cannot be read.
tl::expected<PlaybackReport, std::string> play_recording(const std::filesystem::path& path, EmulatorOutput& output,
                                                         const PlaybackOptions& options);

}  // namespace runload::bridge
