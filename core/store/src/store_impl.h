#pragma once
// What a Store holds, for the files that implement it.
#include <cstdint>
#include <memory>
#include <string>

#include "runload/store/store.h"
#include "sql_connection.h"

namespace runload::store {

struct Store::Impl {
  std::unique_ptr<sql::Connection> db;
};

/// Bumps athlete `athlete_id`'s revision (athlete_revisions): call it inside the transaction of every write
/// that changes what the athlete's pages show. A first revision starts at the clock's microseconds, so an
/// id SQLite hands out again after a delete never meets a revision a server kept an answer for. "" or why not.
std::string bump_athlete_revision(sql::Connection& db, std::int64_t athlete_id);

}  // namespace runload::store
