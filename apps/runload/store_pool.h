#pragma once
/// Open store connections kept between requests: a request borrows one, and gives it back when it ends
/// well. Opening a store per request costs a connection (PostgreSQL) or a file open and schema check
/// (SQLite) each time; the pool keeps at most as many as were ever in use at once (one per serving thread).
///
/// Thread-safety: borrow() and the lease's return may be called from any thread; a borrowed Store is
/// used by one thread only (a Store is one connection).
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runload/store/store.h"

namespace runload::apps {

class StorePool {
 public:
  /// `location` as for --store; read-only unless `writable`.
  StorePool(std::string location, bool writable);

  /// A borrowed store: back to the pool when the lease ends, unless the request ended with an exception
  /// (a store that failed, e.g. a dropped server connection, is closed rather than reused).
  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<store::Store> store);
    Lease(Lease&&) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    store::Store& operator*() const { return *store_; }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
    int exceptions_at_start_;
  };

  /// A pooled store, or a newly opened one; throws RuntimeError when the store cannot be opened.
  Lease borrow();

 private:
  std::string location_;
  bool writable_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Store>> idle_;
};

}  // namespace runload::apps
