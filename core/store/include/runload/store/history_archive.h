#pragma once
/// The history files inside a zip export, read with libzip (Garmin Connect's and Strava's bulk exports):
/// every entry whose name ends in .csv, .gpx, .tcx or .fit (any case), also when gzip-compressed
/// (Strava: "activities/123.fit.gz") or inside a zip entry (Garmin packs its FIT files in zips; one level).
///
/// Bounded: an entry is unpacked up to kMaxHistoryFileBytes (a larger one is skipped with a note), a zip
/// inside the export up to kMaxNestedZipBytes, at most kMaxArchiveEntries entries are looked at, and at
/// most kMaxArchiveBytes are written in all. A
/// broken entry is skipped and named; an archive that cannot be opened is an error. An unzipped export
/// (a folder) is read the same way, subfolders included (find_history_files).
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <tl/expected.hpp>

namespace runload::store {

inline constexpr std::size_t kMaxArchiveEntries = 200000;
inline constexpr std::uintmax_t kMaxArchiveBytes = 16ull * 1024 * 1024 * 1024;
/// A zip inside the export is read into memory: at most this large.
inline constexpr std::uintmax_t kMaxNestedZipBytes = 1ull * 1024 * 1024 * 1024;

struct ArchiveFiles {
  /// Unpacked history files, in archive order; each in its own folder under the target folder, under
  /// its entry's base name (without .gz), so an import names it as the export does. A folder's plain
  /// history files are listed where they lie.
  std::vector<std::filesystem::path> files;
  std::vector<std::string> notes;  ///< entries skipped, one line each
};

/// True for a name ending in ".zip" (any case).
bool is_zip_path(const std::filesystem::path& path);

/// Unpacks the history files of the zip `archive` into the existing folder `dir`.
tl::expected<ArchiveFiles, std::string> unpack_history_files(const std::filesystem::path& archive,
                                                            const std::filesystem::path& dir);

/// The history files of `folder` and its subfolders, as unpack_history_files finds them in a zip of it:
/// a plain one where it lies, a `.gz` one and those in a zip unpacked into the existing folder `dir`.
ArchiveFiles find_history_files(const std::filesystem::path& folder, const std::filesystem::path& dir);

}  // namespace runload::store
