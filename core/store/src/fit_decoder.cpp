#include "runload/store/fit_decoder.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace runload::store::fit {

namespace {

/// Element size and kind of each base type (the low 5 bits of the base-type byte).
struct BaseTypeInfo {
  std::uint8_t size;
  enum Kind : std::uint8_t { kUnsigned, kSigned, kUnsignedZ, kFloat, kString } kind;
};

std::optional<BaseTypeInfo> base_type_info(std::uint8_t base_type) noexcept {
  switch (base_type & 0x1F) {
    case 0x00: return BaseTypeInfo{1, BaseTypeInfo::kUnsigned};   // enum
    case 0x01: return BaseTypeInfo{1, BaseTypeInfo::kSigned};     // sint8
    case 0x02: return BaseTypeInfo{1, BaseTypeInfo::kUnsigned};   // uint8
    case 0x03: return BaseTypeInfo{2, BaseTypeInfo::kSigned};     // sint16
    case 0x04: return BaseTypeInfo{2, BaseTypeInfo::kUnsigned};   // uint16
    case 0x05: return BaseTypeInfo{4, BaseTypeInfo::kSigned};     // sint32
    case 0x06: return BaseTypeInfo{4, BaseTypeInfo::kUnsigned};   // uint32
    case 0x07: return BaseTypeInfo{1, BaseTypeInfo::kString};     // string
    case 0x08: return BaseTypeInfo{4, BaseTypeInfo::kFloat};      // float32
    case 0x09: return BaseTypeInfo{8, BaseTypeInfo::kFloat};      // float64
    case 0x0A: return BaseTypeInfo{1, BaseTypeInfo::kUnsignedZ};  // uint8z
    case 0x0B: return BaseTypeInfo{2, BaseTypeInfo::kUnsignedZ};  // uint16z
    case 0x0C: return BaseTypeInfo{4, BaseTypeInfo::kUnsignedZ};  // uint32z
    case 0x0D: return BaseTypeInfo{1, BaseTypeInfo::kUnsigned};   // byte
    case 0x0E: return BaseTypeInfo{8, BaseTypeInfo::kSigned};     // sint64
    case 0x0F: return BaseTypeInfo{8, BaseTypeInfo::kUnsigned};   // uint64
    case 0x10: return BaseTypeInfo{8, BaseTypeInfo::kUnsignedZ};  // uint64z
    default: return std::nullopt;
  }
}

std::uint64_t read_unsigned(const std::uint8_t* p, std::size_t size, bool big_endian) noexcept {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < size; ++i) v |= std::uint64_t{p[big_endian ? size - 1 - i : i]} << (8 * i);
  return v;
}

std::uint16_t read_u16le(const std::uint8_t* p) noexcept { return static_cast<std::uint16_t>(p[0] | p[1] << 8); }

constexpr std::array<std::uint16_t, 16> kCrcTable = {0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00, 0x2800, 0xE401,
                                                     0xA001, 0x6C00, 0x7800, 0xB401, 0x5000, 0x9C01, 0x8801, 0x4400};

const char* state_name(int state) noexcept {
  static constexpr const char* kNames[] = {"the file header",       "a record header",    "a definition message",
                                           "a definition message",  "a definition message", "a definition message",
                                           "a data message",        "the file CRC",       "a failed stream"};
  return kNames[state];
}

}  // namespace

std::uint16_t crc16(std::uint16_t crc, std::span<const std::uint8_t> bytes) noexcept {
  for (const std::uint8_t byte : bytes) {
    std::uint16_t tmp = kCrcTable[crc & 0xF];
    crc = static_cast<std::uint16_t>(((crc >> 4) & 0x0FFF) ^ tmp ^ kCrcTable[byte & 0xF]);
    tmp = kCrcTable[crc & 0xF];
    crc = static_cast<std::uint16_t>(((crc >> 4) & 0x0FFF) ^ tmp ^ kCrcTable[(byte >> 4) & 0xF]);
  }
  return crc;
}

std::optional<double> element_value(std::uint8_t base_type, std::span<const std::uint8_t> bytes,
                                    bool big_endian) noexcept {
  const auto info = base_type_info(base_type);
  if (!info || info->kind == BaseTypeInfo::kString || bytes.size() < info->size) return std::nullopt;
  const std::size_t bits = 8u * info->size;
  const std::uint64_t raw = read_unsigned(bytes.data(), info->size, big_endian);
  const std::uint64_t all_ones = bits == 64 ? ~std::uint64_t{0} : (std::uint64_t{1} << bits) - 1;
  switch (info->kind) {
    case BaseTypeInfo::kUnsigned:
      if (raw == all_ones) return std::nullopt;
      return static_cast<double>(raw);
    case BaseTypeInfo::kUnsignedZ:
      if (raw == 0) return std::nullopt;
      return static_cast<double>(raw);
    case BaseTypeInfo::kSigned: {
      if (raw == (all_ones >> 1)) return std::nullopt;  // 0x7F…F
      const std::uint64_t sign = std::uint64_t{1} << (bits - 1);
      const auto value = static_cast<std::int64_t>((raw ^ sign) - sign);  // sign-extend
      return static_cast<double>(value);
    }
    case BaseTypeInfo::kFloat: {
      if (raw == all_ones) return std::nullopt;
      const double value = info->size == 4 ? static_cast<double>(std::bit_cast<float>(static_cast<std::uint32_t>(raw)))
                                           : std::bit_cast<double>(raw);
      if (!std::isfinite(value)) return std::nullopt;
      return value;
    }
    case BaseTypeInfo::kString: break;
  }
  return std::nullopt;
}

const Field* Message::field(std::uint8_t number_) const noexcept {
  for (const Field& f : fields) {
    if (f.number == number_) return &f;
  }
  return nullptr;
}

std::optional<double> Message::number(std::uint8_t field_number, double scale, double offset) const noexcept {
  const Field* f = field(field_number);
  if (f == nullptr) return std::nullopt;
  const auto raw = element_value(f->base_type, f->bytes, big_endian);
  if (!raw) return std::nullopt;
  return *raw / scale - offset;
}

std::optional<std::string> Message::text(std::uint8_t field_number) const {
  const Field* f = field(field_number);
  if (f == nullptr) return std::nullopt;
  const auto* begin = reinterpret_cast<const char*>(f->bytes.data());
  const auto* end = static_cast<const char*>(std::memchr(begin, 0, f->bytes.size()));
  std::string out(begin, end != nullptr ? end : begin + f->bytes.size());
  if (out.empty()) return std::nullopt;
  return out;
}

std::optional<double> Message::developer_number(const DeveloperField& f) const noexcept {
  if (f.description == nullptr) return std::nullopt;
  const auto raw = element_value(f.description->base_type, f.bytes, big_endian);
  if (!raw) return std::nullopt;
  return *raw / (f.description->scale != 0 ? f.description->scale : 1.0) - f.description->offset;
}

Decoder::Decoder(MessageSink& sink) : sink_(sink) {}

void Decoder::fail(std::string what) {
  if (error_) return;
  error_ = std::move(what);
  error_offset_ = item_offset_;
  state_ = State::kFailed;
}

void Decoder::start_item(State state, std::size_t need) {
  state_ = state;
  need_ = need;
  pending_.clear();
  item_offset_ = stats_.bytes;
}

void Decoder::push(std::span<const std::uint8_t> bytes) {
  std::size_t i = 0;
  while (i < bytes.size() && state_ != State::kFailed) {
    if (state_ == State::kRecordHeader && data_remaining_ == 0) {
      start_item(State::kFileCrc, 2);
      continue;
    }
    std::size_t take = std::min(need_ - pending_.size(), bytes.size() - i);
    const bool in_data = state_ != State::kFileHeader && state_ != State::kFileCrc;
    if (in_data && take > data_remaining_) {
      if (data_remaining_ == 0) {
        fail("a message runs past the data size in the file header");
        return;
      }
      take = static_cast<std::size_t>(data_remaining_);
    }
    const auto chunk = bytes.subspan(i, take);
    if (state_ != State::kFileCrc) crc_ = crc16(crc_, chunk);
    pending_.insert(pending_.end(), chunk.begin(), chunk.end());
    stats_.bytes += take;
    i += take;
    if (in_data) data_remaining_ -= take;
    if (pending_.size() == need_) complete_item();
  }
}

void Decoder::complete_item() {
  switch (state_) {
    case State::kFileHeader: on_file_header(); break;
    case State::kRecordHeader: on_record_header(pending_[0]); break;
    case State::kDefinition:
      need_ = 5 + 3 * std::size_t{pending_[4]};
      state_ = State::kDefinitionFields;
      if (pending_.size() == need_) complete_item();
      break;
    case State::kDefinitionFields:
      if ((record_header_ & 0x20) != 0) {
        need_ += 1;
        state_ = State::kDeveloperCount;
      } else {
        on_definition_complete();
      }
      break;
    case State::kDeveloperCount:
      need_ += 3 * std::size_t{pending_.back()};
      state_ = State::kDeveloperFields;
      if (pending_.size() == need_) complete_item();
      break;
    case State::kDeveloperFields: on_definition_complete(); break;
    case State::kData: on_data(); break;
    case State::kFileCrc: {
      const std::uint16_t stored = read_u16le(pending_.data());
      if (stored != crc_) {
        char text[96];
        std::snprintf(text, sizeof text, "file CRC mismatch (0x%04X stored, 0x%04X computed)", stored, crc_);
        fail(text);
        return;
      }
      ++stats_.files;
      start_item(State::kFileHeader, 1);
      break;
    }
    case State::kFailed: break;
  }
}

void Decoder::on_file_header() {
  if (pending_.size() == 1) {
    if (pending_[0] != 12 && pending_[0] != 14) {
      fail("not a FIT file: header size " + std::to_string(pending_[0]) + " (12 or 14 expected)");
      return;
    }
    need_ = pending_[0];
    return;
  }
  if (std::memcmp(pending_.data() + 8, ".FIT", 4) != 0) {
    fail("not a FIT file: no \".FIT\" signature in the header");
    return;
  }
  if (pending_.size() == 14) {
    const std::uint16_t stored = read_u16le(pending_.data() + 12);
    const std::uint16_t computed = crc16(0, std::span(pending_).first(12));
    if (stored != 0 && stored != computed) {
      fail("file header CRC mismatch");
      return;
    }
  }
  data_remaining_ = read_unsigned(pending_.data() + 4, 4, false);
  crc_ = crc16(0, pending_);
  // A chained file is a file of its own: its definitions, developer fields and time base start afresh.
  definitions_ = {};
  descriptions_.clear();
  last_timestamp_.reset();
  start_item(State::kRecordHeader, 1);
}

void Decoder::on_record_header(std::uint8_t header) {
  record_header_ = header;
  if ((header & 0x80) != 0) {  // compressed timestamp: a data message of local type 0..3
    current_local_ = static_cast<std::uint8_t>((header >> 5) & 0x03);
  } else {
    current_local_ = header & 0x0F;
    if ((header & 0x40) != 0) {
      start_item(State::kDefinition, 5);
      item_offset_ -= 1;
      return;
    }
  }
  const Definition& def = definitions_[current_local_];
  if (!def.defined) {
    item_offset_ = stats_.bytes - 1;
    fail("data message for local type " + std::to_string(current_local_) + ", which was never defined");
    return;
  }
  start_item(State::kData, def.size);
  item_offset_ -= 1;
  if (def.size == 0) on_data();
}

void Decoder::on_definition_complete() {
  const std::uint8_t arch = pending_[1];
  if (arch > 1) {
    fail("definition message with an unknown architecture byte " + std::to_string(arch));
    return;
  }
  Definition& def = definitions_[current_local_];
  def = Definition{};
  def.defined = true;
  def.big_endian = arch == 1;
  def.global = static_cast<std::uint16_t>(read_unsigned(pending_.data() + 2, 2, def.big_endian));
  const std::size_t n = pending_[4];
  for (std::size_t k = 0; k < n; ++k) {
    const std::uint8_t* f = pending_.data() + 5 + 3 * k;
    def.fields.push_back({f[0], f[1], f[2]});
    def.size += f[1];
  }
  if ((record_header_ & 0x20) != 0) {
    const std::size_t m = pending_[5 + 3 * n];
    for (std::size_t k = 0; k < m; ++k) {
      const std::uint8_t* f = pending_.data() + 6 + 3 * n + 3 * k;
      def.developer_fields.push_back({f[0], f[1], f[2]});
      def.size += f[1];
    }
  }
  ++stats_.definitions;
  if (def.big_endian) ++stats_.big_endian_definitions;
  start_item(State::kRecordHeader, 1);
}

void Decoder::on_data() {
  const Definition& def = definitions_[current_local_];
  Message& m = message_;
  m.global = def.global;
  m.local = current_local_;
  m.big_endian = def.big_endian;
  m.compressed_timestamp = (record_header_ & 0x80) != 0;
  m.timestamp.reset();
  m.fields.clear();
  m.developer_fields.clear();
  const std::uint8_t* p = pending_.data();
  for (const FieldDefinition& f : def.fields) {
    m.fields.push_back({f.number, f.base_type, {p, f.size}});
    p += f.size;
  }
  for (const FieldDefinition& f : def.developer_fields) {
    const auto it = descriptions_.find(static_cast<std::uint16_t>(f.base_type << 8 | f.number));
    m.developer_fields.push_back({f.base_type, f.number, {p, f.size}, it != descriptions_.end() ? &it->second : nullptr});
    p += f.size;
  }
  if (m.compressed_timestamp) {
    ++stats_.compressed_timestamps;
    if (last_timestamp_) {
      const std::uint32_t offset = record_header_ & 0x1F;
      std::uint32_t t = (*last_timestamp_ & ~std::uint32_t{0x1F}) + offset;
      if (offset < (*last_timestamp_ & 0x1F)) t += 0x20;
      last_timestamp_ = t;
      m.timestamp = t;
    }
  } else if (const auto t = to_unsigned<std::uint32_t>(m.number(kTimestampField))) {
    last_timestamp_ = *t;
    m.timestamp = t;
  }
  if (m.global == kFieldDescriptionMessage) remember_description(m);
  ++stats_.messages;
  sink_.on_message(m);
  start_item(State::kRecordHeader, 1);
}

void Decoder::remember_description(const Message& m) {
  const auto index = to_unsigned<std::uint8_t>(m.number(0)), number = to_unsigned<std::uint8_t>(m.number(1)),
             base_type = to_unsigned<std::uint8_t>(m.number(2));
  if (!index || !number || !base_type) return;
  FieldDescription d;
  d.developer_index = *index;
  d.number = *number;
  d.base_type = *base_type;
  d.name = m.text(3).value_or("");
  d.units = m.text(8).value_or("");
  d.scale = m.number(6).value_or(1.0);
  d.offset = m.number(7).value_or(0.0);
  d.native_message = to_unsigned<std::uint16_t>(m.number(14));
  d.native_field = to_unsigned<std::uint8_t>(m.number(15));
  // At most 256 × 256 keys: the map is bounded by its key space, not by the file.
  descriptions_[static_cast<std::uint16_t>(d.developer_index << 8 | d.number)] = std::move(d);
}

void Decoder::finish() {
  if (state_ == State::kFailed) return;
  if (state_ == State::kFileHeader && pending_.empty()) {
    if (stats_.files == 0) fail("empty file: no FIT header");
    return;
  }
  fail("truncated in " + std::string(state_name(static_cast<int>(state_))) + " at byte " +
       std::to_string(item_offset_));
}

}  // namespace runload::store::fit
