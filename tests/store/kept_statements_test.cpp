// Each engine keeps its statements prepared per connection (SQLite: reused statements; PostgreSQL: named
// prepared statements). A statement first prepared in a transaction that then rolled back must still work
// afterwards, and report its errors as an unprepared one would; many distinct texts must not exhaust anything.
#include <gtest/gtest.h>

#include <string>

#include "runload/store/store.h"
#include "store_engine_test.h"

namespace runload::store {
namespace {

class KeptStatementsTest : public StoreEngineTest {};
INSTANTIATE_TEST_SUITE_P(Engines, KeptStatementsTest, kBothEngines, engine_name);

TEST_P(KeptStatementsTest, AStatementFirstPreparedInARolledBackWriteWorksAfterwards) {
  std::int64_t ana = 0;
  {
    Store first = open();
    core::Athlete a;
    a.name = "Ana";
    ana = *first.add_athlete(a);
    core::Shoe shoe;
    shoe.athlete_id = ana;
    shoe.name = "Pegasus";
    ASSERT_TRUE(first.add_shoe(shoe).has_value());
  }
  // A new connection: its first shoe insert fails (names are unique per athlete) and rolls back.
  Store s = open();
  core::Shoe same;
  same.athlete_id = ana;
  same.name = "Pegasus";
  const auto refused = s.add_shoe(same);
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().find("Pegasus"), std::string::npos) << refused.error();
  // The same statement again, now succeeding, then failing again: both answered as the first time.
  core::Shoe other = same;
  other.name = "Vaporfly";
  const auto added = s.add_shoe(other);
  ASSERT_TRUE(added.has_value()) << added.error();
  EXPECT_FALSE(s.add_shoe(other).has_value());
  EXPECT_EQ(s.shoes(ana).size(), 2u);
}

TEST_P(KeptStatementsTest, ManyDistinctStatementsOnOneConnectionAllAnswer) {
  Store s = open();
  core::Athlete a;
  a.name = "Ana";
  const auto ana = *s.add_athlete(a);
  // athlete_revisions writes the ids into its text: 300 distinct texts, beyond either engine's bound.
  for (std::size_t n = 1; n <= 300; ++n) {
    const std::vector<std::int64_t> ids(n, ana);
    const auto revisions = s.athlete_revisions(ids);
    ASSERT_EQ(revisions.size(), 1u) << n;
    ASSERT_EQ(revisions.at(ana), s.athlete_revision(ana)) << n;
  }
}

}  // namespace
}  // namespace runload::store
