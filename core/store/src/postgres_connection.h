#pragma once
// The PostgreSQL engine of the store (libpq): one database on a server, for a club's several processes.
#include <memory>
#include <string>
#include <string_view>

#include <tl/expected.hpp>

#include "sql_connection.h"

namespace runload::store::sql {

/// A `postgresql://` or `postgres://` connection URI (libpq's form).
bool is_postgres_uri(std::string_view location);
/// Connects to the database of `uri`; `read_only` makes every transaction of the connection read-only.
tl::expected<std::unique_ptr<Connection>, std::string> open_postgres(const std::string& uri, bool read_only);
/// A migration written for SQLite in PostgreSQL's types: INTEGER PRIMARY KEY → an identity BIGINT,
/// INTEGER → BIGINT, REAL → DOUBLE PRECISION (SQLite's REAL is 8 bytes; PostgreSQL's is 4).
std::string postgres_ddl(std::string_view sqlite_ddl);
/// `text` with its `?` placeholders numbered `$1`, `$2`, ... (none inside quotes).
std::string numbered_placeholders(std::string_view text);

}  // namespace runload::store::sql
