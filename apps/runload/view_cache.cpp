#include "view_cache.h"

namespace runload::apps {

ViewKey view_key(ViewKey::Kind kind, std::int64_t id, std::int64_t revision, core::Date as_of) {
  return {kind, id, revision, static_cast<std::int64_t>(as_of.time_since_epoch().count())};
}

ViewCache::ViewCache(std::size_t max_entries, std::size_t max_bytes) : max_entries_(max_entries), max_bytes_(max_bytes) {}

const ViewCache::Value* ViewCache::find_value(const ViewKey& key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  used_.splice(used_.begin(), used_, it->second.used);
  return &it->second.value;
}

void ViewCache::keep_value(const ViewKey& key, Value value, std::size_t bytes) {
  if (const auto it = entries_.find(key); it != entries_.end()) {  // two requests built it at once
    bytes_ -= it->second.bytes;
    used_.erase(it->second.used);
    entries_.erase(it);
  }
  used_.push_front(key);
  entries_.emplace(key, Entry{std::move(value), bytes, used_.begin()});
  bytes_ += bytes;
  while (!used_.empty() && (entries_.size() > max_entries_ || bytes_ > max_bytes_)) {
    const auto oldest = entries_.find(used_.back());
    bytes_ -= oldest->second.bytes;
    entries_.erase(oldest);
    used_.pop_back();
  }
}

std::size_t ViewCache::entries() const {
  const std::lock_guard lock(mutex_);
  return entries_.size();
}

std::size_t ViewCache::bytes() const {
  const std::lock_guard lock(mutex_);
  return bytes_;
}

}  // namespace runload::apps
