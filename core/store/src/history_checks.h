#pragma once
// Checks and dating shared by the history readers (CSV, GPX, TCX, FIT).
#include <cstdint>
#include <optional>
#include <string>

#include "runload/core/session.h"

namespace runload::store {

/// Dates the session by its local start (local_time.h): the stated offset, else the system time zone.
void set_start(core::Session& session, std::int64_t utc_s, std::optional<std::int32_t> utc_offset_s);

/// What is wrong with a session's totals (the CSV reader's ranges), or nullopt.
std::optional<std::string> implausible_totals(double distance_m, double duration_s);

}  // namespace runload::store
