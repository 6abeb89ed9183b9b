#include "view_cache.h"

namespace runload::apps {

ViewKey view_key(ViewKey::Kind kind, std::int64_t id, std::int64_t revision, core::Date as_of) {
  return {kind, id, revision, static_cast<std::int64_t>(as_of.time_since_epoch().count())};
}

ViewCache::ViewCache(std::size_t max_entries, std::size_t max_bytes) : max_entries_(max_entries), max_bytes_(max_bytes) {}

const ViewCache::Value* ViewCache::find(const ViewKey& key) {
  const auto it = entries_.find(key);
  if (it == entries_.end()) return nullptr;
  used_.splice(used_.begin(), used_, it->second.used);
  return &it->second.value;
}

void ViewCache::keep(const ViewKey& key, Value value, std::size_t bytes) {
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

std::shared_ptr<const std::string> ViewCache::find_page(const ViewKey& key) {
  const std::lock_guard lock(mutex_);
  const Value* value = find(key);
  return value ? std::get<std::shared_ptr<const std::string>>(*value) : nullptr;
}

std::shared_ptr<const std::string> ViewCache::keep_page(const ViewKey& key, std::string body) {
  auto kept = std::make_shared<const std::string>(std::move(body));
  const std::lock_guard lock(mutex_);
  keep(key, kept, kept->size());
  return kept;
}

std::shared_ptr<const nlohmann::json> ViewCache::find_row(const ViewKey& key) {
  const std::lock_guard lock(mutex_);
  const Value* value = find(key);
  return value ? std::get<std::shared_ptr<const nlohmann::json>>(*value) : nullptr;
}

void ViewCache::keep_row(const ViewKey& key, nlohmann::json row) {
  constexpr std::size_t kRowBytes = 2048;  // a roster row's JSON text is about 1 kB: counted so, not measured
  auto kept = std::make_shared<const nlohmann::json>(std::move(row));
  const std::lock_guard lock(mutex_);
  keep(key, std::move(kept), kRowBytes);
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
