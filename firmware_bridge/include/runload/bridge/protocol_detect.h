#pragma once
/// Guesses the protocol of a byte stream or file from its first bytes.
#include <filesystem>
#include <optional>
#include <span>

#include "runload/bridge/decoder.h"

namespace runload::bridge {

/// Decodes `head` with every protocol and returns the one that accepts the most frames and samples
/// with the fewest errors (x-IMU3 CSV logs are recognised by their header). nullopt when none decodes anything.
std::optional<Protocol> detect_protocol(std::span<const std::uint8_t> head);

/// detect_protocol() on the first 64 KiB of a file; nullopt when unreadable or unknown.
std::optional<Protocol> detect_file_protocol(const std::filesystem::path& path);

}  // namespace runload::bridge
