// sessions_up_to: the sessions on or before a day, in session_before order, whatever order the history
// holds them in (a store's read is sorted; an import or a test's builder may not be).
#include <gtest/gtest.h>

#include <algorithm>
#include <span>
#include <utility>
#include <vector>

#include "history_builder.h"
#include "runload/core/training_history.h"

namespace runload::core {
namespace {

using testing::day;
using testing::HistoryBuilder;

std::vector<std::int64_t> ids(std::span<const Session> sessions) {
  std::vector<std::int64_t> out;
  for (const auto& s : sessions) out.push_back(s.id);
  return out;
}

/// Three days, two runs on the middle one (morning with a time of day, one without: no time sorts first).
HistoryBuilder three_days() {
  HistoryBuilder b;
  b.run(0, 5.0);                                 // id 1
  b.run(1, 8.0).start_time_of_day_s = 7 * 3600;  // id 2
  b.run(1, 3.0);                                 // id 3, no time of day
  b.run(2, 10.0);                                // id 4
  return b;
}

TEST(SessionsUpToTest, ASortedHistoryGivesItsPrefixUpToTheDayInclusive) {
  auto b = three_days();
  auto& h = b.history();
  std::sort(h.sessions.begin(), h.sessions.end(), session_before);
  EXPECT_EQ(ids(sessions_up_to(h, day(1))), (std::vector<std::int64_t>{1, 3, 2}));
  EXPECT_EQ(ids(sessions_up_to(h, day(2))), (std::vector<std::int64_t>{1, 3, 2, 4}));
  EXPECT_TRUE(sessions_up_to(h, day(-1)).empty());
  EXPECT_EQ(ids(sessions_up_to(h, Date::max())), (std::vector<std::int64_t>{1, 3, 2, 4}));
  EXPECT_EQ(sessions_up_to(h, day(1)).view().data(), h.sessions.data()) << "a view into the history, not a copy";
}

TEST(SessionsUpToTest, AnUnsortedHistoryGivesTheSameAnswerAsItsSortedCopy) {
  auto b = three_days();
  auto& h = b.history();
  std::reverse(h.sessions.begin(), h.sessions.end());  // 4, 3, 2, 1
  EXPECT_EQ(ids(sessions_up_to(h, day(1))), (std::vector<std::int64_t>{1, 3, 2}));
  EXPECT_EQ(ids(sessions_up_to(h, day(2))), (std::vector<std::int64_t>{1, 3, 2, 4}));
  EXPECT_TRUE(sessions_up_to(h, day(-1)).empty());
}

TEST(SessionsUpToTest, TheSortedCopyOfAnUnsortedHistoryMovesWithItsView) {
  auto b = three_days();
  auto& h = b.history();
  std::reverse(h.sessions.begin(), h.sessions.end());
  SessionsUpTo first = sessions_up_to(h, day(2));
  const SessionsUpTo moved = std::move(first);
  EXPECT_EQ(ids(moved), (std::vector<std::int64_t>{1, 3, 2, 4}));
  EXPECT_NE(moved.view().data(), h.sessions.data()) << "its own sorted copy";
}

}  // namespace
}  // namespace runload::core
