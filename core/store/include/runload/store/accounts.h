#pragma once
/// Who may use a club's store: users with a role, teams, and the tokens users sign in with.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace runload::store {

/// admin: everything. coach: sees and annotates the athletes of the teams they coach. athlete: sees only
/// themselves, uploads their runs and logs their symptoms.
enum class Role { kAdmin, kCoach, kAthlete };
std::string_view to_string(Role role);
std::optional<Role> role_from_string(std::string_view text);

struct User {
  std::int64_t id = 0;
  std::string name;
  Role role = Role::kAthlete;
  std::optional<std::int64_t> athlete_id;  ///< the athlete an athlete user is (only for Role::kAthlete)
};

struct Team {
  std::int64_t id = 0;
  std::string name;
  std::vector<std::int64_t> athlete_ids;
  std::vector<std::int64_t> coach_user_ids;
};

/// A token as listed: never its secret (only a hash of it is stored).
struct TokenInfo {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string label;
  std::int64_t created_utc_s = 0;
  std::optional<std::int64_t> revoked_utc_s;
};

/// A new token's text, `rl_<id>_<secret>`: 32 random bytes (libsodium), base64url. Shown once.
struct IssuedToken {
  std::int64_t id = 0;
  std::string text;
};

}  // namespace runload::store
