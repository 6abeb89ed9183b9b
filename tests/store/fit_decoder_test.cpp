// The FIT decoder on hand-built streams: every fault it must catch, byte order, compressed timestamps,
// developer fields, chained files, and byte-at-a-time input.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "runload/store/fit_decoder.h"

namespace runload::store::fit {
namespace {

using Bytes = std::vector<std::uint8_t>;

/// Builds FIT files message by message (the grammar in fit_decoder.h).
class FitWriter {
 public:
  struct FieldDef {
    std::uint8_t number, size, base_type;
  };

  void definition(std::uint8_t local, std::uint16_t global, const std::vector<FieldDef>& fields, bool big_endian = false,
                  const std::vector<FieldDef>& developer = {}) {
    data_.push_back(static_cast<std::uint8_t>(0x40 | (developer.empty() ? 0 : 0x20) | local));
    data_.push_back(0);
    data_.push_back(big_endian ? 1 : 0);
    put(global, 2, big_endian);
    data_.push_back(static_cast<std::uint8_t>(fields.size()));
    for (const auto& f : fields) data_.insert(data_.end(), {f.number, f.size, f.base_type});
    if (!developer.empty()) {
      data_.push_back(static_cast<std::uint8_t>(developer.size()));
      for (const auto& f : developer) data_.insert(data_.end(), {f.number, f.size, f.base_type});
    }
  }
  /// A data message header (normal, or compressed with a time offset) followed by raw field bytes.
  void data(std::uint8_t local, const Bytes& bytes) {
    data_.push_back(local);
    data_.insert(data_.end(), bytes.begin(), bytes.end());
  }
  void compressed(std::uint8_t local, std::uint8_t time_offset, const Bytes& bytes) {
    data_.push_back(static_cast<std::uint8_t>(0x80 | local << 5 | time_offset));
    data_.insert(data_.end(), bytes.begin(), bytes.end());
  }
  /// The whole file: header (12 or 14 bytes), data, CRC.
  Bytes file(std::uint8_t header_size = 14) const {
    Bytes out = {header_size, 0x20, 0x08, 0x08};
    append(out, static_cast<std::uint32_t>(data_.size()), 4, false);
    out.insert(out.end(), {'.', 'F', 'I', 'T'});
    if (header_size == 14) append(out, crc16(0, out), 2, false);
    out.insert(out.end(), data_.begin(), data_.end());
    append(out, crc16(0, out), 2, false);
    return out;
  }
  static void append(Bytes& out, std::uint64_t v, std::size_t size, bool big_endian) {
    for (std::size_t i = 0; i < size; ++i) {
      out.push_back(static_cast<std::uint8_t>(v >> (8 * (big_endian ? size - 1 - i : i))));
    }
  }
  static Bytes le(std::uint64_t v, std::size_t size) {
    Bytes out;
    append(out, v, size, false);
    return out;
  }

 private:
  void put(std::uint64_t v, std::size_t size, bool big_endian) { append(data_, v, size, big_endian); }
  Bytes data_;
};

struct Collected : MessageSink {
  void on_message(const Message& m) override {
    globals.push_back(m.global);
    timestamps.push_back(m.timestamp);
    if (const auto v = m.number(5, 100)) distances_m.push_back(*v);
    for (const auto& f : m.developer_fields) {
      if (f.description != nullptr) developer.emplace_back(f.description->name, m.developer_number(f).value_or(-1));
    }
  }
  std::vector<std::uint16_t> globals;
  std::vector<std::optional<std::uint32_t>> timestamps;
  std::vector<double> distances_m;
  std::vector<std::pair<std::string, double>> developer;
};

struct Decoded {
  Collected messages;
  std::optional<std::string> error;
  std::uint64_t error_offset = 0;
  DecoderStats stats;
};

Decoded decode(const Bytes& bytes, std::size_t chunk = 0) {
  Decoded out;
  Decoder decoder(out.messages);
  if (chunk == 0) {
    decoder.push(bytes);
  } else {
    for (std::size_t i = 0; i < bytes.size(); i += chunk) {
      decoder.push(std::span(bytes).subspan(i, std::min(chunk, bytes.size() - i)));
    }
  }
  decoder.finish();
  out.error = decoder.error();
  out.error_offset = decoder.error_offset();
  out.stats = decoder.stats();
  return out;
}

constexpr std::uint8_t kUint32 = 0x86, kUint16 = 0x84, kUint8 = 0x02, kString = 0x07;
constexpr std::uint32_t kTime = 1'000'000'000;  // a FIT date_time in 2021

/// file_id, then a record definition (timestamp, distance) and two records 1 s apart.
FitWriter small_run(bool big_endian = false) {
  FitWriter w;
  w.definition(0, 0, {{4, 4, kUint32}}, big_endian);
  Bytes created;
  FitWriter::append(created, kTime, 4, big_endian);
  w.data(0, created);
  w.definition(1, 20, {{253, 4, kUint32}, {5, 4, kUint32}}, big_endian);
  for (std::uint32_t i = 0; i < 2; ++i) {
    Bytes record;
    FitWriter::append(record, kTime + i, 4, big_endian);
    FitWriter::append(record, 250 * i, 4, big_endian);
    w.data(1, record);
  }
  return w;
}

TEST(FitDecoderTest, DecodesDefinitionsAndDataMessages) {
  const auto d = decode(small_run().file());
  ASSERT_FALSE(d.error) << *d.error;
  EXPECT_EQ(d.messages.globals, (std::vector<std::uint16_t>{0, 20, 20}));
  EXPECT_EQ(d.messages.distances_m, (std::vector<double>{0.0, 2.5}));
  EXPECT_EQ(d.messages.timestamps[2], kTime + 1);
  EXPECT_EQ(d.stats.files, 1u);
  EXPECT_EQ(d.stats.definitions, 2u);
}

TEST(FitDecoderTest, ReadsBigEndianDefinitionsAsTheSameValues) {
  const auto d = decode(small_run(true).file());
  ASSERT_FALSE(d.error) << *d.error;
  EXPECT_EQ(d.messages.globals, (std::vector<std::uint16_t>{0, 20, 20}));
  EXPECT_EQ(d.messages.distances_m, (std::vector<double>{0.0, 2.5}));
  EXPECT_EQ(d.stats.big_endian_definitions, 2u);
}

TEST(FitDecoderTest, ReadsATwelveByteHeaderWithoutHeaderCrc) {
  const auto d = decode(small_run().file(12));
  ASSERT_FALSE(d.error) << *d.error;
  EXPECT_EQ(d.messages.globals.size(), 3u);
}

TEST(FitDecoderTest, GivesTheSameMessagesWhenFedOneByteAtATime) {
  const Bytes file = small_run().file();
  const auto whole = decode(file);
  const auto bytewise = decode(file, 1);
  ASSERT_FALSE(bytewise.error) << *bytewise.error;
  EXPECT_EQ(bytewise.messages.globals, whole.messages.globals);
  EXPECT_EQ(bytewise.messages.distances_m, whole.messages.distances_m);
}

TEST(FitDecoderTest, CompressedTimestampHeadersAddTheirOffsetAndRollOverAt32Seconds) {
  FitWriter w;
  const std::uint32_t base = kTime - (kTime & 0x1F) + 30;  // low 5 bits = 30
  w.definition(0, 20, {{253, 4, kUint32}, {5, 4, kUint32}});
  Bytes first = FitWriter::le(base, 4);
  const Bytes d0 = FitWriter::le(0, 4);
  first.insert(first.end(), d0.begin(), d0.end());
  w.data(0, first);
  w.definition(1, 20, {{5, 4, kUint32}});
  w.compressed(1, 31, FitWriter::le(100, 4));  // 30 → 31: +1 s
  w.compressed(1, 2, FitWriter::le(200, 4));   // 31 → 2: rolls over, +3 s
  const auto d = decode(w.file());
  ASSERT_FALSE(d.error) << *d.error;
  ASSERT_EQ(d.messages.timestamps.size(), 3u);
  EXPECT_EQ(d.messages.timestamps[1], base + 1);
  EXPECT_EQ(d.messages.timestamps[2], base + 4);
  EXPECT_EQ(d.stats.compressed_timestamps, 2u);
}

TEST(FitDecoderTest, NamesDeveloperFieldsFromTheirFieldDescriptionAndScalesThem) {
  FitWriter w;
  // field_description: developer_data_index 0, field 3, base type uint16, name "Leg Spring Stiffness", scale 10.
  w.definition(0, kFieldDescriptionMessage,
               {{0, 1, kUint8}, {1, 1, kUint8}, {2, 1, kUint8}, {3, 21, kString}, {6, 1, kUint8}});
  const std::string name = "Leg Spring Stiffness";  // 20 characters and a NUL
  Bytes desc(3 + 21 + 1, 0);
  desc[0] = 0;
  desc[1] = 3;
  desc[2] = kUint16;
  std::copy(name.begin(), name.end(), desc.begin() + 3);
  desc.back() = 10;
  w.data(0, desc);
  w.definition(1, 20, {{253, 4, kUint32}}, false, {{3, 2, 0}});
  Bytes record = FitWriter::le(kTime, 4);
  const Bytes value = FitWriter::le(95, 2);
  record.insert(record.end(), value.begin(), value.end());
  w.data(1, record);
  const auto d = decode(w.file());
  ASSERT_FALSE(d.error) << *d.error;
  ASSERT_EQ(d.messages.developer.size(), 1u);
  EXPECT_EQ(d.messages.developer[0].first, "Leg Spring Stiffness");
  EXPECT_DOUBLE_EQ(d.messages.developer[0].second, 9.5);
}

TEST(FitDecoderTest, ReadsChainedFilesEachWithItsOwnDefinitions) {
  Bytes two = small_run().file();
  const Bytes second = small_run(true).file(12);
  two.insert(two.end(), second.begin(), second.end());
  const auto d = decode(two);
  ASSERT_FALSE(d.error) << *d.error;
  EXPECT_EQ(d.stats.files, 2u);
  EXPECT_EQ(d.messages.globals.size(), 6u);

  // A chained file cannot use the previous file's definitions.
  FitWriter orphan;
  orphan.data(1, FitWriter::le(kTime, 8));
  Bytes broken = small_run().file();
  const Bytes tail = orphan.file();
  broken.insert(broken.end(), tail.begin(), tail.end());
  const auto e = decode(broken);
  ASSERT_TRUE(e.error);
  EXPECT_EQ(e.stats.files, 1u);
  EXPECT_NE(e.error->find("local type 1, which was never defined"), std::string::npos) << *e.error;
}

TEST(FitDecoderTest, RefusesABadHeaderSizeOrSignature) {
  Bytes file = small_run().file();
  file[0] = 13;
  auto d = decode(file);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(*d.error, "not a FIT file: header size 13 (12 or 14 expected)");
  EXPECT_TRUE(d.messages.globals.empty());

  file = small_run().file();
  file[9] = 'X';
  d = decode(file);
  ASSERT_TRUE(d.error);
  EXPECT_NE(d.error->find("signature"), std::string::npos);
}

TEST(FitDecoderTest, RefusesAHeaderCrcMismatch) {
  Bytes file = small_run().file();
  file[12] ^= 0xFF;
  const auto d = decode(file);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(*d.error, "file header CRC mismatch");
  EXPECT_TRUE(d.messages.globals.empty());
}

TEST(FitDecoderTest, ReportsAFileCrcMismatchAfterTheMessages) {
  Bytes file = small_run().file();
  file[file.size() - 6] ^= 0x01;  // a distance byte of the last record
  const auto d = decode(file);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->rfind("file CRC mismatch", 0), 0u) << *d.error;
  EXPECT_EQ(d.stats.files, 0u);
}

TEST(FitDecoderTest, SaysWhereATruncatedFileEnds) {
  const Bytes file = small_run().file();
  for (std::size_t cut = 1; cut < file.size(); ++cut) {
    const auto d = decode(Bytes(file.begin(), file.begin() + static_cast<std::ptrdiff_t>(cut)));
    ASSERT_TRUE(d.error) << "cut at " << cut;
    EXPECT_EQ(d.error->rfind("truncated in ", 0), 0u) << *d.error;
    EXPECT_LE(d.error_offset, cut);
  }
  const auto d = decode(Bytes(file.begin(), file.end() - 5));  // inside the last record
  EXPECT_EQ(d.messages.globals.size(), 2u);                    // what came before it is delivered
}

TEST(FitDecoderTest, RefusesADataMessageOfAnUndefinedLocalType) {
  FitWriter w;
  w.definition(0, 0, {{4, 4, kUint32}});
  w.data(0, FitWriter::le(kTime, 4));
  w.data(5, FitWriter::le(0, 4));
  const auto d = decode(w.file());
  ASSERT_TRUE(d.error);
  EXPECT_EQ(*d.error, "data message for local type 5, which was never defined");
  EXPECT_EQ(d.error_offset, 14u + 9u + 5u);  // header, definition, first data message
  EXPECT_EQ(d.messages.globals.size(), 1u);
}

TEST(FitDecoderTest, RefusesAnUnknownArchitectureByte) {
  Bytes file = small_run().file();
  file[14 + 2] = 7;
  const auto d = decode(file);
  ASSERT_TRUE(d.error);
  EXPECT_NE(d.error->find("architecture"), std::string::npos);
}

TEST(FitDecoderTest, AMessageLargerThanTheDeclaredDataSizeIsAnErrorNotARead) {
  // Largest possible definition: 255 fields of 255 bytes, so the data message would be 65 025 bytes;
  // the header declares far less. The decoder stops at the data size instead of reading past it.
  FitWriter w;
  std::vector<FitWriter::FieldDef> fields;
  for (int i = 0; i < 255; ++i) fields.push_back({static_cast<std::uint8_t>(i), 255, 0x0D});
  w.definition(0, 20, fields);
  w.data(0, Bytes(16, 0));
  const auto d = decode(w.file());
  ASSERT_TRUE(d.error);
  EXPECT_EQ(*d.error, "a message runs past the data size in the file header");
}

TEST(FitDecoderTest, AHugeDeclaredDataSizeIsOnlyCountedDown) {
  Bytes file = small_run().file();
  file[4] = file[5] = file[6] = file[7] = 0xFF;  // 4 GiB of data declared
  file[12] = file[13] = 0;                       // header CRC 0 = not computed
  const auto d = decode(file);
  ASSERT_TRUE(d.error);
  EXPECT_EQ(d.error->rfind("truncated in", 0), 0u) << *d.error;
  EXPECT_EQ(d.messages.globals.size(), 3u);
}

TEST(FitDecoderTest, ATimestampFieldOfASignedTypeWithANegativeValueIsNoTimestamp) {
  // Found by fit_fuzz (UBSan: -103 cast to unsigned). A file may give field 253 any base type.
  FitWriter w;
  w.definition(0, 20, {{253, 4, 0x85}});  // sint32
  w.data(0, FitWriter::le(static_cast<std::uint32_t>(-103), 4));
  const auto d = decode(w.file());
  ASSERT_FALSE(d.error) << *d.error;
  ASSERT_EQ(d.messages.timestamps.size(), 1u);
  EXPECT_FALSE(d.messages.timestamps[0]);
}

TEST(FitDecoderTest, AnEmptyStreamIsAnError) {
  const auto d = decode({});
  ASSERT_TRUE(d.error);
  EXPECT_EQ(*d.error, "empty file: no FIT header");
}

}  // namespace
}  // namespace runload::store::fit
