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

/// True when the file's first line is the x-IMU3 data logger's `Inertial.csv` header (its other CSV
/// files, Battery.csv and the like, start with a different header).
bool is_ximu3_inertial_csv(const std::filesystem::path& path);

/// detect_protocol() on the first 64 KiB of a file; nullopt when unreadable or unknown.
std::optional<Protocol> detect_file_protocol(const std::filesystem::path& path);

}  // namespace runload::bridge
