#pragma once
/// Answers `runload serve` keeps between requests (issue 13): an athlete's page, a session's page and an
/// athlete's roster row, each under the athlete's store revision (store::Store::athlete_revision) it was
/// built at. A request reads the revision first (one small query) and takes a kept answer only under
/// that key, so a write through any process on the database (it bumps the revision in its transaction)
/// is seen by the next request of every process. Reading the revision before the views it keys means a
/// write racing the build can only file newer data under an older revision, which no later request asks for.
///
/// Bounded: least recently used answers go first once `max_entries` or `max_bytes` is passed.
/// Thread-safety: every method may be called from several threads at once.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>

#include <nlohmann/json.hpp>

#include "runload/core/date.h"

namespace runload::apps {

/// What an answer was built from. Everything else a view depends on (the risk settings, the trend's
/// weeks) is fixed for a server's life; who asks is checked on every request and is no part of it.
struct ViewKey {
  enum class Kind : std::uint8_t { kAthletePage, kSessionPage, kRosterRow };
  Kind kind = Kind::kAthletePage;
  std::int64_t id = 0;        ///< the athlete's; the session's for a session page
  std::int64_t revision = 0;  ///< the athlete's revision when the answer was built
  std::int64_t as_of_days = 0;  ///< the day the view is evaluated as of, in days since 1970-01-01
  auto operator<=>(const ViewKey&) const = default;
};

/// The key of `kind` for `id` at `revision`, as of `as_of`.
ViewKey view_key(ViewKey::Kind kind, std::int64_t id, std::int64_t revision, core::Date as_of);

class ViewCache {
 public:
  static constexpr std::size_t kDefaultMaxEntries = 20'000;
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{512} << 20;

  explicit ViewCache(std::size_t max_entries = kDefaultMaxEntries, std::size_t max_bytes = kDefaultMaxBytes);

  /// A page's response body kept under `key`, or null.
  std::shared_ptr<const std::string> find_page(const ViewKey& key);
  /// Keeps a page's response body under `key`; the kept copy.
  std::shared_ptr<const std::string> keep_page(const ViewKey& key, std::string body);
  /// A roster row kept under `key`, or null.
  std::shared_ptr<const nlohmann::json> find_row(const ViewKey& key);
  void keep_row(const ViewKey& key, nlohmann::json row);

  std::size_t entries() const;
  std::size_t bytes() const;

 private:
  using Value = std::variant<std::shared_ptr<const std::string>, std::shared_ptr<const nlohmann::json>>;
  struct Entry {
    Value value;
    std::size_t bytes = 0;
    std::list<ViewKey>::iterator used;  ///< its place in used_, most recent first
  };
  const Value* find(const ViewKey& key);
  void keep(const ViewKey& key, Value value, std::size_t bytes);

  std::size_t max_entries_;
  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::map<ViewKey, Entry> entries_;
  std::list<ViewKey> used_;
  std::size_t bytes_ = 0;
};

}  // namespace runload::apps
