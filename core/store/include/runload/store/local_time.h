#pragma once
/// The day a session belongs to: the runner's LOCAL calendar date at its START. A stored session keeps
/// its start instant in UTC and the local offset; the date and local start time follow from them.
/// When the source states the offset (record: the system clock; a TCX/GPX time "…-04:00"), it is used;
/// when it does not (a GPX time in UTC, "…Z"), the system time zone (TZ) at that instant gives it.
#include <cstdint>
#include <optional>

#include "runload/core/date.h"

namespace runload::store {

struct LocalStart {
  std::int64_t utc_s = 0;         ///< start instant, seconds since 1970-01-01T00:00:00Z
  std::int32_t utc_offset_s = 0;  ///< local time − UTC at the start, s (New York summer: −14400)
  core::Date date{};              ///< local calendar date at the start
  std::int32_t time_of_day_s = 0; ///< local time of day at the start, s after midnight
};

/// The local start of the instant `utc_s`, with `utc_offset_s` when known, else the system time zone's.
LocalStart local_start(std::int64_t utc_s, std::optional<std::int32_t> utc_offset_s = std::nullopt);

}  // namespace runload::store
