#pragma once
/// Answers `runload serve` keeps between requests (issue 13): an athlete's page, a session's page, an
/// athlete's roster row and training history, each under the athlete's store revision
/// (store::Store::athlete_revision) it was built at, and an assembled roster under the revisions of all its
/// athletes. A request reads the revision first (one small query) and takes a kept answer only under
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
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "runload/core/date.h"
#include "runload/core/training_history.h"

namespace runload::apps {

/// What an answer was built from. Everything else a view depends on (the risk settings, the trend's
/// weeks) is fixed for a server's life; who asks is checked on every request and is no part of it.
struct ViewKey {
  enum class Kind : std::uint8_t { kAthletePage, kSessionPage, kRosterRow, kHistory, kRoster };
  Kind kind = Kind::kAthletePage;
  std::int64_t id = 0;        ///< the athlete's; the session's for a session page; for a roster, a hash of its athletes
  std::int64_t revision = 0;  ///< the athlete's revision when the answer was built; for a roster, a hash of all of them
  std::int64_t as_of_days = 0;  ///< the day the view is evaluated as of, in days since 1970-01-01
  auto operator<=>(const ViewKey&) const = default;
};

/// The key of `kind` for `id` at `revision`, as of `as_of`.
ViewKey view_key(ViewKey::Kind kind, std::int64_t id, std::int64_t revision, core::Date as_of);

/// An assembled roster and what it was built from: its athletes and their revisions, in order. Its key
/// hashes `basis`; a kept roster is taken only when the basis itself matches, so a hash collision costs a
/// rebuild, never a wrong answer.
struct KeptRoster {
  std::vector<std::pair<std::int64_t, std::int64_t>> basis;  ///< (athlete id, revision)
  std::string body;                                          ///< the response body (JSON and a newline)
};

class ViewCache {
 public:
  static constexpr std::size_t kDefaultMaxEntries = 20'000;
  static constexpr std::size_t kDefaultMaxBytes = std::size_t{512} << 20;

  explicit ViewCache(std::size_t max_entries = kDefaultMaxEntries, std::size_t max_bytes = kDefaultMaxBytes);

  /// What is kept under `key`, or null. T: std::string (a page's response body), nlohmann::json (a roster
  /// row), core::TrainingHistory or KeptRoster.
  template <class T>
  std::shared_ptr<const T> find(const ViewKey& key) {
    const std::lock_guard lock(mutex_);
    const Value* value = find_value(key);
    const auto* kept = value ? std::get_if<std::shared_ptr<const T>>(value) : nullptr;
    return kept ? *kept : nullptr;
  }
  /// Keeps `value` under `key`, counted as `bytes` against the bound; the kept copy.
  template <class T>
  std::shared_ptr<const T> keep(const ViewKey& key, T value, std::size_t bytes) {
    auto kept = std::make_shared<const T>(std::move(value));
    const std::lock_guard lock(mutex_);
    keep_value(key, kept, bytes);
    return kept;
  }

  std::size_t entries() const;
  std::size_t bytes() const;

 private:
  using Value = std::variant<std::shared_ptr<const std::string>, std::shared_ptr<const nlohmann::json>,
                             std::shared_ptr<const core::TrainingHistory>, std::shared_ptr<const KeptRoster>>;
  struct Entry {
    Value value;
    std::size_t bytes = 0;
    std::list<ViewKey>::iterator used;  ///< its place in used_, most recent first
  };
  const Value* find_value(const ViewKey& key);  // under mutex_
  void keep_value(const ViewKey& key, Value value, std::size_t bytes);  // under mutex_

  std::size_t max_entries_;
  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::map<ViewKey, Entry> entries_;
  std::list<ViewKey> used_;
  std::size_t bytes_ = 0;
};

}  // namespace runload::apps
