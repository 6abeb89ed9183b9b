#pragma once
/// Recorded-session files (docs/wire_format.md §Recording file): the raw link bytes exactly as
/// received, with host arrival times, so a recording replays through the same decoder.
///
///   file   = magic "RLREC\r\n\x1a" version:u8(1) header record*
///   header = varint length + pb::RecordingHeader
///   record = varint length + pb::Record
///
/// A crash can only cut the last record short: the reader reports a truncated tail and keeps
/// everything before it.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <memory>
#include <span>
#include <string>

#include <tl/expected.hpp>

#include "runload.pb.h"
#include "runload/signal/time.h"

namespace runload::bridge {

inline constexpr char kRecordingMagic[8] = {'R', 'L', 'R', 'E', 'C', '\r', '\n', '\x1a'};
inline constexpr std::uint8_t kRecordingVersion = 1;

/// True when the file starts with the recording magic.
bool is_recording_file(const std::filesystem::path& path);

/// Appends link chunks to a recording. Not thread-safe.
class RecordingWriter {
 public:
  /// Creates (truncates) `path` and writes the magic and header. Error text on failure.
  static tl::expected<RecordingWriter, std::string> create(const std::filesystem::path& path,
                                                           const pb::RecordingHeader& header);
  RecordingWriter(RecordingWriter&&) noexcept = default;
  RecordingWriter& operator=(RecordingWriter&&) noexcept = default;

  /// Appends one chunk of raw bytes; flushes to the OS at most every `flush_interval` of host time.
  bool write_bytes(std::span<const std::uint8_t> bytes, signal::HostTime host_rx, std::uint32_t link_id = 0);
  /// Appends a link event (lost / restored).
  bool write_event(pb::Record::LinkEvent event, signal::HostTime host_rx, std::uint32_t link_id = 0);
  /// Flushes buffered records to the OS.
  bool flush();
  std::uint64_t bytes_recorded() const noexcept { return bytes_recorded_; }

 private:
  explicit RecordingWriter(std::unique_ptr<std::ofstream> out) : out_(std::move(out)) {}
  bool append(const pb::Record& record);

  std::unique_ptr<std::ofstream> out_;
  std::uint64_t bytes_recorded_ = 0;
  std::int64_t last_flush_ns_ = 0;
};

/// Reads a recording record by record.
class RecordingReader {
 public:
  static tl::expected<RecordingReader, std::string> open(const std::filesystem::path& path);
  RecordingReader(RecordingReader&&) noexcept;
  RecordingReader& operator=(RecordingReader&&) noexcept;
  ~RecordingReader();

  const pb::RecordingHeader& header() const noexcept { return header_; }
  /// The next record; false at the end of the file or at a truncated/corrupt tail.
  bool next(pb::Record& record);
  /// True when reading stopped at a cut-short or unparsable record rather than a clean end.
  bool truncated() const noexcept { return truncated_; }

 private:
  struct Stream;
  explicit RecordingReader(std::unique_ptr<Stream> stream);
  std::unique_ptr<Stream> stream_;
  pb::RecordingHeader header_;
  bool truncated_ = false;
};

}  // namespace runload::bridge
