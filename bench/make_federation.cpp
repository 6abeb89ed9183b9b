// make_federation — a synthetic federation for the serve benchmark (docs/benchmarks.md, issue 13):
// N athletes in teams of 200, a coach user per team and an athlete user per athlete, two years of
// irregular training per athlete (about 700 sessions), written through the Store API in large
// transactions, by --jobs writers on their own connections. Deterministic from the seed (each athlete
// from its own). Writes the tokens and ids the load generator needs to an env file (KEY=value lines,
// sourceable by a shell) and the first team's session ids, one a line, to OUT.sessions.
//
//   make_federation --store PATH|postgresql://... [--athletes 5000] [--seed 13] [--end 2026-11-30]
//                   [--jobs 4] --out federation.env
//
// A benchmark tool, not a runload subcommand: it writes made-up people into a store, which no user of
// the CLI should do by accident, and it needs no install.
#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "runload/core/date.h"
#include "runload/store/store.h"

namespace {

using runload::core::Date;
namespace core = runload::core;
namespace store = runload::store;

struct Options {
  std::string store_location, out = "federation.env", end = "2026-11-30";
  int athletes = 5000;
  int team_size = 200;
  int days = 730;
  unsigned seed = 13;
  int athletes_per_transaction = 20;
  int jobs = 1;
};

/// One athlete's training style, drawn once.
struct Profile {
  double run_day_probability;   ///< chance of a run on a normal day
  double double_probability;    ///< chance of a second run that day
  double easy_km;               ///< typical easy run
  double speed_mps;             ///< easy pace
  bool has_sensor;              ///< wears a runload sensor on part of the runs
  double sensor_fraction;
  double cadence_steps_per_min, gct_ms, pta_g;
};

Profile draw_profile(std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Profile p{};
  p.run_day_probability = 0.80 + 0.20 * u(rng);
  p.double_probability = 0.10 + 0.10 * u(rng);
  p.easy_km = 5.0 + 7.0 * u(rng);
  p.speed_mps = 2.6 + 1.6 * u(rng);
  p.has_sensor = u(rng) < 0.3;
  p.sensor_fraction = 0.3 + 0.6 * u(rng);
  p.cadence_steps_per_min = 160 + 25 * u(rng);
  p.gct_ms = 200 + 80 * u(rng);
  p.pta_g = 6 + 6 * u(rng);
  return p;
}

/// Two years of runs ending on `end`: easy runs, a weekly long run, some rest weeks and doubles.
std::vector<store::StoredSession> draw_history(std::mt19937_64& rng, const Profile& p, std::int64_t athlete_id,
                                               const std::vector<std::int64_t>& shoe_ids, Date end, int days,
                                               std::vector<core::SymptomEntry>& symptoms) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::normal_distribution<double> n(0.0, 1.0);
  std::vector<store::StoredSession> out;
  const Date first = end - std::chrono::days(days - 1);
  bool rest_week = false;
  double build = 1.0;  // a slow wave of fitness over the months
  for (int d = 0; d < days; ++d) {
    const Date date = first + std::chrono::days(d);
    const int weekday = d % 7;
    if (weekday == 0) {
      rest_week = u(rng) < 0.07;
      build = std::clamp(build + 0.05 * n(rng), 0.6, 1.5);
    }
    if (u(rng) < 0.01) {  // a day with pain logged
      core::SymptomEntry e;
      e.athlete_id = athlete_id;
      e.date = date;
      e.pain_during_0_10 = std::round(1 + 5 * u(rng));
      e.pain_next_morning_0_10 = u(rng) < 0.5 ? std::optional(std::round(4 * u(rng))) : std::nullopt;
      e.stiffness = u(rng) < 0.3;
      e.swelling = u(rng) < 0.03;
      symptoms.push_back(e);
    }
    const double run_probability = rest_week ? 0.15 : p.run_day_probability;
    if (u(rng) >= run_probability) continue;
    const int runs = u(rng) < p.double_probability ? 2 : 1;
    for (int r = 0; r < runs; ++r) {
      store::StoredSession s;
      core::Session& x = s.session;
      x.athlete_id = athlete_id;
      x.date = date;
      x.start_time_of_day_s = static_cast<std::int32_t>((r == 0 ? 6 * 3600 : 17 * 3600) + u(rng) * 3 * 3600);
      const bool long_run = weekday == 6 && r == 0 && !rest_week;
      const double km = std::max(2.0, (long_run ? 2.2 : 1.0) * p.easy_km * build * (1.0 + 0.25 * n(rng)));
      const double speed_mps = std::max(1.8, p.speed_mps * (1.0 + 0.06 * n(rng)));
      x.distance_m = std::round(km * 1000.0);
      x.duration_s = std::round(x.distance_m / speed_mps);
      x.activity = u(rng) < 0.03 ? core::ActivityKind::kWalkRun : core::ActivityKind::kRun;
      x.surface = static_cast<core::Surface>(1 + static_cast<int>(u(rng) * 6) % 6);
      x.shoe_id = shoe_ids[static_cast<std::size_t>(d / 240) % shoe_ids.size()];
      if (u(rng) < 0.7) x.rpe = std::round(std::clamp(4.0 + 1.5 * n(rng) + (long_run ? 1.5 : 0.0), 1.0, 10.0));
      if (p.has_sensor && u(rng) < p.sensor_fraction) {
        x.placements = {runload::signal::Placement::kFoot};
        x.metrics.cadence_steps_per_min = p.cadence_steps_per_min + 3 * n(rng);
        x.metrics.gct_ms = p.gct_ms + 8 * n(rng);
        x.metrics.pta_g = p.pta_g + 0.6 * n(rng);
        x.metrics.speed_mps = speed_mps;
        x.metrics.step_count = std::round(x.duration_s * *x.metrics.cadence_steps_per_min / 60.0);
      }
      s.source = "import:federation.csv";
      out.push_back(std::move(s));
    }
  }
  return out;
}

template <typename T>
T check(tl::expected<T, std::string> r, const std::string& what) {
  if (!r) throw std::runtime_error(what + ": " + r.error());
  return std::move(*r);
}

void check(tl::expected<void, std::string> r, const std::string& what) {
  if (!r) throw std::runtime_error(what + ": " + r.error());
}

/// The people: teams, their coach, the athletes with their user and four shoes. One connection: small.
struct People {
  std::vector<std::int64_t> athlete_ids;
  std::vector<std::vector<std::int64_t>> shoe_ids;
  std::int64_t coach_user = 0, athlete_user = 0;
};

People add_people(store::Store& s, const Options& o) {
  People p;
  std::int64_t team_id = 0;
  for (int i = 0; i < o.athletes; ++i) {
    const int team = i / o.team_size;
    if (i % o.team_size == 0) {
      team_id = check(s.add_team("team-" + std::to_string(team + 1)), "cannot add a team");
      store::User coach;
      coach.name = "coach-" + std::to_string(team + 1);
      coach.role = store::Role::kCoach;
      coach.id = check(s.add_user(coach), "cannot add a coach");
      check(s.add_team_coach(team_id, coach.id), "cannot add a coach to a team");
      if (team == 0) p.coach_user = coach.id;
    }
    std::seed_seq seed{o.seed, 1u, static_cast<unsigned>(i)};
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    core::Athlete a;
    a.name = "athlete-" + std::to_string(i + 1);
    a.body_mass_kg = std::round(50 + 40 * u(rng));
    a.experience = static_cast<core::ExperienceLevel>(static_cast<int>(u(rng) * 3) % 3);
    a.previous_injury = u(rng) < 0.25;
    a.id = check(s.add_athlete(a), "cannot add an athlete");
    check(s.add_team_athlete(team_id, a.id), "cannot add an athlete to a team");
    store::User user;
    user.name = a.name;
    user.role = store::Role::kAthlete;
    user.athlete_id = a.id;
    user.id = check(s.add_user(user), "cannot add an athlete user");
    if (i == 0) p.athlete_user = user.id;
    p.athlete_ids.push_back(a.id);
    auto& shoes = p.shoe_ids.emplace_back();
    for (int k = 0; k < 4; ++k) {
      core::Shoe shoe;
      shoe.athlete_id = a.id;
      shoe.name = "shoe-" + std::to_string(k + 1);
      shoes.push_back(check(s.add_shoe(shoe), "cannot add a shoe"));
    }
  }
  return p;
}

/// What the history writers wrote.
struct Written {
  std::mutex mutex;
  std::int64_t sessions = 0, symptoms = 0;
  std::vector<std::int64_t> first_team_sessions;
  std::string error;
};

/// Writer `job` of `o.jobs`: the histories of athletes job, job + jobs, ... on its own connection, in
/// transactions of `athletes_per_transaction` athletes. Each athlete's history comes from its own seed,
/// so the federation is the same whatever the number of writers.
void write_histories(const Options& o, const People& p, Date end, int job, Written& w,
                     std::chrono::steady_clock::time_point started) {
  try {
    auto s = check(store::Store::open(o.store_location), "cannot open " + o.store_location);
    std::vector<store::StoredSession> batch;
    std::vector<core::SymptomEntry> symptoms;
    std::vector<bool> first_team;
    int in_batch = 0;
    for (int i = job; i < o.athletes; i += o.jobs) {
      std::seed_seq seed{o.seed, 2u, static_cast<unsigned>(i)};
      std::mt19937_64 rng(seed);
      for (auto& x : draw_history(rng, draw_profile(rng), p.athlete_ids[static_cast<std::size_t>(i)],
                                  p.shoe_ids[static_cast<std::size_t>(i)], end, o.days, symptoms)) {
        batch.push_back(std::move(x));
        first_team.push_back(i < o.team_size);
      }
      if (++in_batch < o.athletes_per_transaction && i + o.jobs < o.athletes) continue;
      const auto ids = check(s.add_sessions(batch), "cannot store sessions");
      for (const auto& e : symptoms) check(s.add_symptom(e), "cannot store a symptom");
      const std::lock_guard lock(w.mutex);
      for (std::size_t k = 0; k < ids.size(); ++k) {
        if (first_team[k]) w.first_team_sessions.push_back(ids[k]);
      }
      const auto before = w.sessions;
      w.sessions += static_cast<std::int64_t>(ids.size());
      w.symptoms += static_cast<std::int64_t>(symptoms.size());
      if (w.sessions / 100'000 != before / 100'000) {
        const double s_elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        std::cerr << "make_federation: " << w.sessions << " sessions, " << s_elapsed << " s ("
                  << static_cast<long>(static_cast<double>(w.sessions) / s_elapsed) << " sessions/s)\n";
      }
      batch.clear();
      symptoms.clear();
      first_team.clear();
      in_batch = 0;
    }
  } catch (const std::exception& e) {
    const std::lock_guard lock(w.mutex);
    if (w.error.empty()) w.error = e.what();
  }
}

int run(const Options& o) {
  const auto end = core::parse_iso_date(o.end);
  if (!end) throw std::runtime_error("--end must be a date (YYYY-MM-DD)");
  auto s = check(store::Store::open(o.store_location), "cannot open " + o.store_location);
  if (!s.athletes().empty()) throw std::runtime_error(s.name() + " already holds athletes: give an empty store");
  const auto started = std::chrono::steady_clock::now();
  const People people = add_people(s, o);
  Written written;
  {
    std::vector<std::thread> writers;
    for (int job = 0; job < o.jobs; ++job) {
      writers.emplace_back([&, job] { write_histories(o, people, *end, job, written, started); });
    }
    for (auto& w : writers) w.join();
  }
  if (!written.error.empty()) throw std::runtime_error(written.error);
  std::sort(written.first_team_sessions.begin(), written.first_team_sessions.end());
  const std::int64_t sessions = written.sessions, symptom_count = written.symptoms;
  const std::int64_t athlete_id = people.athlete_ids.front();
  const std::int64_t team_first_athlete = athlete_id;
  const std::int64_t team_last_athlete = people.athlete_ids[static_cast<std::size_t>(std::min(o.athletes, o.team_size) - 1)];
  const std::int64_t coach_user = people.coach_user, athlete_user = people.athlete_user;
  std::int64_t athlete_session = 0;
  if (const auto own = s.sessions(athlete_id); !own.empty()) athlete_session = own.back().session.id;  // the latest
  const std::string ids_file = std::filesystem::absolute(o.out).string() + ".sessions";
  {
    std::ofstream ids(ids_file);
    for (const auto id : written.first_team_sessions) ids << id << "\n";
    if (!ids) throw std::runtime_error("cannot write " + ids_file);
  }
  const auto coach_token = check(s.issue_token(coach_user, "benchmark", 1'700'000'000), "cannot issue a token");
  const auto athlete_token = check(s.issue_token(athlete_user, "benchmark", 1'700'000'000), "cannot issue a token");
  const double load_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::ofstream out(o.out);
  out << "# make_federation --athletes " << o.athletes << " --seed " << o.seed << " --end " << o.end << "\n"
      << "ATHLETES=" << o.athletes << "\nSESSIONS=" << sessions << "\nSYMPTOMS=" << symptom_count
      << "\nTEAM_SIZE=" << o.team_size << "\nAS_OF=" << o.end << "\nLOAD_S=" << std::lround(load_s)
      << "\nCOACH_TOKEN=" << coach_token.text << "\nATHLETE_TOKEN=" << athlete_token.text
      << "\nATHLETE_ID=" << athlete_id << "\nATHLETE_SESSION_ID=" << athlete_session
      << "\nTEAM_FIRST_ATHLETE=" << team_first_athlete << "\nTEAM_LAST_ATHLETE=" << team_last_athlete
      << "\nTEAM_SESSIONS=" << written.first_team_sessions.size() << "\nTEAM_SESSION_IDS=" << ids_file << "\n";
  if (!out) throw std::runtime_error("cannot write " + o.out);
  std::cerr << "make_federation: " << o.athletes << " athletes, " << sessions << " sessions, " << symptom_count
            << " symptom entries in " << load_s << " s; ids and tokens in " << o.out << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  CLI::App app("A synthetic federation for the serve benchmark (docs/benchmarks.md)");
  app.add_option("--store", o.store_location, "An empty store: a SQLite path or a postgresql:// URI")->required();
  app.add_option("--athletes", o.athletes, "Athletes, in teams of 200")->check(CLI::Range(1, 1'000'000))->capture_default_str();
  app.add_option("--days", o.days, "Days of history per athlete")->check(CLI::Range(7, 3650))->capture_default_str();
  app.add_option("--seed", o.seed, "Random seed (the same seed gives the same federation)")->capture_default_str();
  app.add_option("--end", o.end, "The last day of the history (serve it with --as-of this day)")->capture_default_str();
  app.add_option("--jobs", o.jobs,
                 "Writers, each on its own connection (PostgreSQL: 4 load about 4x faster; SQLite has one writer)")
      ->check(CLI::Range(1, 32))
      ->capture_default_str();
  app.add_option("--out", o.out, "Where to write the ids and tokens (KEY=value lines)")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    return run(o);
  } catch (const std::exception& e) {
    std::cerr << "make_federation: " << e.what() << "\n";
    return 1;
  }
}
