// Users, teams and tokens of a club's store, on both engines: who sees which athletes, and tokens that
// are stored only as a hash, work until revoked and never match a near miss.
#include <gtest/gtest.h>

#include "store_engine_test.h"

namespace runload::store {
namespace {

class AccountsTest : public StoreEngineTest {
 protected:
  std::int64_t athlete(Store& s, const std::string& name) {
    core::Athlete a;
    a.name = name;
    const auto id = s.add_athlete(a);
    EXPECT_TRUE(id.has_value()) << id.error();
    return id.value_or(0);
  }
  std::int64_t user(Store& s, const std::string& name, Role role, std::optional<std::int64_t> athlete_id = {}) {
    const auto id = s.add_user(User{0, name, role, athlete_id});
    EXPECT_TRUE(id.has_value()) << id.error();
    return id.value_or(0);
  }
};
INSTANTIATE_TEST_SUITE_P(Engines, AccountsTest, kBothEngines, engine_name);

TEST_P(AccountsTest, EachRoleSeesItsOwnAthletesOnly) {
  Store s = open();
  const auto ana = athlete(s, "Ana"), ben = athlete(s, "Ben"), cleo = athlete(s, "Cleo");
  const auto juniors = *s.add_team("Juniors");
  const auto masters = *s.add_team("Masters");
  ASSERT_TRUE(s.add_team_athlete(juniors, ana).has_value());
  ASSERT_TRUE(s.add_team_athlete(juniors, ben).has_value());
  ASSERT_TRUE(s.add_team_athlete(masters, cleo).has_value());
  const auto maria = user(s, "maria", Role::kCoach), otto = user(s, "otto", Role::kCoach);
  ASSERT_TRUE(s.add_team_coach(juniors, maria).has_value());
  ASSERT_TRUE(s.add_team_coach(masters, otto).has_value());
  const auto root = user(s, "root", Role::kAdmin);
  const auto ana_user = user(s, "ana", Role::kAthlete, ana);

  EXPECT_EQ(s.visible_athletes(*s.user(root)), (std::vector<std::int64_t>{ana, ben, cleo}));
  EXPECT_EQ(s.visible_athletes(*s.user(maria)), (std::vector<std::int64_t>{ana, ben}));
  EXPECT_EQ(s.visible_athletes(*s.user(otto)), (std::vector<std::int64_t>{cleo}));
  EXPECT_EQ(s.visible_athletes(*s.user(ana_user)), (std::vector<std::int64_t>{ana}));
  // A coach with no team sees nobody.
  EXPECT_TRUE(s.visible_athletes(*s.user(user(s, "new", Role::kCoach))).empty());
  ASSERT_EQ(s.teams().size(), 2u);
  EXPECT_EQ(s.teams()[0].coach_user_ids, std::vector<std::int64_t>{maria});
}

TEST_P(AccountsTest, RolesAreConsistent) {
  Store s = open();
  const auto ana = athlete(s, "Ana");
  EXPECT_FALSE(s.add_user(User{0, "x", Role::kAthlete, std::nullopt}).has_value()) << "an athlete user is an athlete";
  EXPECT_FALSE(s.add_user(User{0, "y", Role::kCoach, ana}).has_value()) << "a coach is not an athlete";
  const auto ana_user = user(s, "ana", Role::kAthlete, ana);
  EXPECT_FALSE(s.add_user(User{0, "ana2", Role::kAthlete, ana}).has_value()) << "one user per athlete";
  EXPECT_FALSE(s.add_user(User{0, "ana", Role::kAdmin, std::nullopt}).has_value()) << "names are unique";
  const auto team = *s.add_team("T");
  EXPECT_FALSE(s.add_team_coach(team, ana_user).has_value()) << "only a coach coaches";
}

TEST_P(AccountsTest, TokensAuthenticateUntilRevokedAndAreStoredOnlyAsAHash) {
  Store s = open();
  const auto maria = user(s, "maria", Role::kCoach);
  const auto first = s.issue_token(maria, "laptop", 1'800'000'000);
  const auto second = s.issue_token(maria, "phone", 1'800'000'100);
  ASSERT_TRUE(first.has_value() && second.has_value());
  EXPECT_NE(first->text, second->text);
  EXPECT_EQ(s.authenticate(first->text)->name, "maria");
  EXPECT_EQ(s.authenticate(second->text)->id, maria);

  // `rl_<id>_<secret>`: the secret is URL-safe base64 and may itself hold '_', so it starts after the
  // first '_' past the prefix, never after the last.
  const std::string secret = first->text.substr(first->text.find('_', 3) + 1);
  ASSERT_EQ(secret.size(), 43u) << "256 random bits, unpadded base64";

  // Near misses: one character changed, cut short, another token's id, garbage.
  std::string changed = first->text;
  changed.back() = changed.back() == 'A' ? 'B' : 'A';
  const std::string other_id = "rl_" + std::to_string(second->id) + "_" + secret;
  for (const std::string& bad : {changed, first->text.substr(0, first->text.size() - 1), other_id, std::string(),
                                 std::string("rl_"), std::string("rl_x_y"), std::string("rl_-1_abc"),
                                 std::string("rl_99999999999999999999_a"), std::string("Bearer x")}) {
    EXPECT_FALSE(s.authenticate(bad).has_value()) << bad;
  }

  // The secret is nowhere in the store.
  auto db = raw();
  sql::Statement rows(*db, "SELECT secret_hash, label FROM tokens");
  while (rows.next()) {
    EXPECT_EQ(rows.text(0).find(secret), std::string::npos);
    EXPECT_EQ(rows.text(0).size(), 64u) << "a 256-bit hash in hex";
  }

  // About half of all secrets hold a '_' (and '-'): sixteen more, each works, whatever it holds.
  for (int i = 0; i < 16; ++i) {
    const auto more = s.issue_token(maria, "spare", 1'800'000'150);
    ASSERT_TRUE(more.has_value());
    EXPECT_EQ(s.authenticate(more->text)->id, maria) << more->text;
  }

  ASSERT_TRUE(s.revoke_token(first->id, 1'800'000'200).has_value());
  EXPECT_FALSE(s.authenticate(first->text).has_value()) << "revoked";
  EXPECT_TRUE(s.authenticate(second->text).has_value()) << "the other token still works";
  EXPECT_FALSE(s.revoke_token(first->id, 1'800'000'300).has_value()) << "already revoked";
  const auto listed = s.tokens(maria);
  ASSERT_EQ(listed.size(), 18u);
  EXPECT_EQ(listed[0].revoked_utc_s, 1'800'000'200);
  EXPECT_EQ(listed[1].label, "phone");
}

}  // namespace
}  // namespace runload::store
