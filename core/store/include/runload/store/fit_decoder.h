#pragma once
/// Incremental decoder for FIT files (Garmin's Flexible and Interoperable data Transfer protocol, as
/// published in the FIT SDK's protocol description). Grammar, per chained file:
///
///   file    = header record* crc16                 (files may follow each other: "chained" FIT)
///   header  = size:u8 (12|14) protocol:u8 profile:u16le data_size:u32le ".FIT" [crc16le of bytes 0..11]
///   record  = definition | data
///   definition = hdr(0x40 | dev 0x20 | local 0..15) reserved:u8 arch:u8 (0 LE, 1 BE) global:u16(arch)
///                n:u8 (field_num:u8 size:u8 base_type:u8){n} [m:u8 (field_num size dev_index){m}]
///   data    = hdr(local 0..15) bytes(definition's size)
///           | hdr(0x80 | local 0..3 << 5 | time_offset 0..31) bytes  (compressed timestamp)
///
/// The CRC-16 (polynomial 0xA001, nibble table) covers the whole file from its first header byte up to
/// the trailing CRC; a 14-byte header's own CRC covers bytes 0..11 (0 = not computed). Compressed
/// timestamps add the 5-bit offset to the last full timestamp (field 253), rolling over 32 s.
/// field_description messages (global 206) name developer fields; the decoder keeps them per file.
///
/// Bounded: bytes are buffered only up to one pending item, whose size the definition bounds
/// (kMaxMessageBytes); the header's data_size is counted down, never allocated. The first fault
/// (bad header, header or file CRC, undefined local type, message past the data size, truncation)
/// stops decoding; what was delivered before it stays valid and error() says what and where.
/// Never throws on bad input. Not thread-safe.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace runload::store::fit {

/// Seconds from the Unix epoch to the FIT epoch (1989-12-31T00:00:00Z).
inline constexpr std::int64_t kFitEpochUnix_s = 631065600;
/// FIT date_time values below this are seconds since the device powered on, not a date.
inline constexpr std::uint32_t kMinAbsoluteTime = 0x10000000;
/// Largest item the decoder ever buffers: a data message of 255 fields and 255 developer fields of
/// 255 bytes each (a definition is at most 1 537 bytes).
inline constexpr std::size_t kMaxMessageBytes = 2 * 255 * 255;
/// Global message numbers the decoder itself uses.
inline constexpr std::uint16_t kFieldDescriptionMessage = 206;
inline constexpr std::uint8_t kTimestampField = 253;

/// A developer field's description (field_description message).
struct FieldDescription {
  std::uint8_t developer_index = 0;
  std::uint8_t number = 0;
  std::uint8_t base_type = 0;
  std::string name;
  std::string units;
  double scale = 1.0;
  double offset = 0.0;
  std::optional<std::uint16_t> native_message;
  std::optional<std::uint8_t> native_field;
};

struct Field {
  std::uint8_t number = 0;
  std::uint8_t base_type = 0;
  std::span<const std::uint8_t> bytes;
};

struct DeveloperField {
  std::uint8_t developer_index = 0;
  std::uint8_t number = 0;
  std::span<const std::uint8_t> bytes;
  const FieldDescription* description = nullptr;  ///< nullptr when the file never described it
};

/// One decoded data message. Spans point into the decoder's buffer: valid during on_message only.
struct Message {
  std::uint16_t global = 0;
  std::uint8_t local = 0;
  bool big_endian = false;
  bool compressed_timestamp = false;
  std::optional<std::uint32_t> timestamp;  ///< field 253, or the compressed header's time (FIT seconds)
  std::vector<Field> fields;
  std::vector<DeveloperField> developer_fields;

  const Field* field(std::uint8_t number) const noexcept;
  /// The field's first element as (raw × 1/scale − offset); nullopt when absent or the invalid value.
  std::optional<double> number(std::uint8_t field_number, double scale = 1.0, double offset = 0.0) const noexcept;
  /// A string field up to its first NUL; nullopt when absent or empty.
  std::optional<std::string> text(std::uint8_t field_number) const;
  /// A developer field's first element with its description's scale and offset applied.
  std::optional<double> developer_number(const DeveloperField& field) const noexcept;
};

/// The value of one element of base type `base_type` at `bytes` (size checked), nullopt if invalid.
std::optional<double> element_value(std::uint8_t base_type, std::span<const std::uint8_t> bytes,
                                    bool big_endian) noexcept;

/// `v` as the unsigned type T when it lies in T's range (a fuzzed file may declare any base type for
/// any field, so a value meant as an id can be negative or fractional), else nullopt.
template <typename T>
std::optional<T> to_unsigned(const std::optional<double>& v) noexcept {
  if (!v || !(*v >= 0) || *v > static_cast<double>(std::numeric_limits<T>::max())) return std::nullopt;
  return static_cast<T>(*v);
}

class MessageSink {
 public:
  virtual ~MessageSink() = default;
  virtual void on_message(const Message& message) = 0;
};

struct DecoderStats {
  std::uint64_t bytes = 0;
  std::uint64_t files = 0;        ///< chained files completed with a good CRC
  std::uint64_t definitions = 0;
  std::uint64_t big_endian_definitions = 0;
  std::uint64_t messages = 0;     ///< data messages delivered
  std::uint64_t compressed_timestamps = 0;
};

class Decoder {
 public:
  /// `sink` must outlive the decoder.
  explicit Decoder(MessageSink& sink);

  /// Feeds the next bytes of the stream; does nothing once an error is set.
  void push(std::span<const std::uint8_t> bytes);
  /// End of input: a file or item cut short becomes the error "truncated".
  void finish();

  /// The first fault, e.g. "file CRC mismatch (0x1234 stored, 0x5678 computed)"; nullopt while clean.
  const std::optional<std::string>& error() const noexcept { return error_; }
  /// Byte offset of the item (header, message, CRC) where the fault was found.
  std::uint64_t error_offset() const noexcept { return error_offset_; }
  const DecoderStats& stats() const noexcept { return stats_; }

 private:
  enum class State : std::uint8_t {
    kFileHeader, kRecordHeader, kDefinition, kDefinitionFields, kDeveloperCount, kDeveloperFields, kData, kFileCrc,
    kFailed
  };
  struct FieldDefinition {
    std::uint8_t number = 0, size = 0, base_type = 0;  // base_type holds the developer index for dev fields
  };
  struct Definition {
    bool defined = false;
    bool big_endian = false;
    std::uint16_t global = 0;
    std::vector<FieldDefinition> fields;
    std::vector<FieldDefinition> developer_fields;
    std::size_t size = 0;
  };

  void start_item(State state, std::size_t need);
  void complete_item();
  void on_file_header();
  void on_record_header(std::uint8_t header);
  void on_definition_complete();
  void on_data();
  void remember_description(const Message& m);
  void fail(std::string what);

  MessageSink& sink_;
  State state_ = State::kFileHeader;
  std::vector<std::uint8_t> pending_;
  std::size_t need_ = 1;
  std::uint64_t item_offset_ = 0;
  std::uint16_t crc_ = 0;
  std::uint64_t data_remaining_ = 0;
  std::uint8_t record_header_ = 0;
  std::uint8_t current_local_ = 0;
  std::optional<std::uint32_t> last_timestamp_;
  std::array<Definition, 16> definitions_{};
  std::map<std::uint16_t, FieldDescription> descriptions_;  ///< key developer_index << 8 | number
  Message message_;
  DecoderStats stats_;
  std::optional<std::string> error_;
  std::uint64_t error_offset_ = 0;
};

/// FIT's CRC-16 of `bytes`, continuing from `crc`.
std::uint16_t crc16(std::uint16_t crc, std::span<const std::uint8_t> bytes) noexcept;

}  // namespace runload::store::fit
