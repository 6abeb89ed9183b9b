#pragma once
/// Writing MAT fixtures with matio (the tests that use it link PkgConfig::MATIO).
#include <gtest/gtest.h>
#include <matio.h>

#include <cstdint>
#include <string>
#include <vector>

namespace runload::testing {

struct MatVar {
  std::string name;
  std::size_t rows = 0, cols = 0;
  std::vector<double> values;  // column-major
  bool as_int64 = false;
};

/// A matio variable of `v` (double, or int64); the caller frees it (Mat_VarFree, or write_matvars).
inline matvar_t* create_matvar(const MatVar& v) {
  std::size_t dims[2] = {v.rows, v.cols};
  std::vector<double> doubles = v.values;
  std::vector<std::int64_t> ints(v.values.begin(), v.values.end());
  // Without MAT_F_DONT_COPY_DATA matio copies the values, so the vectors may go.
  return v.as_int64 ? Mat_VarCreate(v.name.c_str(), MAT_C_INT64, MAT_T_INT64, 2, dims, ints.data(), 0)
                    : Mat_VarCreate(v.name.c_str(), MAT_C_DOUBLE, MAT_T_DOUBLE, 2, dims, doubles.data(), 0);
}

/// Writes the variables in order and frees them.
inline void write_matvars(const std::string& path, const std::vector<matvar_t*>& vars, mat_ft version = MAT_FT_MAT5,
                          matio_compression compression = MAT_COMPRESSION_NONE) {
  mat_t* mat = Mat_CreateVer(path.c_str(), nullptr, version);
  ASSERT_NE(mat, nullptr) << path;
  for (matvar_t* var : vars) {
    ASSERT_NE(var, nullptr);
    EXPECT_EQ(Mat_VarWrite(mat, var, compression), 0);
    Mat_VarFree(var);
  }
  Mat_Close(mat);
}

inline void write_mat(const std::string& path, const std::vector<MatVar>& vars, mat_ft version = MAT_FT_MAT5,
                      matio_compression compression = MAT_COMPRESSION_NONE) {
  std::vector<matvar_t*> created;
  for (const auto& v : vars) created.push_back(create_matvar(v));
  write_matvars(path, created, version, compression);
}

}  // namespace runload::testing
