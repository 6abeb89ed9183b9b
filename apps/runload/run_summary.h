#pragma once
/// What a runner reads after `record`: the run itself (duration, distance and pace, cadence, contact time,
/// impact against their own baseline), today's flags and the exact `runload log` line to run next.
#include <cstdint>
#include <string>

#include "runload/core/risk_config.h"
#include "runload/store/store.h"

namespace runload::apps {

/// "1:02:03", or "42:05" under an hour.
std::string clock_duration(double seconds);

/// The summary of stored session `session_id` as plain text; RuntimeError when the session is not there.
std::string run_summary_text(const store::Store& store, std::int64_t session_id, const core::RiskConfig& config);

}  // namespace runload::apps
