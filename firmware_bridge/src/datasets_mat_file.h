#pragma once
/// Reading MATLAB MAT v5 files through matio (Debian libmatio-dev): the only place the bridge
/// touches the library, so its C API, its global logger and its error reporting stay here.
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace runload::bridge::datasets {

/// A real double matrix, column-major as MATLAB stores it.
struct MatDoubleMatrix {
  std::size_t rows = 0;
  std::size_t cols = 0;
  std::vector<double> values;
  double at(std::size_t row, std::size_t col) const noexcept { return values[col * rows + row]; }
};

/// An open MAT v5 file (read only). Not thread-safe per object; separate objects may be used from
/// separate threads.
class MatFile {
 public:
  /// Error (naming the file) when it cannot be opened or is not a MAT v5 file.
  static tl::expected<MatFile, std::string> open(const std::filesystem::path& path);

  /// True when the file holds a variable of that name (header only, no data read).
  bool has(const std::string& name) const;
  /// The variable as a 2-D real double matrix. Errors name the file and the variable: missing,
  /// another class ("int64"), complex, more than 2 dimensions, or unreadable data (truncated file).
  tl::expected<MatDoubleMatrix, std::string> read_double_matrix(const std::string& name) const;

  const std::filesystem::path& path() const noexcept { return path_; }

 private:
  struct Closer {
    void operator()(void* mat) const noexcept;
  };
  MatFile(std::filesystem::path path, void* mat) : path_(std::move(path)), mat_(mat) {}
  std::filesystem::path path_;
  std::unique_ptr<void, Closer> mat_;
};

}  // namespace runload::bridge::datasets
