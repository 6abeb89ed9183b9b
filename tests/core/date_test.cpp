#include "runload/core/date.h"

#include <gtest/gtest.h>

namespace runload::core {
namespace {

TEST(DateTest, ParsesIsoDatesAndRejectsInvalidOnes) {
  const auto d = parse_iso_date("2024-02-29");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(to_iso_string(*d), "2024-02-29");
  EXPECT_TRUE(parse_iso_date("2024-02-29T06:30:00Z").has_value());
  EXPECT_FALSE(parse_iso_date("2025-02-29").has_value());  // not a leap year
  EXPECT_FALSE(parse_iso_date("2025-13-01").has_value());
  EXPECT_FALSE(parse_iso_date("2025-1-01").has_value());
  EXPECT_FALSE(parse_iso_date("yesterday").has_value());
  EXPECT_FALSE(parse_iso_date("").has_value());
  EXPECT_FALSE(parse_iso_date("+025-01-01").has_value());
}

TEST(DateTest, CountsDaysAcrossMonthAndYearEnds) {
  EXPECT_EQ(days_between(*parse_iso_date("2024-12-31"), *parse_iso_date("2025-01-01")), 1);
  EXPECT_EQ(days_between(*parse_iso_date("2024-03-01"), *parse_iso_date("2024-02-01")), -29);
}

}  // namespace
}  // namespace runload::core
