#include "store_pool.h"

#include <exception>

#include "store_options.h"

namespace runload::apps {

StorePool::StorePool(std::string location, bool writable) : location_(std::move(location)), writable_(writable) {}

StorePool::Lease::Lease(StorePool& pool, std::unique_ptr<store::Store> store)
    : pool_(&pool), store_(std::move(store)), exceptions_at_start_(std::uncaught_exceptions()) {}

StorePool::Lease::~Lease() {
  if (!store_ || std::uncaught_exceptions() > exceptions_at_start_) return;  // moved from, or unwinding: maybe broken
  const std::lock_guard lock(pool_->mutex_);
  pool_->idle_.push_back(std::move(store_));
}

StorePool::Lease StorePool::borrow() {
  {
    const std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto store = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(store));
    }
  }
  return Lease(*this, std::make_unique<store::Store>(writable_ ? open_store(location_) : open_store_read_only(location_)));
}

}  // namespace runload::apps
