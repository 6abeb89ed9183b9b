#pragma once
// The SQLite engine of the store: one file, WAL, synchronous=FULL, foreign keys on.
#include <filesystem>
#include <memory>
#include <string>

#include <tl/expected.hpp>

#include "sql_connection.h"

namespace runload::store::sql {

/// Opens (creating the file and its parent folders) for reading and writing.
tl::expected<std::unique_ptr<Connection>, std::string> open_sqlite(const std::filesystem::path& path);
/// Opens an existing file for reading only (`mode=ro`; as immutable when no WAL index can be shared, e.g.
/// a read-only folder). A missing file is an error.
tl::expected<std::unique_ptr<Connection>, std::string> open_sqlite_read_only(const std::filesystem::path& path);

}  // namespace runload::store::sql
