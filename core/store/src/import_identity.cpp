#include "import_identity.h"

#include <cstdio>
#include <fstream>

namespace runload::store {

std::string content_hash(std::string_view bytes) {
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (const char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ull;
  }
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(h));
  return text;
}

tl::expected<void, std::string> identify_by_content(HistoryFile& file, const std::filesystem::path& path,
                                                    std::string_view kind) {
  bool missing = false;
  for (const auto& row : file.sessions) missing = missing || !row.import_id;
  if (!missing) return {};
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec || size > kMaxHistoryFileBytes) return tl::unexpected("cannot read " + path.string());
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');  // bounded by the check above
  if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size()))) return tl::unexpected("cannot read " + path.string());
  const std::string prefix = std::string(kind) + ":" + content_hash(bytes) + ":";
  for (std::size_t i = 0; i < file.sessions.size(); ++i) {
    if (!file.sessions[i].import_id) file.sessions[i].import_id = prefix + std::to_string(i + 1);
  }
  return {};
}

}  // namespace runload::store
