// Each athlete's revision (schema 10) on both engines: every write to what an athlete's pages show changes
// that athlete's revision and no other's; a failed write changes nothing; `store migrate` copies it; a
// session is read with its athlete's revision.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "runload/store/store.h"
#include "store_engine_test.h"

namespace runload::store {
namespace {

class AthleteRevisionTest : public StoreEngineTest {
 protected:
  /// Two athletes, Ana (with a shoe and two sessions) and Ben, so a write to Ana can be seen to leave Ben alone.
  void SetUp() override {
    StoreEngineTest::SetUp();
    store_.emplace(open());
    Store& s = *store_;
    core::Athlete a;
    a.name = "Ana";
    ana_ = *s.add_athlete(a);
    a.name = "Ben";
    ben_ = *s.add_athlete(a);
    core::Shoe shoe;
    shoe.athlete_id = ana_;
    shoe.name = "Pegasus";
    shoe_ = *s.add_shoe(shoe);
    first_ = *s.add_session(run_on(ana_, "2026-03-02", 10.0));
    second_ = *s.add_session(run_on(ana_, "2026-03-03", 8.0));
  }

  std::optional<Store> store_;
  std::int64_t ana_ = 0, ben_ = 0, shoe_ = 0, first_ = 0, second_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Engines, AthleteRevisionTest, kBothEngines, engine_name);

TEST_P(AthleteRevisionTest, EveryWriteToAnAthleteChangesTheirRevisionAndNoOthers) {
  Store& s = *store_;
  using Write = std::function<bool()>;
  const std::vector<std::pair<std::string, Write>> writes = {
      {"update_athlete", [&] {
         auto a = *s.athlete(ana_);
         a.body_mass_kg = 60.0;
         return s.update_athlete(a).has_value();
       }},
      {"add_shoe", [&] {
         core::Shoe shoe;
         shoe.athlete_id = ana_;
         shoe.name = "Clifton";
         return s.add_shoe(shoe).has_value();
       }},
      {"retire_shoe", [&] { return s.retire_shoe(shoe_, day("2026-04-01")).has_value(); }},
      {"add_session", [&] { return s.add_session(run_on(ana_, "2026-03-05", 5.0)).has_value(); }},
      {"add_sessions", [&] { return s.add_sessions({run_on(ana_, "2026-03-06", 5.0)}).has_value(); }},
      {"update_recorded_session", [&] {
         auto x = *s.session(first_);
         x.session.duration_s += 60.0;
         return s.update_recorded_session(x).has_value();
       }},
      {"update_session_log", [&] {
         auto x = s.session(first_)->session;
         x.rpe = 6.0;
         return s.update_session_log(x).has_value();
       }},
      {"update_session_basics", [&] {
         auto x = s.session(first_)->session;
         x.duration_s += 30.0;
         return s.update_session_basics(x).has_value();
       }},
      {"merge_watch_session", [&] {
         auto merged = *s.session(first_);
         merged.import_id = "fit:1:2:1";
         return s.merge_watch_session(merged, second_).has_value();
       }},
      {"delete_session", [&] {
         const auto id = s.add_session(run_on(ben_, "2026-03-07", 5.0));  // Ben's write comes before the check
         return id.has_value();
       }},
      {"add_symptom", [&] {
         core::SymptomEntry e;
         e.athlete_id = ana_;
         e.date = day("2026-03-04");
         e.pain_during_0_10 = 2;
         return s.add_symptom(e).has_value();
       }},
      {"add_rest_day", [&] { return s.add_rest_day({ana_, day("2026-03-08")}).has_value(); }},
      {"add_rest_days", [&] { return s.add_rest_days(ana_, {day("2026-03-09"), day("2026-03-10")}).has_value(); }},
      {"import_history", [&] {
         HistoryFile file;
         file.source = "import:log.csv";
         ImportedSession row;
         row.session = run_on(0, "2026-03-11", 12.0).session;
         row.import_id = "csv:abc:1";
         file.sessions.push_back(row);
         return s.import_history(ana_, file).has_value();
       }},
  };
  for (const auto& [name, write] : writes) {
    SCOPED_TRACE(name);
    if (name == "delete_session") {
      // GIVEN a session of Ben's, THEN deleting it changes Ben's revision and not Ana's.
      ASSERT_TRUE(write());
      const auto bens = s.sessions(ben_);
      ASSERT_FALSE(bens.empty());
      const auto before = s.athlete_revisions({ana_, ben_});
      ASSERT_TRUE(s.delete_session(bens.back().session.id).has_value());
      EXPECT_EQ(s.athlete_revision(ana_), before.at(ana_));
      EXPECT_NE(s.athlete_revision(ben_), before.at(ben_));
      continue;
    }
    // GIVEN both revisions; WHEN Ana's data is written; THEN Ana's changes and Ben's stays.
    const auto before = s.athlete_revisions({ana_, ben_});
    ASSERT_TRUE(write());
    EXPECT_NE(s.athlete_revision(ana_), before.at(ana_));
    EXPECT_EQ(s.athlete_revision(ben_), before.at(ben_));
  }
}

TEST_P(AthleteRevisionTest, AFailedWriteLeavesTheRevision) {
  Store& s = *store_;
  const auto before = s.athlete_revision(ana_);
  core::Session missing;
  missing.id = 999999;
  missing.athlete_id = ana_;
  EXPECT_FALSE(s.update_session_log(missing).has_value());
  EXPECT_FALSE(s.retire_shoe(999999, day("2026-04-01")).has_value());
  core::Shoe same;
  same.athlete_id = ana_;
  same.name = "Pegasus";  // names are unique per athlete
  EXPECT_FALSE(s.add_shoe(same).has_value());
  EXPECT_EQ(s.athlete_revision(ana_), before);
}

TEST_P(AthleteRevisionTest, TheBatchReadAnswersEveryIdAndZeroForNone) {
  Store& s = *store_;
  const auto revisions = s.athlete_revisions({ana_, ben_, 424242});
  ASSERT_EQ(revisions.size(), 3u);
  EXPECT_EQ(revisions.at(ana_), s.athlete_revision(ana_));
  EXPECT_EQ(revisions.at(ben_), s.athlete_revision(ben_));
  EXPECT_NE(revisions.at(ana_), 0);
  EXPECT_EQ(revisions.at(424242), 0);
  EXPECT_TRUE(s.athlete_revisions({}).empty());
}

TEST_P(AthleteRevisionTest, ASessionIsReadWithItsOwnAthletesRevision) {
  Store& s = *store_;
  const auto bens = *s.add_session(run_on(ben_, "2026-03-04", 6.0));
  for (const std::int64_t id : {first_, second_, bens}) {
    const auto read = s.session_and_revision(id);
    ASSERT_TRUE(read.has_value()) << id;
    const auto alone = s.session(id);
    EXPECT_EQ(read->first.session.id, id);
    EXPECT_EQ(read->first.session.athlete_id, alone->session.athlete_id);
    EXPECT_EQ(read->first.session.distance_m, alone->session.distance_m);
    EXPECT_EQ(read->first.session.date, alone->session.date);
    EXPECT_EQ(read->first.source, alone->source);
    EXPECT_EQ(read->second, s.athlete_revision(alone->session.athlete_id));
  }
  const auto before = s.session_and_revision(first_)->second;
  ASSERT_TRUE(s.add_session(run_on(ana_, "2026-03-05", 5.0)).has_value());
  EXPECT_NE(s.session_and_revision(first_)->second, before);
  EXPECT_FALSE(s.session_and_revision(424242).has_value());
}

TEST_P(AthleteRevisionTest, ARevisionIsCopiedByStoreMigrate) {
  Store& s = *store_;
  testing::TempDir dir;
  auto target = Store::open(dir.file("copy.db"));
  ASSERT_TRUE(target.has_value()) << target.error();
  const auto copied = s.copy_into(*target);
  ASSERT_TRUE(copied.has_value()) << copied.error();
  EXPECT_EQ(target->athlete_revisions({ana_, ben_}), s.athlete_revisions({ana_, ben_}));
}

}  // namespace
}  // namespace runload::store
