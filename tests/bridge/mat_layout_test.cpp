// The MAT v5 layout check that runs before matio reads a variable (firmware_bridge/src/datasets_mat_layout.h),
// through PyShoeAdapter::load_file: a size inside a variable that its bytes cannot back is a one-line
// "corrupt MAT-file" error, never an allocation of that size (dataset_fuzz found matio asking for 3.2 GB
// for one damaged name), and sound files, compressed or not, nested or not, get past it.
#include <gtest/gtest.h>
#include <matio.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "bridge/mat_fixture.h"
#include "runload/bridge/datasets/pyshoe_adapter.h"
#include "testing/child_process.h"

namespace {

using runload::bridge::datasets::PyShoeAdapter;
using runload::testing::create_matvar;
using runload::testing::MatVar;
using runload::testing::write_matvars;

// Byte offsets in a matio-written little-endian file whose first variable is a 2-D matrix: the 128-byte
// header, the variable's tag, its array flags (tag + 8 bytes), its dimensions (tag + 2 int32), its name.
constexpr std::size_t kFirstRowsAt = 160, kFirstColsAt = 164, kFirstNameTagAt = 168;

/// ts, imu and gt for 10 samples: a sound file, but too short for a VICON reference, so a load that
/// gets past the layout check and reads all three ends with "VICON reference".
std::vector<matvar_t*> short_trial() {
  std::vector<double> ts;
  for (int i = 0; i < 10; ++i) ts.push_back(0.005 * i);
  return {create_matvar({"ts", 1, 10, ts}), create_matvar({"imu", 10, 6, std::vector<double>(60, 0.0)}),
          create_matvar({"gt", 10, 3, std::vector<double>(30, 0.0)})};
}

/// A 1×1 cell holding a 1×1 double, `depth` cells deep.
matvar_t* nested_cell(const char* name, int depth) {
  matvar_t* inner = create_matvar({"", 1, 1, {1.0}});
  for (int level = 0; level < depth; ++level) {
    std::size_t dims[2] = {1, 1};
    matvar_t* cell = Mat_VarCreate(level + 1 == depth ? name : "", MAT_C_CELL, MAT_T_CELL, 2, dims, nullptr, 0);
    Mat_VarSetCell(cell, 0, inner);
    inner = cell;
  }
  return inner;
}

/// A 1×1 struct with one field, `field.name`, holding `field`.
matvar_t* one_field_struct(const char* name, const MatVar& field) {
  std::size_t dims[2] = {1, 1};
  const char* const fields[] = {field.name.c_str(), nullptr};
  matvar_t* s = Mat_VarCreateStruct2(name, 2, dims, fields);
  Mat_VarSetStructFieldByName(s, field.name.c_str(), 0, create_matvar(field));
  return s;
}

std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::uint32_t u32_at(const std::string& bytes, std::size_t at) {
  std::uint32_t v = 0;
  for (std::size_t i = 0; i < 4; ++i) v |= static_cast<std::uint32_t>(static_cast<unsigned char>(bytes[at + i])) << (8 * i);
  return v;
}

void set_u32(std::string& bytes, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) bytes[at + i] = static_cast<char>((v >> (8 * i)) & 0xFFU);
}

/// Loads `path`: an error naming the file and containing `what`, on one line.
void expect_error(const std::string& path, const std::string& what) {
  const auto rec = PyShoeAdapter().load_file(path);
  ASSERT_FALSE(rec) << path;
  EXPECT_EQ(rec.error().find('\n'), std::string::npos) << rec.error();
  EXPECT_EQ(rec.error().rfind(path + ": ", 0), 0u) << rec.error();
  EXPECT_NE(rec.error().find(what), std::string::npos) << rec.error();
}

TEST(MatLayoutTest, SoundFilesGetPastItCompressedOrNotNestedOrNot) {
  runload::testing::TempDir dir;
  for (const auto compression : {MAT_COMPRESSION_NONE, MAT_COMPRESSION_ZLIB}) {
    std::vector<matvar_t*> vars{nested_cell("notes", 32)};
    vars.push_back(one_field_struct("info", {"a", 1, 2, {1.0, 2.0}}));
    for (matvar_t* v : short_trial()) vars.push_back(v);
    const std::string path = dir.file(compression == MAT_COMPRESSION_NONE ? "plain.mat" : "zlib.mat");
    write_matvars(path, vars, MAT_FT_MAT5, compression);
    expect_error(path, "VICON reference");
  }
}

TEST(MatLayoutTest, ANameLongerThanItsVariableIsCorrupt) {
  // GIVEN the first variable's name tag ("ts", written in the 8-byte small format) made to claim 3.2 GB
  runload::testing::TempDir dir;
  write_matvars(dir.file("x.mat"), short_trial());
  std::string bytes = read_bytes(dir.file("x.mat"));
  ASSERT_EQ(u32_at(bytes, kFirstNameTagAt), 0x0002'0001U);  // 2 bytes of int8
  set_u32(bytes, kFirstNameTagAt, 1);
  set_u32(bytes, kFirstNameTagAt + 4, 0xBF83'D4B3U);
  write_bytes(dir.file("x.mat"), bytes);
  // THEN the layout check refuses it before matio allocates for it
  expect_error(dir.file("x.mat"), "corrupt MAT-file (variable 1: name claims 3213087923 bytes");
}

TEST(MatLayoutTest, MoreValuesThanTheDataHoldsIsCorrupt) {
  runload::testing::TempDir dir;
  write_matvars(dir.file("x.mat"), short_trial());
  std::string bytes = read_bytes(dir.file("x.mat"));
  ASSERT_EQ(u32_at(bytes, kFirstColsAt), 10U);
  set_u32(bytes, kFirstColsAt, 1'000'000'000);
  write_bytes(dir.file("x.mat"), bytes);
  expect_error(dir.file("x.mat"), "corrupt MAT-file (variable 1: real part holds 80 bytes for 1000000000 values)");

  set_u32(bytes, kFirstColsAt, 0xFFFF'FFF6U);  // −10 as int32
  write_bytes(dir.file("x.mat"), bytes);
  expect_error(dir.file("x.mat"), "corrupt MAT-file (variable 1: dimension 2 is -10)");
}

TEST(MatLayoutTest, CellsAndStructsClaimingMoreElementsThanTheirBytesAreCorrupt) {
  runload::testing::TempDir dir;
  std::vector<matvar_t*> vars{nested_cell("notes", 1)};
  for (matvar_t* v : short_trial()) vars.push_back(v);
  write_matvars(dir.file("cell.mat"), vars);
  std::string bytes = read_bytes(dir.file("cell.mat"));
  ASSERT_EQ(u32_at(bytes, kFirstRowsAt), 1U);
  set_u32(bytes, kFirstRowsAt, 100'000);
  set_u32(bytes, kFirstColsAt, 100'000);
  write_bytes(dir.file("cell.mat"), bytes);
  expect_error(dir.file("cell.mat"), "corrupt MAT-file (variable 1: cell claims 10000000000 elements in ");

  std::vector<matvar_t*> with_struct{one_field_struct("info", {"a", 1, 1, {1.0}})};
  for (matvar_t* v : short_trial()) with_struct.push_back(v);
  write_matvars(dir.file("struct.mat"), with_struct);
  bytes = read_bytes(dir.file("struct.mat"));
  ASSERT_EQ(u32_at(bytes, kFirstColsAt), 1U);
  set_u32(bytes, kFirstColsAt, 2'000'000'000);
  write_bytes(dir.file("struct.mat"), bytes);
  expect_error(dir.file("struct.mat"), "corrupt MAT-file (variable 1: field claims 2000000000 elements in ");
}

TEST(MatLayoutTest, CellsNestedBeyondTheLimitAreCorrupt) {
  // matio walks nested cells recursively; 8 bytes a level would let a 1 MB file nest 100 000 deep.
  runload::testing::TempDir dir;
  std::vector<matvar_t*> vars{nested_cell("notes", 34)};
  for (matvar_t* v : short_trial()) vars.push_back(v);
  write_matvars(dir.file("deep.mat"), vars);
  expect_error(dir.file("deep.mat"), "corrupt MAT-file (variable 1: cell 1: cell 1");
  expect_error(dir.file("deep.mat"), "nests cells or structs deeper than 32");
}

TEST(MatLayoutTest, ADamagedCompressedVariableIsCorrupt) {
  // matio inflates only as far as it reads and never checks the stream's checksum, so a damaged
  // compressed variable could load with wrong values.
  runload::testing::TempDir dir;
  write_matvars(dir.file("x.mat"), short_trial(), MAT_FT_MAT5, MAT_COMPRESSION_ZLIB);
  std::string bytes = read_bytes(dir.file("x.mat"));
  ASSERT_EQ(u32_at(bytes, 128), 15U);  // miCOMPRESSED
  const std::uint32_t size = u32_at(bytes, 132);
  bytes[136 + size - 3] = static_cast<char>(bytes[136 + size - 3] ^ 0x01);  // in the Adler-32 trailer
  write_bytes(dir.file("x.mat"), bytes);
  expect_error(dir.file("x.mat"), "corrupt MAT-file (variable 1 is not a whole zlib stream)");
}

}  // namespace
