#include "runload/bridge/recording_file.h"

#include <google/protobuf/io/zero_copy_stream_impl.h>
#include <google/protobuf/util/delimited_message_util.h>

#include <algorithm>
#include <cstring>

namespace runload::bridge {

namespace {
constexpr std::int64_t kFlushIntervalNs = 200'000'000;  // bound what a crash can lose to 0.2 s
}

bool is_recording_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[sizeof kRecordingMagic] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == sizeof magic && std::memcmp(magic, kRecordingMagic, sizeof magic) == 0;
}

tl::expected<RecordingWriter, std::string> RecordingWriter::create(const std::filesystem::path& path,
                                                                   const pb::RecordingHeader& header) {
  auto out = std::make_unique<std::ofstream>(path, std::ios::binary | std::ios::trunc);
  if (!*out) return tl::unexpected("cannot create recording " + path.string() + ": " + std::strerror(errno));
  out->write(kRecordingMagic, sizeof kRecordingMagic);
  out->put(static_cast<char>(kRecordingVersion));
  if (!google::protobuf::util::SerializeDelimitedToOstream(header, out.get()) || !out->flush()) {
    return tl::unexpected("cannot write recording header to " + path.string());
  }
  return RecordingWriter(std::move(out));
}

bool RecordingWriter::append(const pb::Record& record) {
  if (!google::protobuf::util::SerializeDelimitedToOstream(record, out_.get())) return false;
  if (record.host_rx_ns() - static_cast<std::uint64_t>(last_flush_ns_) >= kFlushIntervalNs) {
    last_flush_ns_ = static_cast<std::int64_t>(record.host_rx_ns());
    return flush();
  }
  return static_cast<bool>(*out_);
}

bool RecordingWriter::write_bytes(std::span<const std::uint8_t> bytes, signal::HostTime host_rx, std::uint32_t link_id) {
  pb::Record record;
  record.set_host_rx_ns(static_cast<std::uint64_t>(host_rx.time_since_epoch().count()));
  record.set_link_id(link_id);
  record.set_raw_bytes(bytes.data(), bytes.size());
  bytes_recorded_ += bytes.size();
  return append(record);
}

bool RecordingWriter::write_event(pb::Record::LinkEvent event, signal::HostTime host_rx, std::uint32_t link_id) {
  pb::Record record;
  record.set_host_rx_ns(static_cast<std::uint64_t>(host_rx.time_since_epoch().count()));
  record.set_link_id(link_id);
  record.set_event(event);
  return append(record);
}

bool RecordingWriter::flush() { return static_cast<bool>(out_->flush()); }

struct RecordingReader::Stream {
  std::ifstream file;
  google::protobuf::io::IstreamInputStream input{&file};
  explicit Stream(const std::filesystem::path& path) : file(path, std::ios::binary) {}
};

RecordingReader::RecordingReader(std::unique_ptr<Stream> stream) : stream_(std::move(stream)) {}
RecordingReader::RecordingReader(RecordingReader&&) noexcept = default;
RecordingReader& RecordingReader::operator=(RecordingReader&&) noexcept = default;
RecordingReader::~RecordingReader() = default;

tl::expected<RecordingReader, std::string> RecordingReader::open(const std::filesystem::path& path) {
  auto stream = std::make_unique<Stream>(path);
  if (!stream->file) return tl::unexpected("cannot open " + path.string() + ": " + std::strerror(errno));
  char magic[sizeof kRecordingMagic + 1] = {};
  stream->file.read(magic, sizeof magic);
  if (stream->file.gcount() != sizeof magic || std::memcmp(magic, kRecordingMagic, sizeof kRecordingMagic) != 0) {
    return tl::unexpected(path.string() + " is not a runload recording (bad magic)");
  }
  if (static_cast<std::uint8_t>(magic[sizeof kRecordingMagic]) != kRecordingVersion) {
    return tl::unexpected(path.string() + ": unsupported recording version " +
                          std::to_string(static_cast<std::uint8_t>(magic[sizeof kRecordingMagic])));
  }
  RecordingReader reader(std::move(stream));
  bool clean_eof = false;
  if (!google::protobuf::util::ParseDelimitedFromZeroCopyStream(&reader.header_, &reader.stream_->input, &clean_eof)) {
    return tl::unexpected(path.string() + ": recording header is corrupt or cut short");
  }
  return reader;
}

bool RecordingReader::next(pb::Record& record) {
  if (truncated_) return false;
  bool clean_eof = false;
  record.Clear();  // the parser merges into what `record` holds: a record must not inherit the previous one's fields
  if (google::protobuf::util::ParseDelimitedFromZeroCopyStream(&record, &stream_->input, &clean_eof)) return true;
  truncated_ = !clean_eof;
  return false;
}

}  // namespace runload::bridge
