#pragma once
// The stable identity of an imported activity (ImportedSession::import_id), so that importing the same
// activity again is skipped: a FIT file's serial number and time created, else a content hash.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "runload/store/history_import.h"

namespace runload::store {

/// 64-bit FNV-1a of `bytes`, as 16 hex digits (an identity, not a security hash).
std::string content_hash(std::string_view bytes);

/// Gives every session of `file` without an identity "<kind>:<hash of the file's bytes>:<n>" (n = its
/// index in the file), so a re-import of the same file is recognised. An error when the file cannot be
/// read again.
tl::expected<void, std::string> identify_by_content(HistoryFile& file, const std::filesystem::path& path,
                                                    std::string_view kind);

}  // namespace runload::store
