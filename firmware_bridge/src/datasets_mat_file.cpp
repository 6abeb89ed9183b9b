#include <matio.h>

#include <array>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iterator>
#include <mutex>
#include <optional>
#include <string_view>

#include "datasets_mat_file.h"
#include "datasets_mat_layout.h"
#include "runload/bridge/datasets/pyshoe_adapter.h"

namespace runload::bridge::datasets {
namespace {

namespace fs = std::filesystem;

/// matio prints its diagnostics to stderr by default; every failure here becomes one error value
/// instead (a CLI error is one line). The logger is process-wide, so it is installed once.
void silence_matio() {
  static std::once_flag once;
  std::call_once(once, [] { Mat_LogInitFunc("runload", [](int, char*) {}); });
}

struct VarFree {
  void operator()(matvar_t* v) const noexcept { Mat_VarFree(v); }
};
using VarPtr = std::unique_ptr<matvar_t, VarFree>;

const char* class_name(matio_classes c) noexcept {
  switch (c) {
    case MAT_C_CELL: return "a cell array";
    case MAT_C_STRUCT: return "a struct";
    case MAT_C_OBJECT: return "an object";
    case MAT_C_CHAR: return "char";
    case MAT_C_SPARSE: return "sparse";
    case MAT_C_DOUBLE: return "double";
    case MAT_C_SINGLE: return "single";
    case MAT_C_INT8: return "int8";
    case MAT_C_UINT8: return "uint8";
    case MAT_C_INT16: return "int16";
    case MAT_C_UINT16: return "uint16";
    case MAT_C_INT32: return "int32";
    case MAT_C_UINT32: return "uint32";
    case MAT_C_INT64: return "int64";
    case MAT_C_UINT64: return "uint64";
    case MAT_C_FUNCTION: return "a function handle";
    default: return "of an unknown class";
  }
}

std::optional<std::string> read_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

/// A MAT-file header (v5, or v7.3 which is HDF5 inside) at the start of `bytes`.
bool is_mat_header(std::string_view bytes) noexcept {
  if (bytes.size() < 128) return false;
  const auto h = [&](std::size_t i) { return static_cast<unsigned>(static_cast<unsigned char>(bytes[i])); };
  unsigned version = 0;
  if (h(126) == 'I' && h(127) == 'M') {
    version = h(124) | (h(125) << 8U);  // written little-endian
  } else if (h(126) == 'M' && h(127) == 'I') {
    version = (h(124) << 8U) | h(125);  // written big-endian
  } else {
    return false;
  }
  return version == 0x0100 || version == 0x0200;
}

}  // namespace

void MatFile::Closer::operator()(void* mat) const noexcept { Mat_Close(static_cast<mat_t*>(mat)); }

tl::expected<MatFile, std::string> MatFile::open(const fs::path& path) {
  silence_matio();
  // Read once for both checks (PyShoe trials are about 0.5 MB).
  const auto bytes = read_bytes(path);
  if (!bytes || !is_mat_header(*bytes)) return tl::make_unexpected(path.string() + ": not a MAT-file (no MAT v5 header)");
  mat_t* mat = Mat_Open(path.c_str(), MAT_ACC_RDONLY);
  if (mat == nullptr) return tl::make_unexpected(path.string() + ": cannot open as a MAT-file (unreadable or corrupt)");
  MatFile file(path, mat);
  if (Mat_GetVersion(mat) != MAT_FT_MAT5)
    return tl::make_unexpected(path.string() + ": MAT-file version 7.3 (HDF5); save it as MAT v5 (MATLAB -v7 or scipy.io.savemat)");
  // Checked before matio reads any variable: it trusts the sizes inside the file (datasets_mat_layout.h).
  if (const auto bad = mat_layout_error(*bytes)) return tl::make_unexpected(path.string() + ": " + *bad);
  return file;
}

bool MatFile::has(const std::string& name) const {
  const VarPtr info(Mat_VarReadInfo(static_cast<mat_t*>(mat_.get()), name.c_str()));
  return info != nullptr;
}

tl::expected<MatDoubleMatrix, std::string> MatFile::read_double_matrix(const std::string& name) const {
  auto* mat = static_cast<mat_t*>(mat_.get());
  const std::string where = path_.string() + ": variable '" + name + "'";
  const VarPtr info(Mat_VarReadInfo(mat, name.c_str()));
  if (!info) return tl::make_unexpected(path_.string() + ": no variable '" + name + "'");
  if (info->class_type != MAT_C_DOUBLE) return tl::make_unexpected(where + " is " + class_name(info->class_type) + ", expected double");
  if (info->isComplex) return tl::make_unexpected(where + " is complex, expected real");
  if (info->rank != 2) return tl::make_unexpected(where + " has " + std::to_string(info->rank) + " dimensions, expected 2");
  const VarPtr var(Mat_VarRead(mat, name.c_str()));
  if (!var || var->data == nullptr || var->rank != 2 || var->data_type != MAT_T_DOUBLE)
    return tl::make_unexpected(where + " cannot be read (truncated or corrupt file)");
  MatDoubleMatrix m;
  m.rows = var->dims[0];
  m.cols = var->dims[1];
  const std::size_t count = m.rows * m.cols;
  if (m.cols != 0 && count / m.cols != m.rows) return tl::make_unexpected(where + " has an impossible size");
  if (var->nbytes < count * sizeof(double)) return tl::make_unexpected(where + " holds fewer values than its size (corrupt file)");
  m.values.resize(count);
  if (count > 0) std::memcpy(m.values.data(), var->data, count * sizeof(double));
  return m;
}

bool has_mat_header(const fs::path& path) noexcept {
  std::ifstream in(path, std::ios::binary);
  std::array<char, 128> header{};
  if (!in.read(header.data(), static_cast<std::streamsize>(header.size()))) return false;
  return is_mat_header(std::string_view(header.data(), header.size()));
}

}  // namespace runload::bridge::datasets
