#pragma once
// What a Store holds, for the files that implement it.
#include <memory>

#include "runload/store/store.h"
#include "sql_connection.h"

namespace runload::store {

struct Store::Impl {
  std::unique_ptr<sql::Connection> db;
};

}  // namespace runload::store
