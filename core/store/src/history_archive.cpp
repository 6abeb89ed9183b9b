#include "runload/store/history_archive.h"

#include <zip.h>
#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <memory>

#include "csv_fields.h"
#include "runload/store/history_import.h"

namespace runload::store {

namespace {

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
using ZipPtr = std::unique_ptr<zip_t, ZipCloser>;

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

bool ends_with(const std::string& lower_name, std::string_view suffix) {
  return lower_name.size() >= suffix.size() && lower_name.compare(lower_name.size() - suffix.size(), suffix.size(), suffix) == 0;
}

/// Up to `cap` + 1 bytes of entry `index` (one more than the cap tells a too-large entry). nullopt on a read error.
std::optional<std::string> read_entry(zip_t* z, zip_uint64_t index, std::uintmax_t cap) {
  std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen_index(z, index, 0));
  if (!f) return std::nullopt;
  std::string out;
  char buffer[1 << 16];
  while (out.size() <= cap) {
    const zip_int64_t n = zip_fread(f.get(), buffer, sizeof buffer);
    if (n < 0) return std::nullopt;
    if (n == 0) break;
    out.append(buffer, static_cast<std::size_t>(n));
  }
  return out;
}

/// Up to `cap` + 1 bytes of the file at `path`; nullopt when it cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& path, std::uintmax_t cap) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::string out(static_cast<std::size_t>(std::min<std::uintmax_t>(cap + 1, 1 << 20)), '\0');
  std::size_t size = 0;
  while (size <= cap) {
    if (size == out.size()) out.resize(static_cast<std::size_t>(std::min<std::uintmax_t>(cap + 1, 2 * out.size())));
    in.read(out.data() + size, static_cast<std::streamsize>(out.size() - size));
    size += static_cast<std::size_t>(in.gcount());
    if (!in) break;
  }
  if (in.bad()) return std::nullopt;
  out.resize(size);
  return out;
}

/// gunzip of `in`, up to `cap` + 1 bytes; nullopt when it is not valid gzip.
std::optional<std::string> gunzip(const std::string& in, std::uintmax_t cap) {
  z_stream s{};
  if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK) return std::nullopt;
  s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  s.avail_in = static_cast<uInt>(in.size());
  std::string out;
  char buffer[1 << 16];
  int rc = Z_OK;
  while (rc != Z_STREAM_END && out.size() <= cap) {
    s.next_out = reinterpret_cast<Bytef*>(buffer);
    s.avail_out = sizeof buffer;
    rc = inflate(&s, Z_NO_FLUSH);
    if (rc != Z_OK && rc != Z_STREAM_END) {
      inflateEnd(&s);
      return std::nullopt;
    }
    out.append(buffer, sizeof buffer - s.avail_out);
    if (rc == Z_OK && s.avail_in == 0 && s.avail_out != 0) break;  // input ended early
  }
  inflateEnd(&s);
  if (rc != Z_STREAM_END && out.size() <= cap) return std::nullopt;
  return out;
}

class Unpacker {
 public:
  Unpacker(const std::filesystem::path& dir, ArchiveFiles& out) : dir_(dir), out_(out) {}

  /// Walks one archive; `depth` 0 is the export itself, 1 a zip inside it.
  void walk(zip_t* z, const std::string& where, int depth) {
    const zip_int64_t n = zip_get_num_entries(z, 0);
    for (zip_int64_t i = 0; i < n; ++i) {
      const char* raw = zip_get_name(z, static_cast<zip_uint64_t>(i), 0);
      if (raw == nullptr) continue;
      const std::string name = raw;
      if (name.empty() || name.back() == '/') continue;
      const auto index = static_cast<zip_uint64_t>(i);
      if (!take(name, where, depth, {}, [&](std::uintmax_t cap) { return read_entry(z, index, cap); })) return;
    }
  }

  /// Walks a folder and its subfolders as the export itself (depth 0), in name order: a plain history
  /// file is used where it lies, a `.gz` one is unpacked, a zip is walked as a zip inside the export.
  void walk_folder(const std::filesystem::path& root) {
    namespace fs = std::filesystem;
    std::vector<fs::path> paths;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(root, fs::directory_options::skip_permission_denied, ec), end; !ec && it != end;
         it.increment(ec)) {
      if (it->is_regular_file(ec)) paths.push_back(it->path());
    }
    if (ec) out_.notes.push_back(root.filename().string() + ": not every subfolder could be read (" + ec.message() + ")");
    std::sort(paths.begin(), paths.end());
    const std::string where = root.filename().string();
    for (const auto& path : paths) {
      const std::string name = path.lexically_relative(root).generic_string();
      if (!take(name, where, 0, path, [&](std::uintmax_t cap) { return read_file(path, cap); })) return;
    }
  }

 private:
  /// Takes entry `name` of `where` when it is a history file, a gzipped one or a zip: `read` gives up to
  /// `cap` + 1 of its bytes (nullopt on a read error); a plain file already on disk (`on_disk`) is used
  /// where it lies. False when the export's limits stop the walk.
  template <typename Read>
  bool take(const std::string& name, const std::string& where, int depth, const std::filesystem::path& on_disk, Read read) {
    if (++seen_ > kMaxArchiveEntries) {
      if (seen_ == kMaxArchiveEntries + 1) out_.notes.push_back(where + ": more than " + std::to_string(kMaxArchiveEntries) + " entries: the rest skipped");
      return false;
    }
    std::string lower = csv::lower(name);
    const bool gz = ends_with(lower, ".gz");
    if (gz) lower.resize(lower.size() - 3);
    const bool nested = ends_with(lower, ".zip");
    if (!nested && !has_history_extension(std::filesystem::path(lower))) return true;
    if (nested && depth > 0) {
      out_.notes.push_back(where + "/" + name + ": a zip inside a zip inside the export: skipped");
      return true;
    }
    if (!on_disk.empty() && !gz && !nested) {  // read where it lies (read_history_file checks its size)
      out_.files.push_back(on_disk);
      return true;
    }
    auto bytes = read(nested && !gz ? kMaxNestedZipBytes : kMaxHistoryFileBytes);
    if (bytes && gz) bytes = gunzip(*bytes, kMaxHistoryFileBytes);
    if (!bytes) {
      out_.notes.push_back(where + "/" + name + ": cannot be unpacked (corrupt entry): skipped");
      return true;
    }
    if (nested) {
      if (bytes->size() > kMaxNestedZipBytes) {
        out_.notes.push_back(where + "/" + name + ": a zip larger than 1 GiB inside the export: skipped");
        return true;
      }
      walk_nested(*bytes, where + "/" + name);
      return true;
    }
    if (bytes->size() > kMaxHistoryFileBytes) {
      out_.notes.push_back(where + "/" + name + ": larger than 64 MiB: skipped");
      return true;
    }
    if (written_ + bytes->size() > kMaxArchiveBytes) {
      out_.notes.push_back(where + ": more than 16 GiB of history files: the rest skipped");
      return false;
    }
    write(name, gz, *bytes);
    return true;
  }

  void walk_nested(const std::string& bytes, const std::string& where) {
    zip_error_t error;
    zip_error_init(&error);
    zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
    if (source == nullptr) {
      out_.notes.push_back(where + ": cannot be read: skipped");
      zip_error_fini(&error);
      return;
    }
    ZipPtr inner(zip_open_from_source(source, ZIP_RDONLY, &error));
    if (!inner) {
      zip_source_free(source);
      out_.notes.push_back(where + ": not a readable zip (" + std::string(zip_error_strerror(&error)) + "): skipped");
      zip_error_fini(&error);
      return;
    }
    zip_error_fini(&error);
    walk(inner.get(), where, 1);
  }

  void write(const std::string& name, bool gz, const std::string& bytes) {
    std::string base = std::filesystem::path(name).filename().string();
    if (gz) base.resize(base.size() - 3);
    const std::filesystem::path folder = dir_ / std::to_string(out_.files.size() + 1);
    std::filesystem::create_directories(folder);
    const std::filesystem::path file = folder / base;
    std::ofstream(file, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    written_ += bytes.size();
    out_.files.push_back(file);
  }

  std::filesystem::path dir_;
  ArchiveFiles& out_;
  std::size_t seen_ = 0;
  std::uintmax_t written_ = 0;
};

}  // namespace

bool is_zip_path(const std::filesystem::path& path) { return csv::lower(path.extension().string()) == ".zip"; }

ArchiveFiles find_history_files(const std::filesystem::path& folder, const std::filesystem::path& dir) {
  ArchiveFiles out;
  Unpacker(dir, out).walk_folder(folder);
  return out;
}

tl::expected<ArchiveFiles, std::string> unpack_history_files(const std::filesystem::path& archive,
                                                            const std::filesystem::path& dir) {
  int code = 0;
  ZipPtr z(zip_open(archive.c_str(), ZIP_RDONLY, &code));
  if (!z) {
    zip_error_t error;
    zip_error_init_with_code(&error, code);
    std::string what = zip_error_strerror(&error);
    zip_error_fini(&error);
    return tl::unexpected(archive.string() + ": not a readable zip (" + what + ")");
  }
  ArchiveFiles out;
  Unpacker(dir, out).walk(z.get(), archive.filename().string(), 0);
  return out;
}

}  // namespace runload::store
