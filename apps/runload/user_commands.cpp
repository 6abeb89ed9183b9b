// runload user add|list|token|revoke and runload team add|add-athlete|add-coach|list — who may use a
// club's store through `runload serve`, and with which token.
#include <fmt/format.h>

#include <chrono>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli.h"
#include "store_options.h"
#include "terminal_text.h"

namespace runload::apps {

namespace {

std::int64_t now_utc_s() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct UserOptions {
  std::string store, name, role, athlete, label;
  std::optional<std::int64_t> token_id;
  bool json = false;
};

store::User require_user(const store::Store& s, const std::string& name) {
  if (auto u = s.find_user(name)) return *u;
  throw RuntimeError("no user named '" + terminal_safe(name) + "' (see runload user list)");
}

void print_token(const store::IssuedToken& token) {
  std::cout << "token " << token.id << " (shown once; keep it secret, revoke it with runload user revoke):\n"
            << token.text << "\n";
}

void user_add(const UserOptions& o) {
  auto s = open_store(o.store);
  store::User u;
  u.name = o.name;
  u.role = *store::role_from_string(o.role);
  if (!o.athlete.empty()) u.athlete_id = require_athlete(s, o.athlete).id;
  const auto id = s.add_user(u);
  if (!id) throw RuntimeError(id.error());
  std::cout << fmt::format("added {} {} {}\n", o.role, *id, terminal_safe(u.name));
  const auto token = s.issue_token(*id, o.label, now_utc_s());
  if (!token) throw RuntimeError(token.error());
  print_token(*token);
}

void user_token(const UserOptions& o) {
  auto s = open_store(o.store);
  const auto u = require_user(s, o.name);
  const auto token = s.issue_token(u.id, o.label, now_utc_s());
  if (!token) throw RuntimeError(token.error());
  print_token(*token);
}

void user_revoke(const UserOptions& o) {
  auto s = open_store(o.store);
  const auto u = require_user(s, o.name);
  int revoked = 0;
  for (const auto& t : s.tokens(u.id)) {
    if (t.revoked_utc_s || (o.token_id && t.id != *o.token_id)) continue;
    if (auto r = s.revoke_token(t.id, now_utc_s()); !r) throw RuntimeError(r.error());
    ++revoked;
  }
  if (o.token_id && revoked == 0) throw RuntimeError(fmt::format("{} has no live token {}", terminal_safe(u.name), *o.token_id));
  std::cout << fmt::format("revoked {} token(s) of {}\n", revoked, terminal_safe(u.name));
}

void user_list(const UserOptions& o) {
  const auto s = open_store_read_only(o.store);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& u : s.users()) {
    int live = 0;
    for (const auto& t : s.tokens(u.id)) live += t.revoked_utc_s ? 0 : 1;
    const auto athlete = u.athlete_id ? s.athlete(*u.athlete_id) : std::nullopt;
    out.push_back({{"id", u.id},
                   {"name", u.name},
                   {"role", store::to_string(u.role)},
                   {"athlete", athlete ? nlohmann::json(athlete->name) : nlohmann::json(nullptr)},
                   {"live_tokens", live}});
  }
  if (o.json) {
    std::cout << nlohmann::json{{"users", out}}.dump(2) << "\n";
    return;
  }
  if (out.empty()) std::cout << "no users yet (runload user add --name NAME --role admin)\n";
  for (const auto& u : out) {
    std::cout << fmt::format("{:>4}  {:<24} {:<8} {:<24} {} live token(s)\n", u["id"].get<std::int64_t>(),
                             terminal_safe(u["name"].get<std::string>()), u["role"].get<std::string>(),
                             u["athlete"].is_null() ? "-" : terminal_safe(u["athlete"].get<std::string>()),
                             u["live_tokens"].get<int>());
  }
}

struct TeamOptions {
  std::string store, team, athlete, user;
  bool json = false;
};

store::Team require_team(const store::Store& s, const std::string& name) {
  for (auto& t : s.teams()) {
    if (t.name == name) return t;
  }
  throw RuntimeError("no team named '" + terminal_safe(name) + "' (see runload team list)");
}

void team_list(const TeamOptions& o) {
  const auto s = open_store_read_only(o.store);
  nlohmann::json out = nlohmann::json::array();
  for (const auto& t : s.teams()) {
    nlohmann::json athletes = nlohmann::json::array(), coaches = nlohmann::json::array();
    for (const auto id : t.athlete_ids) {
      if (const auto a = s.athlete(id)) athletes.push_back(a->name);
    }
    for (const auto id : t.coach_user_ids) {
      if (const auto u = s.user(id)) coaches.push_back(u->name);
    }
    out.push_back({{"id", t.id}, {"name", t.name}, {"athletes", athletes}, {"coaches", coaches}});
  }
  if (o.json) {
    std::cout << nlohmann::json{{"teams", out}}.dump(2) << "\n";
    return;
  }
  if (out.empty()) std::cout << "no teams yet (runload team add --name NAME)\n";
  for (const auto& t : out) {
    std::cout << fmt::format("{:>4}  {:<24} {} athlete(s), coached by {}\n", t["id"].get<std::int64_t>(),
                             terminal_safe(t["name"].get<std::string>()), t["athletes"].size(),
                             t["coaches"].empty() ? std::string("nobody") : terminal_safe(t["coaches"].dump()));
  }
}

}  // namespace

void add_user_commands(CLI::App& app) {
  CLI::App* user = app.add_subcommand("user", "Users of a club's store (admin, coach, athlete) and their tokens");
  user->require_subcommand(1);
  {
    auto o = std::make_shared<UserOptions>();
    CLI::App* cmd = user->add_subcommand("add", "Add a user and print their first token (shown once)");
    cmd->footer("Example: runload user add --name maria --role coach\n"
                "         runload user add --name ana --role athlete --athlete \"Ana Costa\"");
    add_store_option(cmd, o->store);
    cmd->add_option("--name", o->name, "Unique user name")->required()->check(check_name);
    cmd->add_option("--role", o->role, "admin (everything), coach (the teams they coach), athlete (themselves)")
        ->required()->check(CLI::IsMember({"admin", "coach", "athlete"}));
    cmd->add_option("--athlete", o->athlete, "For an athlete user: the athlete they are (name or id)");
    cmd->add_option("--label", o->label, "What the token is for (e.g. 'phone')")->check(refuse_control_characters);
    cmd->callback([o] { user_add(*o); });
  }
  {
    auto o = std::make_shared<UserOptions>();
    CLI::App* cmd = user->add_subcommand("token", "Issue another token for a user (shown once)");
    cmd->footer("Example: runload user token --name ana --label watch-sync");
    add_store_option(cmd, o->store);
    cmd->add_option("--name", o->name, "User name")->required();
    cmd->add_option("--label", o->label, "What the token is for")->check(refuse_control_characters);
    cmd->callback([o] { user_token(*o); });
  }
  {
    auto o = std::make_shared<UserOptions>();
    CLI::App* cmd = user->add_subcommand("revoke", "Revoke a user's tokens (all, or one with --token-id)");
    cmd->footer("Example: runload user revoke --name ana --token-id 7");
    add_store_option(cmd, o->store);
    cmd->add_option("--name", o->name, "User name")->required();
    cmd->add_option("--token-id", o->token_id, "Only this token (the number `user add`/`user token` printed)");
    cmd->callback([o] { user_revoke(*o); });
  }
  {
    auto o = std::make_shared<UserOptions>();
    CLI::App* cmd = user->add_subcommand("list", "List users with their role and live tokens (never a token itself)");
    cmd->footer("Example: runload user list --json");
    add_store_option(cmd, o->store);
    cmd->add_flag("--json", o->json, "Print JSON");
    cmd->callback([o] { user_list(*o); });
  }
}

void add_team_commands(CLI::App& app) {
  CLI::App* team = app.add_subcommand("team", "Teams: athletes and the coaches who see them");
  team->require_subcommand(1);
  {
    auto o = std::make_shared<TeamOptions>();
    CLI::App* cmd = team->add_subcommand("add", "Add a team");
    cmd->footer("Example: runload team add --name \"Juniors 2027\"");
    add_store_option(cmd, o->store);
    cmd->add_option("--name", o->team, "Unique team name")->required()->check(check_name);
    cmd->callback([o] {
      auto s = open_store(o->store);
      const auto id = s.add_team(o->team);
      if (!id) throw RuntimeError(id.error());
      std::cout << fmt::format("added team {} {}\n", *id, terminal_safe(o->team));
    });
  }
  {
    auto o = std::make_shared<TeamOptions>();
    CLI::App* cmd = team->add_subcommand("add-athlete", "Put an athlete in a team");
    cmd->footer("Example: runload team add-athlete --team Juniors --athlete \"Ana Costa\"");
    add_store_option(cmd, o->store);
    cmd->add_option("--team", o->team, "Team name")->required();
    cmd->add_option("--athlete", o->athlete, "Athlete name or id")->required();
    cmd->callback([o] {
      auto s = open_store(o->store);
      const auto t = require_team(s, o->team);
      const auto a = require_athlete(s, o->athlete);
      if (auto r = s.add_team_athlete(t.id, a.id); !r) throw RuntimeError(r.error());
      std::cout << fmt::format("{} is in {}\n", terminal_safe(a.name), terminal_safe(t.name));
    });
  }
  {
    auto o = std::make_shared<TeamOptions>();
    CLI::App* cmd = team->add_subcommand("add-coach", "Let a coach user see and annotate a team's athletes");
    cmd->footer("Example: runload team add-coach --team Juniors --user maria");
    add_store_option(cmd, o->store);
    cmd->add_option("--team", o->team, "Team name")->required();
    cmd->add_option("--user", o->user, "A coach user's name")->required();
    cmd->callback([o] {
      auto s = open_store(o->store);
      const auto t = require_team(s, o->team);
      const auto u = require_user(s, o->user);
      if (auto r = s.add_team_coach(t.id, u.id); !r) throw RuntimeError(r.error());
      std::cout << fmt::format("{} coaches {}\n", terminal_safe(u.name), terminal_safe(t.name));
    });
  }
  {
    auto o = std::make_shared<TeamOptions>();
    CLI::App* cmd = team->add_subcommand("list", "List teams with their athletes and coaches");
    cmd->footer("Example: runload team list --json");
    add_store_option(cmd, o->store);
    cmd->add_flag("--json", o->json, "Print JSON");
    cmd->callback([o] { team_list(*o); });
  }
}

}  // namespace runload::apps
