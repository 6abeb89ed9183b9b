// ViewCache: what serve keeps between requests is found only under the key it was kept under, as the type
// it was kept as, and the least recently used answers go first once either bound is passed.
#include <gtest/gtest.h>

#include <string>

#include "view_cache.h"

namespace runload::apps {
namespace {

using Kind = ViewKey::Kind;
const core::Date kDay = core::Date{std::chrono::year{2026} / 11 / 30};

ViewKey page(std::int64_t id, std::int64_t revision = 1) { return view_key(Kind::kAthletePage, id, revision, kDay); }

TEST(ViewCacheTest, AnAnswerIsFoundUnderItsOwnKeyOnly) {
  ViewCache cache;
  cache.keep(page(1), std::string("one"), 3);
  ASSERT_NE(cache.find<std::string>(page(1)), nullptr);
  EXPECT_EQ(*cache.find<std::string>(page(1)), "one");
  EXPECT_EQ(cache.find<std::string>(page(1, 2)), nullptr) << "another revision";
  EXPECT_EQ(cache.find<std::string>(view_key(Kind::kAthletePage, 1, 1, kDay + std::chrono::days{1})), nullptr)
      << "another day";
  EXPECT_EQ(cache.find<std::string>(view_key(Kind::kSessionPage, 1, 1, kDay)), nullptr) << "another kind";
  EXPECT_EQ(cache.find<nlohmann::json>(page(1)), nullptr) << "kept as a body, asked as a row";
}

TEST(ViewCacheTest, KeepingAgainUnderAKeyReplacesTheAnswerAndItsBytes) {
  ViewCache cache;
  cache.keep(page(1), std::string("first"), 5);
  cache.keep(page(1), std::string("second!"), 7);
  EXPECT_EQ(*cache.find<std::string>(page(1)), "second!");
  EXPECT_EQ(cache.entries(), 1u);
  EXPECT_EQ(cache.bytes(), 7u);
}

TEST(ViewCacheTest, TheLeastRecentlyUsedGoesFirstPastTheEntryBound) {
  ViewCache cache(2);
  cache.keep(page(1), std::string("a"), 1);
  cache.keep(page(2), std::string("b"), 1);
  ASSERT_NE(cache.find<std::string>(page(1)), nullptr);  // 1 is now the more recent
  cache.keep(page(3), std::string("c"), 1);
  EXPECT_NE(cache.find<std::string>(page(1)), nullptr);
  EXPECT_EQ(cache.find<std::string>(page(2)), nullptr);
  EXPECT_NE(cache.find<std::string>(page(3)), nullptr);
  EXPECT_EQ(cache.entries(), 2u);
}

TEST(ViewCacheTest, TheByteBoundEvictsUntilTheKeptFit) {
  ViewCache cache(100, 100);
  cache.keep(page(1), std::string(60, 'a'), 60);
  cache.keep(page(2), std::string(30, 'b'), 30);
  cache.keep(page(3), std::string(50, 'c'), 50);  // 140 > 100: page 1, the oldest, goes
  EXPECT_EQ(cache.find<std::string>(page(1)), nullptr);
  EXPECT_NE(cache.find<std::string>(page(2)), nullptr);
  EXPECT_EQ(cache.bytes(), 80u);
  cache.keep(page(4), std::string(200, 'd'), 200);  // larger than the bound: nothing else fits beside it
  EXPECT_EQ(cache.bytes(), 0u);
  EXPECT_EQ(cache.entries(), 0u);
}

TEST(ViewCacheTest, AnAnswerHandedOutOutlivesItsEviction) {
  ViewCache cache(1);
  const auto kept = cache.keep(page(1), std::string("still here"), 10);
  cache.keep(page(2), std::string("x"), 1);
  EXPECT_EQ(cache.find<std::string>(page(1)), nullptr);
  EXPECT_EQ(*kept, "still here");
}

TEST(ViewCacheTest, ARosterIsKeptWithTheBasisItWasBuiltFrom) {
  ViewCache cache;
  const auto key = view_key(Kind::kRoster, 42, 7, kDay);
  cache.keep(key, KeptRoster{{{1, 3}, {2, 5}}, "{}\n"}, 3);
  const auto kept = cache.find<KeptRoster>(key);
  ASSERT_NE(kept, nullptr);
  EXPECT_EQ(kept->basis, (std::vector<std::pair<std::int64_t, std::int64_t>>{{1, 3}, {2, 5}}));
  EXPECT_EQ(kept->body, "{}\n");
}

}  // namespace
}  // namespace runload::apps
