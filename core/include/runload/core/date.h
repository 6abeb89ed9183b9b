#pragma once
/// Calendar dates for training-load maths: a day is the unit of every load window.
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace runload::core {

using Date = std::chrono::sys_days;

/// Parses an ISO 8601 calendar date "YYYY-MM-DD" (a trailing "THH:MM..." time part is ignored).
/// nullopt for anything that is not a valid date (2025-02-30, 2025-13-01, "yesterday").
std::optional<Date> parse_iso_date(std::string_view text) noexcept;

/// Formats a date as "YYYY-MM-DD".
std::string to_iso_string(Date date);

/// Whole days from `from` to `to` (negative when `to` is earlier).
inline int days_between(Date from, Date to) noexcept { return static_cast<int>((to - from).count()); }

}  // namespace runload::core
