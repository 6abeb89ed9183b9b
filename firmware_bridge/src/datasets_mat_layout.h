#pragma once
/// The layout of a MAT v5 file, checked before matio parses it. matio (1.5.23, Debian 12) trusts the
/// sizes written inside a file: a variable name or a cell that claims 3 GB makes it allocate 3 GB, and
/// a data element cut short is read as zeros without an error. So every size in the file is checked
/// against the bytes that back it first: each top-level variable (a miMATRIX, or a miCOMPRESSED one
/// inflated) and, inside it, the array flags, dimensions, name and the class's data (numeric and char
/// data hold at least one stored value per element, cells and struct fields one miMATRIX each, nested
/// as deep as kMaxMatNesting). Layout only: the values are left to matio.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace runload::bridge::datasets {

/// Cells and structs inside one variable nest at most this deep (matio walks them recursively).
inline constexpr int kMaxMatNesting = 32;
/// A compressed variable inflates to at most this (deflate reaches 1032:1, so a small file could
/// otherwise claim gigabytes).
inline constexpr std::size_t kMaxMatVariableBytes = std::size_t{1} << 30;

/// What is wrong with `file` (a whole MAT v5 file, its 128-byte header included), as
/// "truncated MAT-file (…)" or "corrupt MAT-file (…)" naming the variable; nothing when it is sound.
std::optional<std::string> mat_layout_error(std::string_view file);

}  // namespace runload::bridge::datasets
