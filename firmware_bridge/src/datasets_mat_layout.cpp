#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>

#include <tl/expected.hpp>

#include "datasets_mat_layout.h"

namespace runload::bridge::datasets {
namespace {

// Data types (MAT-File Format, Table 1-1) and array classes (Table 1-3).
constexpr std::uint32_t kMiInt8 = 1, kMiUint8 = 2, kMiInt16 = 3, kMiUint16 = 4, kMiInt32 = 5, kMiUint32 = 6,
                        kMiSingle = 7, kMiDouble = 9, kMiInt64 = 12, kMiUint64 = 13, kMiMatrix = 14,
                        kMiCompressed = 15, kMiUtf8 = 16, kMiUtf16 = 17, kMiUtf32 = 18;
constexpr std::uint32_t kCell = 1, kStruct = 2, kObject = 3, kChar = 4, kSparse = 5, kFirstNumeric = 6,
                        kLastNumeric = 15, kFunction = 16;
constexpr std::uint32_t kComplexFlag = 0x0800;
constexpr std::size_t kHeaderBytes = 128, kTagBytes = 8;

/// Bytes of one stored value of a numeric or text data type; 0 for any other type.
std::size_t value_bytes(std::uint32_t type) {
  switch (type) {
    case kMiInt8:
    case kMiUint8:
    case kMiUtf8: return 1;
    case kMiInt16:
    case kMiUint16:
    case kMiUtf16: return 2;
    case kMiInt32:
    case kMiUint32:
    case kMiSingle:
    case kMiUtf32: return 4;
    case kMiDouble:
    case kMiInt64:
    case kMiUint64: return 8;
    default: return 0;
  }
}

std::uint64_t saturating_product(std::uint64_t a, std::uint64_t b) {
  if (a == 0 || b == 0) return 0;
  return a > std::numeric_limits<std::uint64_t>::max() / b ? std::numeric_limits<std::uint64_t>::max() : a * b;
}

/// One data element: its type, its data, and the bytes it takes (tag, data, padding to 8 bytes).
struct Element {
  std::uint32_t type = 0;
  std::string_view data;
  std::size_t taken_bytes = 0;
};

/// The elements packed one after another in `bytes` (a miMATRIX's data), read in the file's byte order.
class Elements {
 public:
  Elements(std::string_view bytes, bool big_endian) : rest_(bytes), big_endian_(big_endian) {}

  std::size_t remaining_bytes() const noexcept { return rest_.size(); }

  std::uint32_t u32(std::string_view b, std::size_t at) const noexcept {
    const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(b[at + i])); };
    return big_endian_ ? (byte(0) << 24U) | (byte(1) << 16U) | (byte(2) << 8U) | byte(3)
                       : (byte(3) << 24U) | (byte(2) << 16U) | (byte(1) << 8U) | byte(0);
  }

  /// The next element, or what is wrong with its tag (`what` names it).
  tl::expected<Element, std::string> next(const std::string& what) {
    if (rest_.size() < kTagBytes) return tl::make_unexpected(what + " is missing");
    Element e;
    const std::uint32_t first = u32(rest_, 0);
    if ((first >> 16U) != 0) {
      // The small format: type and byte count (at most 4) share the first word, the data the second.
      e.type = first & 0xFFFFU;
      const std::size_t size = first >> 16U;
      if (size > 4) return tl::make_unexpected(what + " is a small element of " + std::to_string(size) + " bytes");
      e.data = rest_.substr(4, size);
      e.taken_bytes = kTagBytes;
    } else {
      e.type = first;
      const std::size_t size = u32(rest_, 4);
      if (size > rest_.size() - kTagBytes)
        return tl::make_unexpected(what + " claims " + std::to_string(size) + " bytes, " +
                                   std::to_string(rest_.size() - kTagBytes) + " left");
      e.data = rest_.substr(kTagBytes, size);
      // The padding after the last element may be left out.
      e.taken_bytes = std::min(rest_.size(), kTagBytes + (size + 7) / 8 * 8);
    }
    rest_.remove_prefix(e.taken_bytes);
    return e;
  }

 private:
  std::string_view rest_;
  bool big_endian_;
};

/// The layout of one miMATRIX's data (`depth` 0 for a top-level variable); errors name `what`.
class MatrixLayout {
 public:
  explicit MatrixLayout(bool big_endian) : big_endian_(big_endian) {}

  std::optional<std::string> error(std::string_view matrix, const std::string& what, int depth) const {
    if (matrix.empty()) return std::nullopt;  // how MATLAB writes an empty cell
    if (depth > kMaxMatNesting) return what + " nests cells or structs deeper than " + std::to_string(kMaxMatNesting);
    Elements in(matrix, big_endian_);
    const auto flags = in.next(what + ": array flags");
    if (!flags) return flags.error();
    if (flags->type != kMiUint32 || flags->data.size() != 8) return what + ": array flags are not 2 uint32";
    const std::uint32_t flag_word = in.u32(flags->data, 0);
    const std::uint32_t array_class = flag_word & 0xFFU;
    const bool complex = (flag_word & kComplexFlag) != 0;

    const auto dims = in.next(what + ": dimensions");
    if (!dims) return dims.error();
    if (dims->type != kMiInt32 || dims->data.size() < 8 || dims->data.size() % 4 != 0)
      return what + ": dimensions are not 2 or more int32";
    std::uint64_t count = 1;
    for (std::size_t at = 0; at < dims->data.size(); at += 4) {
      const auto dim = static_cast<std::int32_t>(in.u32(dims->data, at));
      if (dim < 0) return what + ": dimension " + std::to_string(at / 4 + 1) + " is " + std::to_string(dim);
      count = saturating_product(count, static_cast<std::uint64_t>(dim));
    }
    const auto name = in.next(what + ": name");
    if (!name) return name.error();
    if (name->type != kMiInt8) return what + ": name is not int8 text";

    if (array_class == kChar || (array_class >= kFirstNumeric && array_class <= kLastNumeric)) {
      if (auto bad = values_error(in, count, what + ": real part")) return bad;
      if (complex) return values_error(in, count, what + ": imaginary part");
      return std::nullopt;
    }
    if (array_class == kSparse) {
      // Row indices, column starts and values: matio sizes each from its own tag.
      static constexpr const char* kParts[] = {": row indices", ": column starts", ": real part", ": imaginary part"};
      for (std::size_t part = 0; part < (complex ? 4U : 3U); ++part) {
        const auto e = in.next(what + kParts[part]);
        if (!e) return e.error();
        if (value_bytes(e->type) == 0) return what + kParts[part] + " is not numbers";
      }
      return std::nullopt;
    }
    if (array_class == kCell || array_class == kFunction) return children_error(in, count, what + ": cell", depth);
    if (array_class == kStruct || array_class == kObject) return struct_error(in, array_class, count, what, depth);
    return what + " is of array class " + std::to_string(array_class) + ", which MAT v5 does not define";
  }

 private:
  /// The next element holds `count` stored values.
  std::optional<std::string> values_error(Elements& in, std::uint64_t count, const std::string& what) const {
    const auto e = in.next(what);
    if (!e) return e.error();
    const std::size_t size = value_bytes(e->type);
    if (size == 0) return what + " has data type " + std::to_string(e->type) + ", not numbers or text";
    if (count > e->data.size() / size)
      return what + " holds " + std::to_string(e->data.size()) + " bytes for " + std::to_string(count) + " values";
    return std::nullopt;
  }

  /// The next `count` elements are sound miMATRIX ones (cells, or struct fields).
  std::optional<std::string> children_error(Elements& in, std::uint64_t count, const std::string& what, int depth) const {
    // Each takes at least its tag, so a count the bytes cannot hold is refused before matio allocates for it.
    if (count > in.remaining_bytes() / kTagBytes)
      return what + " claims " + std::to_string(count) + " elements in " + std::to_string(in.remaining_bytes()) + " bytes";
    for (std::uint64_t i = 0; i < count; ++i) {
      const std::string child = what + " " + std::to_string(i + 1);
      const auto e = in.next(child);
      if (!e) return e.error();
      if (e->type != kMiMatrix) return child + " has data type " + std::to_string(e->type) + ", expected a matrix";
      if (auto bad = error(e->data, child, depth + 1)) return bad;
    }
    return std::nullopt;
  }

  std::optional<std::string> struct_error(Elements& in, std::uint32_t array_class, std::uint64_t count,
                                          const std::string& what, int depth) const {
    if (array_class == kObject) {
      const auto class_name = in.next(what + ": class name");
      if (!class_name) return class_name.error();
    }
    const auto length = in.next(what + ": field name length");
    if (!length) return length.error();
    if (length->type != kMiInt32 || length->data.size() != 4) return what + ": field name length is not one int32";
    const std::uint32_t name_bytes = in.u32(length->data, 0);
    const auto names = in.next(what + ": field names");
    if (!names) return names.error();
    if (names->type != kMiInt8) return what + ": field names are not int8 text";
    if (name_bytes == 0 && !names->data.empty()) return what + ": field names of length 0";
    const std::uint64_t fields = name_bytes == 0 ? 0 : names->data.size() / name_bytes;
    return children_error(in, saturating_product(count, fields), what + ": field", depth);
  }

  bool big_endian_;
};

/// The zlib stream of a miCOMPRESSED variable, inflated (at most kMaxMatVariableBytes).
tl::expected<std::string, std::string> inflate_variable(std::string_view compressed) {
  z_stream z{};
  if (inflateInit(&z) != Z_OK) return tl::make_unexpected("zlib could not start");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
  z.avail_in = static_cast<uInt>(compressed.size());
  std::string out;
  int status = Z_OK;
  while (status == Z_OK) {
    if (out.size() >= kMaxMatVariableBytes) break;
    const std::size_t used = out.size();
    out.resize(std::min(kMaxMatVariableBytes, std::max<std::size_t>(4096, 2 * used)));
    z.next_out = reinterpret_cast<Bytef*>(out.data() + used);
    z.avail_out = static_cast<uInt>(out.size() - used);
    status = inflate(&z, Z_NO_FLUSH);
    out.resize(out.size() - z.avail_out);
  }
  inflateEnd(&z);
  if (status == Z_STREAM_END) return out;
  if (status == Z_OK) return tl::make_unexpected("inflates to more than " + std::to_string(kMaxMatVariableBytes) + " bytes");
  return tl::make_unexpected("is not a whole zlib stream");
}

}  // namespace

std::optional<std::string> mat_layout_error(std::string_view file) {
  if (file.size() < kHeaderBytes) return "truncated MAT-file (it ends inside the 128-byte header)";
  const bool big_endian = file[126] == 'M';
  const Elements words(file, big_endian);
  const MatrixLayout matrix(big_endian);
  // Top-level elements tile the file exactly: no padding after a miCOMPRESSED one.
  std::size_t pos = kHeaderBytes;
  for (int variable = 1; pos < file.size(); ++variable) {
    const std::string name = "variable " + std::to_string(variable);
    if (file.size() - pos < kTagBytes) return "truncated MAT-file (it ends inside the tag of " + name + ")";
    const std::uint32_t type = words.u32(file, pos);
    if (type != kMiMatrix && type != kMiCompressed)
      return "corrupt MAT-file (element " + std::to_string(variable) + " at byte " + std::to_string(pos) + " has type " +
             std::to_string(type) + ", expected a variable)";
    const std::size_t size = words.u32(file, pos + 4);
    if (size > file.size() - pos - kTagBytes)
      return "truncated MAT-file (" + name + " needs " + std::to_string(size - (file.size() - pos - kTagBytes)) +
             " more bytes)";
    std::string_view matrix_bytes = file.substr(pos + kTagBytes, size);
    pos += kTagBytes + size;
    std::string inflated;
    if (type == kMiCompressed) {
      auto whole = inflate_variable(matrix_bytes);
      if (!whole) return "corrupt MAT-file (" + name + " " + whole.error() + ")";
      inflated = std::move(*whole);
      Elements inner(inflated, big_endian);
      const auto m = inner.next(name);
      if (!m) return "corrupt MAT-file (" + m.error() + ")";
      if (m->type != kMiMatrix)
        return "corrupt MAT-file (" + name + " inflates to data type " + std::to_string(m->type) + ", expected a matrix)";
      matrix_bytes = m->data;
    }
    if (auto bad = matrix.error(matrix_bytes, name, 0)) return "corrupt MAT-file (" + *bad + ")";
  }
  return std::nullopt;
}

}  // namespace runload::bridge::datasets
