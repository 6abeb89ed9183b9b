#include "history_checks.h"

#include <cstdio>

#include "runload/store/history_import.h"
#include "runload/store/local_time.h"

namespace runload::store {

void set_start(core::Session& session, std::int64_t utc_s, std::optional<std::int32_t> utc_offset_s) {
  const LocalStart local = local_start(utc_s, utc_offset_s);
  session.date = local.date;
  session.start_time_of_day_s = local.time_of_day_s;
  session.start_utc_s = local.utc_s;
  session.utc_offset_s = local.utc_offset_s;
}

std::optional<std::string> implausible_totals(double distance_m, double duration_s) {
  char text[160];
  if (!(duration_s >= 0 && duration_s <= kMaxHistoryDuration_min * 60.0)) {
    std::snprintf(text, sizeof text, "lasts %.6g h, more than %.0f days", duration_s / 3600.0,
                  kMaxHistoryDuration_min / (24 * 60));
    return text;
  }
  if (!(distance_m >= 0 && distance_m <= kMaxHistoryDistance_km * 1000.0)) {
    std::snprintf(text, sizeof text, "is %.6g km long, more than %.0f km", distance_m / 1000.0, kMaxHistoryDistance_km);
    return text;
  }
  return std::nullopt;
}

}  // namespace runload::store
