// The session store on both engines, SQLite and PostgreSQL: round trips, all-or-nothing imports,
// migrations, and crash safety (children killed with SIGKILL in the middle of concurrent writes).
#include "runload/store/store.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <optional>
#include <set>
#include <thread>

#include "store_engine_test.h"
#include "testing/child_process.h"

namespace runload::store {
namespace {

class StoreTest : public StoreEngineTest {};

INSTANTIATE_TEST_SUITE_P(Engines, StoreTest, kBothEngines, engine_name);

TEST_P(StoreTest, CreatesTheSchemaAndReopens) {
  const int latest = static_cast<int>(kMigrations.size());
  { Store s = open(); EXPECT_EQ(s.schema_version(), latest); }
  Store again = open();
  EXPECT_EQ(again.schema_version(), latest);
  EXPECT_EQ(again.integrity_check(), "ok");
}

TEST_P(StoreTest, TheTableListNamesEveryTableSoThatMigrateCopiesThemAll) {
  { Store s = open(); }
  auto db = raw();
  sql::Statement tables(*db, GetParam() == sql::Engine::kSqlite
                                 ? "SELECT name FROM sqlite_master WHERE type = 'table'"
                                 : "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                                   "AND table_name <> 'runload_schema'");
  std::set<std::string> found;
  while (tables.next()) found.insert(tables.text(0));
  EXPECT_EQ(found, std::set<std::string>(kTables.begin(), kTables.end()));
}

TEST_P(StoreTest, ASessionInProgressIsRewrittenInPlaceAndFinalisedKeepingItsLog) {
  Store s = open();
  core::Athlete a;
  a.name = "Ana";
  const auto athlete = s.add_athlete(a);
  ASSERT_TRUE(athlete.has_value());
  // GIVEN a session being recorded: stored in progress after its first second
  auto live = run_on(*athlete, "2026-03-02", 0.003);
  live.in_progress = true;
  live.recording_path = "/data/live.rlrec";
  const auto id = s.add_session(live);
  ASSERT_TRUE(id.has_value()) << id.error();
  ASSERT_EQ(s.in_progress_sessions().size(), 1u);
  // AND the runner logs an RPE meanwhile
  auto logged = s.session(*id)->session;
  logged.rpe = 7.0;
  ASSERT_TRUE(s.update_session_log(logged).has_value());
  // WHEN later checkpoints and the final write rewrite what was measured
  live.session.id = *id;
  live.session.duration_s = 3600.0;
  live.session.distance_m = 10'000.0;
  live.session.metrics.cadence_steps_per_min = 172.0;
  live.in_progress = false;
  ASSERT_TRUE(s.update_recorded_session(live).has_value());
  // THEN it is the same one session, finished, with the measured figures and the runner's RPE
  const auto all = s.sessions();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_FALSE(all[0].in_progress);
  EXPECT_DOUBLE_EQ(all[0].session.duration_s, 3600.0);
  EXPECT_DOUBLE_EQ(all[0].session.distance_m, 10'000.0);
  EXPECT_EQ(all[0].session.metrics.cadence_steps_per_min, 172.0);
  EXPECT_EQ(all[0].session.rpe, 7.0);
  EXPECT_TRUE(s.in_progress_sessions().empty());
  live.session.id = *id + 1;
  EXPECT_FALSE(s.update_recorded_session(live).has_value()) << "no such session";
}

TEST_P(StoreTest, RoundTripsAthletesShoesSessionsSymptomsAndRestDays) {
  Store s = open();
  core::Athlete a;
  a.name = "Ana";
  a.body_mass_kg = 61.5;
  a.previous_injury = true;
  const auto id = s.add_athlete(a);
  ASSERT_TRUE(id.has_value()) << id.error();
  EXPECT_FALSE(s.add_athlete(a).has_value()) << "names are unique";
  core::Shoe shoe;
  shoe.athlete_id = *id;
  shoe.name = "Pegasus";
  shoe.budget_km = 700;
  const auto shoe_id = s.add_shoe(shoe);
  ASSERT_TRUE(shoe_id.has_value()) << shoe_id.error();
  auto run = run_on(*id, "2026-03-02", 10.0);
  run.session.shoe_id = *shoe_id;
  run.session.placements = {signal::Placement::kFoot, signal::Placement::kShank};
  run.session.metrics.pta_g = 7.25;
  run.session.metrics.foot_peak_accel_g = 11.5;
  run.recording_path = "/data/r1.rlrec";
  ASSERT_TRUE(s.add_session(run).has_value());
  core::SymptomEntry pain;
  pain.athlete_id = *id;
  pain.date = day("2026-03-03");
  pain.pain_next_morning_0_10 = 3;
  pain.swelling = true;
  ASSERT_TRUE(s.add_symptom(pain).has_value());
  ASSERT_TRUE(s.add_rest_day({*id, day("2026-03-04")}).has_value());
  ASSERT_TRUE(s.retire_shoe(*shoe_id, day("2026-04-01")).has_value());

  const auto h = s.history(*id);
  ASSERT_TRUE(h.has_value()) << h.error();
  EXPECT_EQ(h->athlete.name, "Ana");
  EXPECT_EQ(h->athlete.body_mass_kg, 61.5);
  ASSERT_EQ(h->sessions.size(), 1u);
  EXPECT_EQ(h->sessions[0].distance_m, 10000.0);
  EXPECT_EQ(h->sessions[0].metrics.pta_g, 7.25);
  EXPECT_EQ(h->sessions[0].metrics.foot_peak_accel_g, 11.5);
  EXPECT_EQ(h->sessions[0].placements.size(), 2u);
  EXPECT_EQ(h->sessions[0].shoe_id, *shoe_id);
  ASSERT_EQ(h->shoes.size(), 1u);
  EXPECT_TRUE(h->shoes[0].retired);
  ASSERT_EQ(h->symptoms.size(), 1u);
  EXPECT_TRUE(h->symptoms[0].swelling);
  EXPECT_EQ(h->rest_days.size(), 1u);
  EXPECT_EQ(s.sessions(*id)[0].recording_path, "/data/r1.rlrec");
}

TEST_P(StoreTest, MigratesASchema1StoreWithoutLosingSymptoms) {
  // GIVEN a store written by schema 1: an athlete, a run, swelling and a "locking or clicking" entry
  write_old_store(1,
                  "INSERT INTO athletes (id, name) VALUES (1, 'Old');"
                  "INSERT INTO sessions (athlete_id, date, duration_s, distance_m, activity, source) "
                  "VALUES (1, '2026-03-02', 3300, 10000, 'run', 'record');"
                  "INSERT INTO symptoms (athlete_id, date, pain_during, swelling, locking_or_clicking, notes) "
                  "VALUES (1, '2026-03-02', 3, 1, 0, 'a'), (1, '2026-03-03', NULL, 0, 1, 'b');"
                  "INSERT INTO rest_days (athlete_id, date) VALUES (1, '2026-03-04');");
  // WHEN the current runload opens it
  Store s = open();
  EXPECT_EQ(s.schema_version(), static_cast<int>(kMigrations.size()));
  EXPECT_EQ(s.integrity_check(), "ok");
  // THEN every row is still there, and the old locking mark keeps its meaning (restricted motion)
  const auto h = s.history(1);
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 1u);
  EXPECT_EQ(h->sessions[0].distance_m, 10000.0);
  ASSERT_EQ(h->symptoms.size(), 2u);
  EXPECT_TRUE(h->symptoms[0].swelling);
  EXPECT_EQ(h->symptoms[0].pain_during_0_10, 3.0);
  EXPECT_EQ(h->symptoms[0].notes, "a");
  EXPECT_FALSE(h->symptoms[0].restricted_motion);
  EXPECT_TRUE(h->symptoms[1].locking_or_clicking);
  EXPECT_TRUE(h->symptoms[1].restricted_motion);
  EXPECT_FALSE(h->symptoms[1].seen_professional);
  EXPECT_EQ(h->rest_days.size(), 1u);
}

TEST_P(StoreTest, MigratesFootPeakAccelerationOutOfTheTibialColumn) {
  // GIVEN a schema-2 store where a foot-only session kept the foot's peak in pta_g (issue 11)
  write_old_store(2,
                  "INSERT INTO athletes (id, name) VALUES (1, 'Old');"
                  "INSERT INTO sessions (athlete_id, date, duration_s, distance_m, activity, placements, pta_g) VALUES "
                  "(1, '2026-03-02', 3300, 10000, 'run', 'foot', 12.5),"
                  "(1, '2026-03-03', 3300, 10000, 'run', 'foot,shank', 8.25),"
                  "(1, '2026-03-04', 3300, 10000, 'run', '', 7.5);");
  // WHEN it is opened
  Store s = open();
  const auto h = s.history(1);
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 3u);
  // THEN the foot's value moved to its own field, the shank's PTA stayed, and the unknown one is untouched
  EXPECT_EQ(h->sessions[0].metrics.pta_g, std::nullopt);
  EXPECT_EQ(h->sessions[0].metrics.foot_peak_accel_g, 12.5);
  EXPECT_EQ(h->sessions[1].metrics.pta_g, 8.25);
  EXPECT_EQ(h->sessions[1].metrics.foot_peak_accel_g, std::nullopt);
  EXPECT_EQ(h->sessions[2].metrics.pta_g, 7.5);
}

TEST_P(StoreTest, AShankOnlySessionsZeroDistanceBecomesUnknownAndRoundTrips) {
  // GIVEN a schema-4 store: a shank-only recording stored 0 m, a foot one 5 km, an imported 0 km row (#12 §3)
  write_old_store(4,
                  "INSERT INTO athletes (id, name) VALUES (1, 'Old');"
                  "INSERT INTO sessions (athlete_id, date, duration_s, distance_m, activity, placements) VALUES "
                  "(1, '2026-03-02', 1800, 0, 'run', 'shank'),"
                  "(1, '2026-03-03', 1800, 5000, 'run', 'foot,shank'),"
                  "(1, '2026-03-04', 0, 0, 'run', '');");
  // WHEN it is opened THEN the shank-only run's distance is unknown; the others keep theirs
  Store s = open();
  auto h = s.history(1);
  ASSERT_TRUE(h.has_value()) << h.error();
  ASSERT_EQ(h->sessions.size(), 3u);
  EXPECT_FALSE(h->sessions[0].distance_known);
  EXPECT_TRUE(h->sessions[1].distance_known);
  EXPECT_EQ(h->sessions[1].distance_m, 5000.0);
  EXPECT_TRUE(h->sessions[2].distance_known) << "an imported 0 km row stays a known 0 km (not a run)";
  // AND a distance given later is stored as known
  core::Session x = h->sessions[0];
  x.distance_m = 6200.0;
  x.distance_known = true;
  ASSERT_TRUE(s.update_session_log(x).has_value());
  h = s.history(1);
  EXPECT_TRUE(h->sessions[0].distance_known);
  EXPECT_EQ(h->sessions[0].distance_m, 6200.0);
}

TEST_P(StoreTest, RoundTripsTheArticlesSymptomInputsAndDayLevelEntries) {
  Store s = open();
  core::Athlete a;
  a.name = "Dee";
  const auto id = *s.add_athlete(a);
  core::SymptomEntry e;  // a rest day: no session that day
  e.athlete_id = id;
  e.date = day("2026-03-05");
  e.stiffness = true;
  e.redness_or_warmth = true;
  e.restricted_motion = true;
  e.seen_professional = true;
  ASSERT_TRUE(s.add_symptom(e).has_value());
  const auto h = s.history(id);
  ASSERT_EQ(h->symptoms.size(), 1u);
  EXPECT_TRUE(h->symptoms[0].stiffness);
  EXPECT_TRUE(h->symptoms[0].redness_or_warmth);
  EXPECT_TRUE(h->symptoms[0].restricted_motion);
  EXPECT_TRUE(h->symptoms[0].seen_professional);
}

TEST_P(StoreTest, AnImportWithOneBadRowLandsNothing) {
  Store s = open();
  core::Athlete a;
  a.name = "Ben";
  const auto id = *s.add_athlete(a);
  std::vector<StoredSession> batch{run_on(id, "2026-01-01", 5), run_on(id, "2026-01-02", 6), run_on(id, "2026-01-03", 7)};
  batch[2].session.rpe = 14.0;  // violates the RPE 0..10 check
  const auto r = s.add_sessions(batch);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().find("2026-01-03"), std::string::npos) << r.error();
  EXPECT_TRUE(s.sessions(id).empty());
}

TEST_P(StoreTest, ForeignKeysAreEnforced) {
  Store s = open();
  EXPECT_FALSE(s.add_session(run_on(999, "2026-01-01", 5)).has_value());
}

TEST_P(StoreTest, RefusesASchemaFromTheFuture) {
  { Store s = open(); }
  ASSERT_EQ(raw()->set_schema_version(99), "");
  const auto s = Store::open(path());
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().find("newer"), std::string::npos);
}

TEST_P(StoreTest, ReadersSeeCommittedDataWhileAWriterHoldsATransaction) {
  Store writer = open();
  core::Athlete a;
  a.name = "Cleo";
  const auto id = *writer.add_athlete(a);
  Store reader = open();
  std::vector<StoredSession> many;
  for (int i = 0; i < 200; ++i) many.push_back(run_on(id, "2026-02-01", 1.0 + i));
  std::thread t([&] { EXPECT_TRUE(writer.add_sessions(many).has_value()); });
  for (int i = 0; i < 50; ++i) {
    const auto n = reader.sessions(id).size();
    EXPECT_TRUE(n == 0 || n == 200) << "a reader sees a transaction whole or not at all, saw " << n;
  }
  t.join();
  EXPECT_EQ(reader.sessions(id).size(), 200u);
}

TEST_P(StoreTest, KillNineDuringConcurrentWritesLosesNothingCommitted) {
  // GIVEN an athlete and 4 writer processes, each committing sessions as fast as it can and
  // reporting every committed id on a pipe
  std::int64_t athlete_id = 0;
  {
    Store s = open();
    core::Athlete a;
    a.name = "Dee";
    athlete_id = *s.add_athlete(a);
  }
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::vector<pid_t> writers;
  for (int w = 0; w < 4; ++w) {
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      ::close(fds[0]);
      auto store = Store::open(path());
      if (!store) ::_exit(3);
      for (int i = 0;; ++i) {
        // 25 sessions per transaction: 100 concurrent writes in flight across the 4 writers
        std::vector<StoredSession> batch;
        for (int k = 0; k < 25; ++k) batch.push_back(run_on(athlete_id, "2026-05-05", 1.0 + k));
        const auto ids = store->add_sessions(batch);
        if (ids) {
          for (const auto id : *ids) {
            if (::write(fds[1], &id, sizeof id) != sizeof id) ::_exit(4);
          }
        }
      }
    }
    writers.push_back(pid);
  }
  ::close(fds[1]);
  // WHEN every writer is killed with SIGKILL mid-flight
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  for (const pid_t pid : writers) ::kill(pid, SIGKILL);
  for (const pid_t pid : writers) ::waitpid(pid, nullptr, 0);
  std::set<std::int64_t> committed;
  std::int64_t id = 0;
  while (::read(fds[0], &id, sizeof id) == sizeof id) committed.insert(id);
  ::close(fds[0]);
  // THEN the store opens, passes integrity_check and holds every committed session
  Store s = open();
  EXPECT_EQ(s.integrity_check(), "ok");
  std::set<std::int64_t> stored;
  for (const auto& x : s.sessions(athlete_id)) stored.insert(x.session.id);
  ASSERT_GT(committed.size(), 100u);
  for (const auto c : committed) EXPECT_TRUE(stored.count(c)) << "committed session " << c << " lost";
  EXPECT_EQ(stored.size() % 25, 0u) << "only whole transactions are stored";
}

}  // namespace
}  // namespace runload::store
