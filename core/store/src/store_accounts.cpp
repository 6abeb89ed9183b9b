// Store: users, teams and tokens of a club's server (accounts.h).
#include <charconv>

#include "store_impl.h"
#include "token_secret.h"

namespace runload::store {

using tl::unexpected;

std::string_view to_string(Role role) {
  switch (role) {
    case Role::kAdmin: return "admin";
    case Role::kCoach: return "coach";
    case Role::kAthlete: return "athlete";
  }
  return "athlete";
}

std::optional<Role> role_from_string(std::string_view text) {
  for (const Role r : {Role::kAdmin, Role::kCoach, Role::kAthlete}) {
    if (text == to_string(r)) return r;
  }
  return std::nullopt;
}

namespace {

constexpr std::string_view kUserColumns = "id, name, role, athlete_id";  // user_from's order (authenticate too)

User user_from(const sql::Statement& s) {
  return User{s.int64(0), s.text(1), role_from_string(s.text(2)).value_or(Role::kAthlete), s.optional_int64(3)};
}

std::vector<std::int64_t> ids_of(sql::Connection& db, const std::string& query, std::int64_t key) {
  sql::Statement s(db, query);
  s.bind(1, key);
  std::vector<std::int64_t> out;
  while (s.next()) out.push_back(s.int64(0));
  return out;
}

/// `rl_<id>_<secret>` → id and secret.
std::optional<std::pair<std::int64_t, std::string_view>> parse_token(std::string_view text) {
  if (!text.starts_with("rl_")) return std::nullopt;
  text.remove_prefix(3);
  const auto sep = text.find('_');
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + sep, id);
  if (ec != std::errc() || end != text.data() + sep || id <= 0) return std::nullopt;
  return std::pair{id, text.substr(sep + 1)};
}

}  // namespace

tl::expected<std::int64_t, std::string> Store::add_user(const User& u) {
  if (u.role == Role::kAthlete && !u.athlete_id) return unexpected(std::string("an athlete user is one athlete: give --athlete"));
  if (u.role != Role::kAthlete && u.athlete_id) return unexpected(std::string("only an athlete user is tied to an athlete"));
  sql::Statement s(*impl_->db, "INSERT INTO users (name, role, athlete_id) VALUES (?,?,?) RETURNING id");
  s.bind(1, u.name).bind(2, std::string(to_string(u.role))).bind(3, u.athlete_id);
  const auto id = s.run_returning_id();
  if (!id) {
    if (s.unique_violation()) return unexpected("a user named '" + u.name + "' exists, or that athlete has a user");
    return unexpected("cannot add user '" + u.name + "': " + s.error());
  }
  return *id;
}

std::optional<User> Store::find_user(const std::string& name) const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kUserColumns) + " FROM users WHERE name = ?");
  s.bind(1, name);
  return s.next() ? std::optional(user_from(s)) : std::nullopt;
}

std::optional<User> Store::user(std::int64_t id) const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kUserColumns) + " FROM users WHERE id = ?");
  s.bind(1, id);
  return s.next() ? std::optional(user_from(s)) : std::nullopt;
}

std::vector<User> Store::users() const {
  sql::Statement s(*impl_->db, "SELECT " + std::string(kUserColumns) + " FROM users ORDER BY id");
  std::vector<User> out;
  while (s.next()) out.push_back(user_from(s));
  return out;
}

tl::expected<std::int64_t, std::string> Store::add_team(const std::string& name) {
  sql::Statement s(*impl_->db, "INSERT INTO teams (name) VALUES (?) RETURNING id");
  s.bind(1, name);
  const auto id = s.run_returning_id();
  if (!id) {
    if (s.unique_violation()) return unexpected("a team named '" + name + "' exists");
    return unexpected("cannot add team '" + name + "': " + s.error());
  }
  return *id;
}

std::vector<Team> Store::teams() const {
  sql::Statement s(*impl_->db, "SELECT id, name FROM teams ORDER BY id");
  std::vector<Team> out;
  while (s.next()) out.push_back(Team{s.int64(0), s.text(1), {}, {}});
  for (Team& t : out) {
    t.athlete_ids = ids_of(*impl_->db, "SELECT athlete_id FROM team_athletes WHERE team_id = ? ORDER BY athlete_id", t.id);
    t.coach_user_ids = ids_of(*impl_->db, "SELECT user_id FROM team_coaches WHERE team_id = ? ORDER BY user_id", t.id);
  }
  return out;
}

tl::expected<void, std::string> Store::add_team_athlete(std::int64_t team_id, std::int64_t athlete_id) {
  sql::Statement s(*impl_->db, "INSERT INTO team_athletes (team_id, athlete_id) VALUES (?,?) ON CONFLICT DO NOTHING");
  s.bind(1, team_id).bind(2, athlete_id);
  if (!s.run()) return unexpected("cannot add the athlete to the team: " + s.error());
  return {};
}

tl::expected<void, std::string> Store::add_team_coach(std::int64_t team_id, std::int64_t user_id) {
  const auto u = user(user_id);
  if (!u || u->role != Role::kCoach) return unexpected(std::string("only a coach user coaches a team"));
  sql::Statement s(*impl_->db, "INSERT INTO team_coaches (team_id, user_id) VALUES (?,?) ON CONFLICT DO NOTHING");
  s.bind(1, team_id).bind(2, user_id);
  if (!s.run()) return unexpected("cannot add the coach to the team: " + s.error());
  return {};
}

tl::expected<IssuedToken, std::string> Store::issue_token(std::int64_t user_id, const std::string& label,
                                                          std::int64_t now_utc_s) {
  const std::string secret = new_token_secret();
  sql::Statement s(*impl_->db,
                   "INSERT INTO tokens (user_id, secret_hash, label, created_utc_s) VALUES (?,?,?,?) RETURNING id");
  s.bind(1, user_id).bind(2, token_secret_hash(secret)).bind(3, label).bind(4, now_utc_s);
  const auto id = s.run_returning_id();
  if (!id) return unexpected("cannot issue a token: " + s.error());
  return IssuedToken{*id, "rl_" + std::to_string(*id) + "_" + secret};
}

std::vector<TokenInfo> Store::tokens(std::int64_t user_id) const {
  sql::Statement s(*impl_->db,
                   "SELECT id, user_id, label, created_utc_s, revoked_utc_s FROM tokens WHERE user_id = ? ORDER BY id");
  s.bind(1, user_id);
  std::vector<TokenInfo> out;
  while (s.next()) out.push_back(TokenInfo{s.int64(0), s.int64(1), s.text(2), s.int64(3), s.optional_int64(4)});
  return out;
}

tl::expected<void, std::string> Store::revoke_token(std::int64_t token_id, std::int64_t now_utc_s) {
  sql::Statement s(*impl_->db, "UPDATE tokens SET revoked_utc_s = ? WHERE id = ? AND revoked_utc_s IS NULL");
  s.bind(1, now_utc_s).bind(2, token_id);
  if (!s.run()) return unexpected("cannot revoke token " + std::to_string(token_id) + ": " + s.error());
  if (s.changes() == 0) return unexpected("no live token with id " + std::to_string(token_id));
  return {};
}

std::optional<User> Store::authenticate(std::string_view token) const {
  const auto parsed = parse_token(token);
  if (!parsed) return std::nullopt;
  // One query, the user with the token: every request of a user's dashboard asks it.
  sql::Statement s(*impl_->db,
                   "SELECT u.id, u.name, u.role, u.athlete_id, t.secret_hash FROM tokens t JOIN users u ON u.id = t.user_id "
                   "WHERE t.id = ? AND t.revoked_utc_s IS NULL");
  s.bind(1, parsed->first);
  if (!s.next()) return std::nullopt;
  if (!same_hash(token_secret_hash(parsed->second), s.text(4))) return std::nullopt;
  return user_from(s);
}

std::vector<std::int64_t> Store::visible_athletes(const User& u) const {
  switch (u.role) {
    case Role::kAdmin: {
      std::vector<std::int64_t> all;
      for (const auto& a : athletes()) all.push_back(a.id);
      return all;
    }
    case Role::kCoach:
      return ids_of(*impl_->db,
                    "SELECT DISTINCT m.athlete_id FROM team_athletes m JOIN team_coaches c ON c.team_id = m.team_id "
                    "WHERE c.user_id = ? ORDER BY m.athlete_id",
                    u.id);
    case Role::kAthlete:
      return u.athlete_id ? std::vector<std::int64_t>{*u.athlete_id} : std::vector<std::int64_t>{};
  }
  return {};
}

}  // namespace runload::store
